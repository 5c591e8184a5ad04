// The remediation respondent's cookie, beside (never instead of) the
// self-assessment respondent's: each opens only its own routes. It travels to
// every path, so a respondent who wanders off is recognised and refused (404)
// rather than offered the sign-in page.
import type { Cookies } from '@sveltejs/kit';

export function remediationCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-clearance_remediation' : 'clearance_remediation';
}

export function setRemediationCookie(cookies: Cookies, url: URL, token: string, expiresAt: number): void {
	cookies.set(remediationCookieName(url), token, {
		path: '/',
		httpOnly: true,
		// Lax: the link arrives from a mail client, and the redirect after opening it must carry the cookie.
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}

export function clearRemediationCookie(cookies: Cookies, url: URL): void {
	cookies.delete(remediationCookieName(url), { path: '/', secure: url.protocol === 'https:' });
}
