// Where to send a user after login: only a path on this site, never another
// origin (`//evil.example`, `/\evil.example`, `https://…` are all refused).
export function safeRedirectTarget(raw: string | null | undefined, fallback = '/work'): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return fallback;
	try {
		const base = 'http://clearance.invalid';
		const url = new URL(raw, base);
		if (url.origin !== base || url.pathname.startsWith('//')) return fallback;
		if (url.pathname === '/login' || url.pathname === '/logout') return fallback;
		return url.pathname + url.search + url.hash;
	} catch {
		return fallback;
	}
}
