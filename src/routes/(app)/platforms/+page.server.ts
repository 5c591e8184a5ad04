import { gradeOptions, listQuery } from '$lib/server/platform-query';
import * as platforms from '$lib/server/platforms';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

// The whole list state lives in the URL, so a filtered view can be bookmarked,
// shared and used without JavaScript. Unknown values are ignored, not refused.
export const load: PageServerLoad = ({ url, locals }) => {
	const grades = gradeOptions();
	const query = listQuery(url.searchParams, grades);
	const result = platforms.list({ ...query, q: query.q || undefined, pageSize: PAGE_SIZE });
	return {
		query: { ...query, kind: query.kind ?? '', status: query.status ?? '', grade: query.grade ?? '' },
		filtered: Boolean(query.q || query.kind || query.status || query.grade || query.knockouts),
		grades,
		pageSize: PAGE_SIZE,
		...result,
		canCreate: locals.user!.role !== 'committee'
	};
};
