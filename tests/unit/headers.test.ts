import { describe, expect, it } from 'vitest';
import { applySecurityHeaders } from '../../src/lib/server/http/headers';

describe('security headers', () => {
	it('set nosniff, a referrer policy, framing denial and no-store', () => {
		const h = new Headers();
		applySecurityHeaders(h, new URL('http://localhost:3000/dashboard'));
		expect(h.get('x-content-type-options')).toBe('nosniff');
		expect(h.get('referrer-policy')).toBe('same-origin');
		expect(h.get('cache-control')).toBe('no-store');
		expect(h.get('x-frame-options')).toBe('DENY');
		expect(h.get('strict-transport-security')).toBeNull();
	});

	it('add HSTS only over https', () => {
		const h = new Headers();
		applySecurityHeaders(h, new URL('https://clearance.example/dashboard'));
		expect(h.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
	});

	it('send no referrer from an invitation link, whose address holds the token; the questionnaire refers to this origin only, so its plain forms post with an Origin', () => {
		const policy = (path: string) => {
			const h = new Headers();
			applySecurityHeaders(h, new URL(`http://localhost:3000${path}`));
			return h.get('referrer-policy');
		};
		expect(policy('/invite/4Qx89cBp2V0gYOrypfB32noWqMER8r0xHsfStXJyPmE')).toBe('no-referrer');
		expect(policy('/invite')).toBe('same-origin');
	});
});
