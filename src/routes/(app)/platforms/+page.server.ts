import * as platforms from '$lib/server/platforms';
import * as templates from '$lib/server/templates';
import { KIND_LABELS, STATUS_LABELS } from '$lib/validation/platforms';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 25;

const SORT_KEYS = Object.keys(platforms.SORTS) as platforms.PlatformSort[];
const oneOf = <T extends string>(options: readonly T[], raw: string | null): T | undefined => (options.includes(raw as T) ? (raw as T) : undefined);

/** The grades any published questionnaire can award, best first, for the filter. */
function gradeOptions(): string[] {
	const grades = new Set<string>();
	for (const t of templates.list()) {
		for (const g of templates.latestPublished(t.key)?.doc.grades ?? []) grades.add(g.grade);
	}
	return grades.size ? [...grades] : ['A', 'B', 'C', 'D', 'F'];
}

// The whole list state lives in the URL, so a filtered view can be bookmarked,
// shared and used without JavaScript. Unknown values are ignored, not refused.
export const load: PageServerLoad = ({ url, locals }) => {
	const params = url.searchParams;
	const grades = gradeOptions();
	const query = {
		q: (params.get('q') ?? '').trim().slice(0, 200),
		kind: oneOf(Object.keys(KIND_LABELS) as Array<keyof typeof KIND_LABELS>, params.get('kind')),
		status: oneOf(Object.keys(STATUS_LABELS) as Array<keyof typeof STATUS_LABELS>, params.get('status')),
		grade: oneOf(grades, params.get('grade')),
		knockouts: params.get('knockouts') === '1',
		sort: oneOf(SORT_KEYS, params.get('sort')) ?? 'name',
		page: Math.max(1, Math.floor(Number(params.get('page'))) || 1)
	};
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
