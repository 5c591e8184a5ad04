// The portfolio as CSV: every platform the list's filters match (not one
// page), with its latest final figures.
import { csvResponse, requireRole } from '$lib/server/http';
import { gradeOptions, listQuery } from '$lib/server/platforms';
import * as platforms from '$lib/server/platforms';
import type { RequestHandler } from './$types';

const fixed = (x: number | null, digits = 2) => (x === null ? '' : x.toFixed(digits));
const day = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString().slice(0, 10));

export const GET: RequestHandler = (event) => {
	requireRole(event);
	const query = listQuery(event.url.searchParams, gradeOptions());
	const { rows } = platforms.list({ ...query, q: query.q || undefined }, { unpaged: true });
	const header = ['platform_id', 'name', 'kind', 'status', 'jurisdictions', 'tags', 'assessment_id', 'last_assessed', 'valid_until', 'score', 'assured_score', 'coverage', 'grade', 'knockouts'];
	const body = rows.map((r) => [
		r.id,
		r.name,
		r.kind,
		r.status,
		r.jurisdictions,
		r.tags,
		r.assessmentId ?? '',
		day(r.lastAssessed),
		r.validUntil ?? '',
		fixed(r.score),
		fixed(r.assuredScore),
		fixed(r.coverage, 4),
		r.grade ?? '',
		r.knockouts ?? ''
	]);
	return csvResponse([header, ...body], `clearance-portfolio-${new Date().toISOString().slice(0, 10)}.csv`);
};
