// argon2id password hashing (OWASP's minimum: 19 MiB, 2 passes, 1 lane).
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = {
	algorithm: 2, // Algorithm.Argon2id; the enum is const and cannot be imported under isolatedModules
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1
} as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
	try {
		return await verify(stored, password);
	} catch {
		return false;
	}
}

let dummy: Promise<string> | undefined;

/**
 * Spend the same time as a real check when there is no account to check
 * against, so response time does not tell whether an email is registered.
 */
export async function verifyDummy(password: string): Promise<false> {
	dummy ??= hashPassword('clearance-dummy-password-for-timing');
	await verifyPassword(await dummy, password);
	return false;
}
