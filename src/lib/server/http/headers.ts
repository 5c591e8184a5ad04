// Headers every dynamic response carries. The CSP itself comes from
// `kit.csp` in svelte.config.js (nonce mode) for pages.
export function applySecurityHeaders(headers: Headers, url: URL): void {
	headers.set('X-Content-Type-Options', 'nosniff');
	// An invitation link (/invite/<token>) sends no referrer at all, not even
	// through its redirect: the token must not travel onward, even to this
	// origin's logs. The questionnaire it redirects to (/invite) holds no token
	// and, like every page, refers only to this origin: with no-referrer a
	// browser sends its plain form posts with `Origin: null`, which the CSRF
	// checks must refuse, so without JavaScript nothing could be saved.
	headers.set('Referrer-Policy', url.pathname.startsWith('/invite/') ? 'no-referrer' : 'same-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	// Nothing dynamic here may sit in a shared or browser cache: these pages
	// hold what platforms disclose about their weakest points.
	headers.set('Cache-Control', 'no-store');
	if (url.protocol === 'https:') headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
}
