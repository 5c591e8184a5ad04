import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, newSecret, otpauthUri, totp, verifyTotp } from '../../src/lib/server/auth/totp';

// RFC 6238 appendix B, SHA-1 rows: the secret is the ASCII "12345678901234567890".
const RFC_SECRET = base32Encode(new TextEncoder().encode('12345678901234567890'));
const RFC_ROWS: Array<[number, string]> = [
	[59, '94287082'],
	[1111111109, '07081804'],
	[1111111111, '14050471'],
	[1234567890, '89005924'],
	[2000000000, '69279037'],
	[20000000000, '65353130']
];

describe('TOTP (RFC 6238)', () => {
	it('matches the RFC 6238 test vectors (8 digits) and their 6-digit tails', () => {
		for (const [seconds, code] of RFC_ROWS) {
			expect(totp(RFC_SECRET, seconds * 1000, 8)).toBe(code);
			expect(totp(RFC_SECRET, seconds * 1000)).toBe(code.slice(-6));
		}
	});

	it('matches the RFC 4226 HOTP vectors', () => {
		const key = new TextEncoder().encode('12345678901234567890');
		expect([0, 1, 2, 3, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '359152', '969429', '520489']);
	});

	it('round-trips base32, ignoring case, spaces and padding, and refuses other characters', () => {
		const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
		const text = base32Encode(bytes);
		expect(base32Decode(text)).toEqual(bytes);
		expect(base32Decode(text.toLowerCase().replace(/(.{4})/g, '$1 ') + '====')).toEqual(bytes);
		expect(base32Encode(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
		expect(() => base32Decode('ABC1')).toThrow(/base32/);
	});

	it('accepts the code of the step before, now and after, and no further', () => {
		const secret = newSecret();
		const now = 1_800_000_000_000;
		for (const offset of [-30_000, 0, 30_000]) expect(verifyTotp(secret, totp(secret, now + offset), now)).not.toBeNull();
		for (const offset of [-60_000, 60_000]) expect(verifyTotp(secret, totp(secret, now + offset), now)).toBeNull();
	});

	it('refuses a code already used, and any code of an earlier step', () => {
		const secret = newSecret();
		const now = 1_800_000_000_000;
		const step = verifyTotp(secret, totp(secret, now), now)!;
		expect(verifyTotp(secret, totp(secret, now), now, step)).toBeNull();
		expect(verifyTotp(secret, totp(secret, now - 30_000), now, step)).toBeNull();
		expect(verifyTotp(secret, totp(secret, now + 30_000), now, step)).toBe(step + 1);
	});

	it('refuses malformed codes', () => {
		const secret = newSecret();
		for (const code of ['', '12345', '1234567', 'abcdef', '12 34 5x']) expect(verifyTotp(secret, code, Date.now())).toBeNull();
		expect(verifyTotp(secret, totp(secret, 1_800_000_000_000).replace(/(...)/, '$1 '), 1_800_000_000_000)).not.toBeNull();
	});

	it('writes the otpauth URI an authenticator app reads', () => {
		expect(otpauthUri('JBSWY3DPEHPK3PXP', 'ana@example.com')).toBe(
			'otpauth://totp/Clearance%3Aana%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Clearance&algorithm=SHA1&digits=6&period=30'
		);
	});
});
