import { fail, redirect } from '@sveltejs/kit';
import { login } from '$lib/server/auth';
import { allowAnyone } from '$lib/server/guard';
import { safeRedirectTarget } from '$lib/server/safe-redirect';
import { setSessionCookie } from '$lib/server/session';
import { formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	return { expired: url.searchParams.has('expired') };
};

const GENERIC = 'That email and password do not match an active account.';

export const actions: Actions = {
	default: async (event) => {
		allowAnyone(event);
		const { fields, problem } = formFields(await event.request.formData());
		const email = (fields.email ?? '').trim();
		if (problem) return fail(400, { email, message: problem.message });
		const password = fields.password ?? '';
		if (!email) return fail(400, { email, errors: { email: 'Enter your email address.' } });
		if (!password) return fail(400, { email, errors: { password: 'Enter your password.' } });

		const result = await login(
			{ email, password },
			{
				ip: event.getClientAddress(),
				userAgent: event.request.headers.get('user-agent'),
				replacesSessionId: event.locals.session?.id ?? null
			}
		);
		if (!result.ok) {
			if (result.retryAfter > 0) {
				event.setHeaders({ 'Retry-After': String(result.retryAfter) });
				const minutes = Math.ceil(result.retryAfter / 60);
				return fail(429, { email, message: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` });
			}
			return fail(400, { email, message: GENERIC });
		}
		setSessionCookie(event.cookies, event.url, result.token, result.expiresAt);
		redirect(303, safeRedirectTarget(event.url.searchParams.get('redirectTo')));
	}
};
