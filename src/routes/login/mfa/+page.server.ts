import { fail, redirect } from '@sveltejs/kit';
import { answerChallenge, challengeCookieName, challengeIsLive, clearChallengeCookie, setSessionCookie } from '$lib/server/auth';
import { allowAnyone, ENROLMENT_PATH, safeRedirectTarget } from '$lib/server/http';
import { formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

/** Back to the password, saying why, and still remembering where the user was going. */
function startAgain(url: URL, reason: 'expired' | 'locked'): string {
	const params = new URLSearchParams({ mfa: reason });
	const back = url.searchParams.get('redirectTo');
	if (back) params.set('redirectTo', back);
	return `/login?${params}`;
}

export const load: PageServerLoad = ({ locals, url, cookies }) => {
	if (locals.user) redirect(303, safeRedirectTarget(url.searchParams.get('redirectTo')));
	if (!challengeIsLive(cookies.get(challengeCookieName(url)))) {
		clearChallengeCookie(cookies, url);
		redirect(303, startAgain(url, 'expired'));
	}
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		allowAnyone(event);
		const { fields, problem } = formFields(await event.request.formData());
		// A tampered form costs no try, like a code of the wrong shape.
		if (problem) return fail(400, { errors: { [problem.field]: problem.message }, triesLeft: null });
		const code = (fields.code ?? '').trim();
		if (!code) return fail(400, { errors: { code: 'Enter the 6-digit code from your authenticator app, or a recovery code.' }, triesLeft: null });

		const result = answerChallenge(event.cookies.get(challengeCookieName(event.url)), code.slice(0, 100), {
			ip: event.getClientAddress(),
			userAgent: event.request.headers.get('user-agent'),
			replacesSessionId: event.locals.session?.id ?? null
		});
		if (!result.ok) {
			if (result.reason === 'expired' || result.reason === 'locked') {
				clearChallengeCookie(event.cookies, event.url);
				redirect(303, startAgain(event.url, result.reason));
			}
			return fail(400, { errors: { code: result.message }, triesLeft: result.triesLeft });
		}
		clearChallengeCookie(event.cookies, event.url);
		setSessionCookie(event.cookies, event.url, result.token, result.expiresAt);
		redirect(303, result.mustEnrol ? ENROLMENT_PATH : safeRedirectTarget(event.url.searchParams.get('redirectTo')));
	}
};
