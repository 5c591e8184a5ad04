// Which platform kinds a question asks about, and where an answer set may say
// N/A (spec §1 `appliesTo`, §2, §6).
import { describe, expect, it } from 'vitest';
import { acceptsNA, appliesToKind, kindsOf } from '../../../src/lib/scoring/applicability';

describe('applicability by platform kind', () => {
	const everyKind = {};
	const exchanges = { appliesTo: ['exchange', 'custodian'] as const };

	it("takes a question's own kinds, else its section's, else every kind", () => {
		expect(kindsOf(exchanges, { appliesTo: ['custodian'] })).toEqual(['custodian']);
		expect(kindsOf(exchanges, {})).toEqual(['exchange', 'custodian']);
		expect(kindsOf(everyKind, {})).toBeUndefined();
	});

	it('a DeFi protocol is not asked an exchange-only question, whether the limit is on the question or its section', () => {
		expect(appliesToKind(everyKind, exchanges, 'defi')).toBe(false);
		expect(appliesToKind(exchanges, {}, 'defi')).toBe(false);
		expect(appliesToKind(exchanges, {}, 'exchange')).toBe(true);
		expect(appliesToKind(everyKind, {}, 'defi')).toBe(true);
	});

	it('accepts N/A with allowNA or with any appliesTo list, own or inherited', () => {
		expect(acceptsNA(everyKind, { allowNA: true })).toBe(true);
		expect(acceptsNA(everyKind, { allowNA: false, appliesTo: ['defi'] })).toBe(true);
		expect(acceptsNA(exchanges, { allowNA: false })).toBe(true);
		expect(acceptsNA(everyKind, { allowNA: false })).toBe(false);
	});
});
