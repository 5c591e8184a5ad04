import * as reviews from '$lib/server/reviews';
import type { PageServerLoad } from './$types';

// Each user sees the reviews they sit on or chair; admins see all.
export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	return { reviews: reviews.list({ id: user.id, role: user.role }) };
};
