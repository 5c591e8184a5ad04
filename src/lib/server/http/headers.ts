// Headers every dynamic response carries. The CSP itself comes from
// `kit.csp` in svelte.config.js (nonce mode) for pages.
export function applySecurityHeaders(headers: Headers, url: URL): void {
	headers.set('X-Content-Type-Options', 'nosniff');
	// The respondent's pages send no referrer at all: an invitation link must
	// not travel onward, even to this origin's logs.
	headers.set('Referrer-Policy', url.pathname === '/invite' || url.pathname.startsWith('/invite/') ? 'no-referrer' : 'same-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	// Nothing dynamic here may sit in a shared or browser cache: these pages
	// hold what platforms disclose about their weakest points.
	headers.set('Cache-Control', 'no-store');
	if (url.protocol === 'https:') headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
}
