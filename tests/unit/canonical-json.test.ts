import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/server/audit/canonical-json';

describe('canonical JSON for audit hashes', () => {
	it('is the same whatever order keys were written in', () => {
		expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
		expect(canonicalJson({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
	});

	it('drops undefined members as JSON does', () => {
		expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
	});

	it('refuses values JSON cannot carry', () => {
		expect(() => canonicalJson({ a: NaN })).toThrow();
		expect(() => canonicalJson({ a: Infinity })).toThrow();
		expect(() => canonicalJson({ a: () => 1 })).toThrow();
	});
});
