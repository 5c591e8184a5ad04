// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1,
// 30-second steps, 6 digits, as every authenticator app reads from a QR code.
// The codes come from @oslojs/otp's HOTP; the policy around them is ours: a
// code is accepted for the current step and one either side (clock drift),
// and never twice: the caller stores the last step used and passes it back.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { decodeBase32IgnorePadding, encodeBase32NoPadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';

export const STEP_SECONDS = 30;
export const DIGITS = 6;
/** Steps either side of now that still count: ±30 s of clock drift. */
export const WINDOW = 1;

/** RFC 4648 base32 without padding: how authenticator apps take a secret. */
export function base32Encode(bytes: Uint8Array): string {
	return encodeBase32NoPadding(bytes);
}

/** Base32 as people type it: any case, spaces and padding ignored. Throws on other characters. */
export function base32Decode(text: string): Uint8Array {
	const clean = text.toUpperCase().replace(/[\s=]/g, '');
	const stray = /[^A-Z2-7]/.exec(clean);
	if (stray) throw new RangeError(`“${stray[0]}” is not a base32 character`);
	return decodeBase32IgnorePadding(clean);
}

/** A new 160-bit secret, as RFC 4226 recommends. */
export function newSecret(): string {
	return base32Encode(randomBytes(20));
}

/** RFC 4226 HOTP: the `digits`-digit code for `counter`. */
export function hotp(secret: Uint8Array, counter: number, digits = DIGITS): string {
	return generateHOTP(secret, BigInt(counter), digits);
}

/** The time step of a moment (milliseconds since the epoch). */
export const stepAt = (ms: number) => Math.floor(ms / 1000 / STEP_SECONDS);

/** The code an authenticator shows at `ms`. */
export function totp(secret: string, ms: number, digits = DIGITS): string {
	return hotp(base32Decode(secret), stepAt(ms), digits);
}

/**
 * The step `code` belongs to, within ±WINDOW of `ms` and after `lastStep`
 * (a step already used is refused, and so is any earlier one); null when it
 * matches none. Compared in constant time.
 */
export function verifyTotp(secret: string, code: string, ms: number, lastStep: number | null = null): number | null {
	const typed = code.replace(/\s/g, '');
	if (!/^[0-9]{6}$/.test(typed)) return null;
	const key = base32Decode(secret);
	const now = stepAt(ms);
	let found: number | null = null;
	for (let step = now - WINDOW; step <= now + WINDOW; step++) {
		if (lastStep !== null && step <= lastStep) continue;
		const same = timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(typed));
		if (same && found === null) found = step;
	}
	return found;
}

/** The otpauth:// URI an authenticator app reads from the enrolment QR code. */
export function otpauthUri(secret: string, account: string, issuer = 'Clearance'): string {
	const label = encodeURIComponent(`${issuer}:${account}`);
	const params = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: String(DIGITS), period: String(STEP_SECONDS) });
	return `otpauth://totp/${label}?${params}`;
}
