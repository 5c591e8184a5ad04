import { workFor } from '$lib/server/queue';
import type { PageServerLoad } from './$types';

// Every role lands here (the route policy allows them all); each sees only its own queues.
export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	return { queues: workFor({ id: user.id, role: user.role }) };
};
