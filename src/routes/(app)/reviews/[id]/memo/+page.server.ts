import { reviewView, visibleReview } from '$lib/server/reviews';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => reviewView(visibleReview(locals.user!, params.id));
