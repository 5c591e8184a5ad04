// The respondent's cookie. It travels to every path on purpose: a respondent
// who wanders outside /invite is then recognised and refused (404), rather
// than taken for an anonymous visitor and offered the sign-in page.
// (A __Host- cookie must have path=/ and be secure; over plain http the
// unprefixed name is all there is.)
import type { Cookies } from '@sveltejs/kit';

export function respondentCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-clearance_respondent' : 'clearance_respondent';
}

export function setRespondentCookie(cookies: Cookies, url: URL, token: string, expiresAt: number): void {
	cookies.set(respondentCookieName(url), token, {
		path: '/',
		httpOnly: true,
		// Lax, not Strict: the link arrives from a mail client (another site),
		// and the redirect after redemption must carry the cookie.
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}

export function clearRespondentCookie(cookies: Cookies, url: URL): void {
	cookies.delete(respondentCookieName(url), { path: '/', secure: url.protocol === 'https:' });
	// Links opened before the cookie moved to "/" left one scoped to /invite (plain http only: the name differs over https).
	if (url.protocol !== 'https:') cookies.delete(respondentCookieName(url), { path: '/invite', secure: false });
}
