import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, normaliseRecoveryCode } from '../../src/lib/server/auth/recovery-codes';

describe('recovery codes', () => {
	it('accept any case, spaces and dashes, and nothing that is not a code', () => {
		for (const typed of ['ABCDE-FGH23', 'abcde-fgh23', ' abcde fgh23 ', 'ABCDEFGH23']) expect(normaliseRecoveryCode(typed)).toBe('ABCDEFGH23');
		for (const typed of ['', '123456', 'ABCDE-FGH2', 'ABCDE-FGH231', 'ABCDE-FGH01', 'ÄBCDE-FGH23']) expect(normaliseRecoveryCode(typed)).toBeNull();
	});

	it('hash to SHA-256 hex', () => {
		expect(hashRecoveryCode('ABCDEFGH23')).toMatch(/^[0-9a-f]{64}$/);
		expect(hashRecoveryCode('ABCDEFGH23')).not.toBe(hashRecoveryCode('ABCDEFGH24'));
	});
});
