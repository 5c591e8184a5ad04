// The platform list's URL state (search, filters, sort, page), read the same
// way by the list page and its CSV export. Unknown values are ignored, not refused.
import { PLATFORM_KINDS } from '../../scoring/types';
import { STATUS_LABELS } from '../../validation/platforms';
import * as platforms from './platforms';
import * as templates from '../templates';

const SORT_KEYS = Object.keys(platforms.SORTS) as platforms.PlatformSort[];
const oneOf = <T extends string>(options: readonly T[], raw: string | null): T | undefined => (options.includes(raw as T) ? (raw as T) : undefined);

/** The grades any published questionnaire can award, best first, for the filter. */
export function gradeOptions(): string[] {
	const grades = new Set<string>();
	for (const t of templates.list()) {
		for (const g of templates.latestPublished(t.key)?.doc.grades ?? []) grades.add(g.grade);
	}
	return grades.size ? [...grades] : ['A', 'B', 'C', 'D', 'F'];
}

export function listQuery(params: URLSearchParams, grades: string[]) {
	return {
		q: (params.get('q') ?? '').trim().slice(0, 200),
		kind: oneOf(PLATFORM_KINDS, params.get('kind')),
		status: oneOf(Object.keys(STATUS_LABELS) as Array<keyof typeof STATUS_LABELS>, params.get('status')),
		grade: oneOf(grades, params.get('grade')),
		knockouts: params.get('knockouts') === '1',
		sort: oneOf(SORT_KEYS, params.get('sort')) ?? 'name',
		page: Math.max(1, Math.floor(Number(params.get('page'))) || 1)
	};
}
