import { navFor } from '$lib/server/http';
import { countFor } from '$lib/server/queue';
import type { LayoutServerLoad } from './$types';

// The hook has already refused anonymous visitors; this only shapes the shell.
export const load: LayoutServerLoad = ({ locals }) => {
	const user = locals.user!;
	// Someone who must first set up two-factor authentication is shown no way elsewhere.
	const work = locals.mustEnrol ? 0 : countFor({ id: user.id, role: user.role });
	return { user: { name: user.name, email: user.email, role: user.role }, nav: navFor(user.role, locals.mustEnrol), mustEnrol: locals.mustEnrol, work };
};
