// What the review page, its memo and its export share: finding a review the
// signed-in user may see (or the one 404 for "no such" and "not yours"), and
// turning its pinned figures into comparison data.
import { error } from '@sveltejs/kit';
import { pinnedComparison } from '../../compare/pinned';
import * as reviews from './reviews';
import type { Actor } from '../audit';
import type { SessionUser } from '../auth';

/** The user as a review sees them; with the guard's `actor`, their changes are checked under the write lock. */
export const viewerOf = (user: SessionUser & { actor?: Actor & { id: number } }): reviews.ReviewActor => ({ ...(user.actor ?? { id: user.id, label: user.email }), role: user.role });

export function reviewId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such review.');
	return id;
}

export function visibleReview(user: SessionUser, raw: string): reviews.ReviewDetail {
	const detail = reviews.get(viewerOf(user), reviewId(raw));
	if (!detail) error(404, 'There is no such review.');
	return detail;
}

/** The review as the page shows it: its detail and the pinned comparison. */
export function reviewView(detail: reviews.ReviewDetail) {
	return {
		review: detail,
		comparison: pinnedComparison(detail.templateKey, detail.candidates, detail.templates)
	};
}
