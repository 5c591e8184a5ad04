import { reviewView, visibleReview } from '$lib/server/reviews';
import * as conditions from '$lib/server/conditions';
import { openBySeverity } from '$lib/server/findings';
import { severityCounts } from '$lib/findings/conditions';
import type { PageServerLoad } from './$types';

// The memo shows, beside what was pinned, where each candidate stands today:
// its open findings by severity and the conditions the decision set.
export const load: PageServerLoad = ({ params, locals }) => {
	const detail = visibleReview(locals.user!, params.id);
	const today = new Date().toISOString().slice(0, 10);
	const counts = openBySeverity(detail.candidates.map((c) => c.platform.id), today);
	const findings = Object.fromEntries(Object.entries(counts).map(([id, n]) => [id, severityCounts(n)]));
	return { ...reviewView(detail), conditions: conditions.forReview(detail.id), findings, today };
};
