import { fail, redirect } from '@sveltejs/kit';
import { login, setChallengeCookie, setSessionCookie } from '$lib/server/auth';
import { allowAnyone, ENROLMENT_PATH, safeRedirectTarget } from '$lib/server/http';
import { formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	// Why the second step sent the visitor back here, if it did.
	const mfa = url.searchParams.get('mfa');
	return { expired: url.searchParams.has('expired'), mfa: mfa === 'locked' || mfa === 'expired' ? mfa : null };
};

const GENERIC = 'That email and password do not match an active account.';

/** The code page, keeping where to go afterwards. */
function secondStepUrl(redirectTo: string | null): string {
	return redirectTo ? `/login/mfa?${new URLSearchParams({ redirectTo })}` : '/login/mfa';
}

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
		if (!result.ok && !result.challenge) {
			if (result.retryAfter > 0) {
				event.setHeaders({ 'Retry-After': String(result.retryAfter) });
				const minutes = Math.ceil(result.retryAfter / 60);
				return fail(429, { email, message: `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` });
			}
			return fail(400, { email, message: GENERIC });
		}
		const redirectTo = event.url.searchParams.get('redirectTo');
		if (result.challenge) {
			setChallengeCookie(event.cookies, event.url, result.challenge.token, result.challenge.expiresAt);
			redirect(303, secondStepUrl(redirectTo));
		}
		setSessionCookie(event.cookies, event.url, result.token, result.expiresAt);
		redirect(303, result.mustEnrol ? ENROLMENT_PATH : safeRedirectTarget(redirectTo));
	}
};
