import { reviewView, visibleReview } from '$lib/server/review-page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => reviewView(visibleReview(locals.user!, params.id));
