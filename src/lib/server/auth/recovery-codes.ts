// Recovery codes: the way in when the authenticator is lost. Ten random codes
// of 50 bits each, shown once; the database keeps only their SHA-256, and
// each opens one sign-in.
import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import { getDb, type Tx } from '../db/index';
import { mfaRecoveryCode } from '../db/schema';
import { base32Encode } from './totp';

export const RECOVERY_CODE_COUNT = 10;
const CODE_LENGTH = 10;

/** The form a code is shown in: two groups of five, easy to read out and type. */
const grouped = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/** What a person typed, reduced to the code itself: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(typed: string): string | null {
	const clean = typed.toUpperCase().replace(/[\s-]/g, '');
	return /^[A-Z2-7]{10}$/.test(clean) ? clean : null;
}

export function hashRecoveryCode(normalised: string): string {
	return createHash('sha256').update(normalised).digest('hex');
}

export function deleteRecoveryCodes(tx: Tx, userId: number): void {
	tx.delete(mfaRecoveryCode).where(eq(mfaRecoveryCode.userId, userId)).run();
}

/** Replace every code of the user (used or not) with ten new ones; returns them for showing once. */
export function replaceRecoveryCodes(tx: Tx, userId: number, now = Date.now()): string[] {
	deleteRecoveryCodes(tx, userId);
	const codes = new Set<string>();
	// 50 random bits each: a repeat is astronomically unlikely, but the set keeps the ten distinct anyway.
	while (codes.size < RECOVERY_CODE_COUNT) codes.add(base32Encode(randomBytes(7)).slice(0, CODE_LENGTH));
	for (const code of codes) tx.insert(mfaRecoveryCode).values({ userId, codeHash: hashRecoveryCode(code), createdAt: now }).run();
	return [...codes].map(grouped);
}

/** Spend one code. True when it was the user's and unused; it can never be used again. */
export function spendRecoveryCode(tx: Tx, userId: number, normalised: string, now = Date.now()): boolean {
	const spent = tx
		.update(mfaRecoveryCode)
		.set({ usedAt: now })
		.where(and(eq(mfaRecoveryCode.userId, userId), eq(mfaRecoveryCode.codeHash, hashRecoveryCode(normalised)), isNull(mfaRecoveryCode.usedAt)))
		.run();
	return spent.changes === 1;
}

/** Whether the code belongs to the user but was used already (for a clearer message). */
export function recoveryCodeWasUsed(tx: Tx, userId: number, normalised: string): boolean {
	const row = tx
		.select({ usedAt: mfaRecoveryCode.usedAt })
		.from(mfaRecoveryCode)
		.where(and(eq(mfaRecoveryCode.userId, userId), eq(mfaRecoveryCode.codeHash, hashRecoveryCode(normalised))))
		.get();
	return row?.usedAt != null;
}

export function unusedRecoveryCodes(userId: number): number {
	return (
		getDb()
			.select({ n: count() })
			.from(mfaRecoveryCode)
			.where(and(eq(mfaRecoveryCode.userId, userId), isNull(mfaRecoveryCode.usedAt)))
			.get()?.n ?? 0
	);
}
