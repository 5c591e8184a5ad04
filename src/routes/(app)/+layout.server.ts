import { navFor } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

// The hook has already refused anonymous visitors; this only shapes the shell.
export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user!;
	return { user: { name: user.name, email: user.email, role: user.role }, nav: navFor(user.role) };
};
