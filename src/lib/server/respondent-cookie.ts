// The respondent's cookie: scoped to /invite so the browser never sends it
// to the rest of the app. (A __Host- cookie must have path=/, so over https
// the __Secure- prefix is the strongest that fits.)
import type { Cookies } from '@sveltejs/kit';

export function respondentCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Secure-clearance_respondent' : 'clearance_respondent';
}

export function setRespondentCookie(cookies: Cookies, url: URL, token: string, expiresAt: number): void {
	cookies.set(respondentCookieName(url), token, {
		path: '/invite',
		httpOnly: true,
		// Lax, not Strict: the link arrives from a mail client (another site),
		// and the redirect after redemption must carry the cookie.
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}

export function clearRespondentCookie(cookies: Cookies, url: URL): void {
	cookies.delete(respondentCookieName(url), { path: '/invite', secure: url.protocol === 'https:' });
}
