import { gradeOptions, listQuery } from '$lib/server/platforms';
import * as platforms from '$lib/server/platforms';
import { cachedRead } from '$lib/server/db/read-cache';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

// The whole list state lives in the URL, so a filtered view can be bookmarked,
// shared and used without JavaScript. Unknown values are ignored, not refused.
// A page of the list is the same for every reader until the database changes.
export const load: PageServerLoad = ({ url, locals }) => {
	const grades = cachedRead('platforms:grades', gradeOptions);
	const query = listQuery(url.searchParams, grades);
	const listed = { ...query, q: query.q || undefined, pageSize: PAGE_SIZE };
	const result = cachedRead(`platforms:${JSON.stringify(listed)}`, () => platforms.list(listed));
	return {
		query: { ...query, kind: query.kind ?? '', status: query.status ?? '', grade: query.grade ?? '' },
		filtered: Boolean(query.q || query.kind || query.status || query.grade || query.knockouts),
		grades,
		pageSize: PAGE_SIZE,
		...result,
		canCreate: locals.user!.role !== 'committee'
	};
};
