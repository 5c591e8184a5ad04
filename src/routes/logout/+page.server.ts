import { redirect } from '@sveltejs/kit';
import { logout, clearSessionCookie } from '$lib/server/auth';
import { requireRole } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST; a GET just goes home.
export const load: PageServerLoad = () => {
	redirect(303, '/');
};

export const actions: Actions = {
	default: (event) => {
		const user = requireRole(event);
		if (event.locals.session) logout(user, event.locals.session.id);
		clearSessionCookie(event.cookies, event.url);
		redirect(303, '/login');
	}
};
