// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1,
// 30-second steps, 6 digits, as every authenticator app reads from a QR code.
// A code is accepted for the current step and one either side (clock drift),
// and never twice: the caller stores the last step used and passes it back.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const STEP_SECONDS = 30;
export const DIGITS = 6;
/** Steps either side of now that still count: ±30 s of clock drift. */
export const WINDOW = 1;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how authenticator apps take a secret. */
export function base32Encode(bytes: Uint8Array): string {
	let bits = 0;
	let value = 0;
	let out = '';
	for (const byte of bytes) {
		value = (value << 8) | byte;
		bits += 8;
		while (bits >= 5) {
			out += ALPHABET[(value >>> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
	return out;
}

/** Base32 as people type it: any case, spaces and padding ignored. Throws on other characters. */
export function base32Decode(text: string): Uint8Array {
	const clean = text.toUpperCase().replace(/[\s=]/g, '');
	const out: number[] = [];
	let bits = 0;
	let value = 0;
	for (const char of clean) {
		const index = ALPHABET.indexOf(char);
		if (index < 0) throw new RangeError(`“${char}” is not a base32 character`);
		value = (value << 5) | index;
		bits += 5;
		if (bits >= 8) {
			out.push((value >>> (bits - 8)) & 255);
			bits -= 8;
		}
	}
	return Uint8Array.from(out);
}

/** A new 160-bit secret, as RFC 4226 recommends. */
export function newSecret(): string {
	return base32Encode(randomBytes(20));
}

/** RFC 4226 HOTP: the `digits`-digit code for `counter`. */
export function hotp(secret: Uint8Array, counter: number, digits = DIGITS): string {
	const message = Buffer.alloc(8);
	message.writeBigUInt64BE(BigInt(counter));
	const mac = createHmac('sha1', secret).update(message).digest();
	const offset = mac[mac.length - 1] & 0x0f;
	const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
	return String(binary % 10 ** digits).padStart(digits, '0');
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
