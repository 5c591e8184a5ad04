// Re-authentication: the current password (and, to turn two-factor
// authentication off, a code) asked for again before a sensitive change.
// It spends the account's sign-in allowance (rate-limit.ts), so a borrowed
// or stolen session guesses no faster than a stranger at the sign-in form,
// and a right answer gives the allowance back as a sign-in does. Every
// failed, throttled and successful attempt is audited.
//
// As at sign-in, the attempt is counted in its own transaction before the
// slow argon2 check, so parallel requests cannot outrun the allowance. The
// outcome is decided in the transaction that makes the change, against the
// password hash read there: a password changed meanwhile voids the check.
import { eq } from 'drizzle-orm';
import { record, type Actor } from '../audit';
import { write, type Tx } from '../db/index';
import { user } from '../db/schema';
import { Conflict, DomainError } from '../errors';
import { PASSWORD_MAX } from '../../validation/users';
import { verifyPassword } from './password';
import { accountKey, clearKey, takeAttempt } from './rate-limit';

type Self = Actor & { id: number };

/** What the re-authentication is for, as the audit trail names it. */
export type ReauthPurpose = 'password_change' | 'mfa_enable' | 'mfa_disable' | 'recovery_regenerate';

export type ReauthFailure = 'wrong_password' | 'wrong_code' | 'reused_code' | 'used_recovery_code' | 'malformed_code';

/** The account's allowance is spent: nothing is checked until the window ends. */
export class ReauthThrottled extends DomainError {
	constructor(readonly retryAfter: number) {
		const minutes = Math.ceil(retryAfter / 60);
		super(
			'currentPassword',
			`Too many wrong attempts at your password or code, so nothing was changed. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}; until then, signing in to this account is paused too.`,
			429
		);
	}
}

/** A password checked against the hash it was checked with; settled by `reauthFailed` or `reauthPassed`. */
export interface PasswordAttempt {
	purpose: ReauthPurpose;
	matches: boolean;
	checkedHash: string;
	key: string;
}

/**
 * Count one attempt against the account (refused with ReauthThrottled once
 * the allowance is spent), then check the password outside any transaction.
 * `precondition` runs in the counting transaction first: a change that
 * cannot be made (two-factor authentication already off, say) is refused
 * without spending a try.
 */
export async function checkPassword(actor: Self, purpose: ReauthPurpose, password: string, precondition?: (tx: Tx) => void): Promise<PasswordAttempt> {
	const taken = write(actor, (tx) => {
		precondition?.(tx);
		const row = tx.select({ email: user.email, passwordHash: user.passwordHash }).from(user).where(eq(user.id, actor.id)).get();
		if (!row) throw new Conflict('currentPassword', 'This account no longer exists, so nothing was changed.');
		const key = accountKey(row.email);
		const block = takeAttempt(tx, [key]);
		// Only the first refusal of a window is recorded, as at sign-in: a flood cannot fill the audit trail.
		if (block?.first) record(tx, actor, { action: 'auth.reauth_throttled', entityType: 'user', entityId: actor.id, details: { purpose, retryAfter: block.retryAfter } });
		return { key, passwordHash: row.passwordHash, block };
	});
	if (taken.block) throw new ReauthThrottled(taken.block.retryAfter);
	// Bounded like sign-in: a megabyte "password" must not stall argon2.
	const fits = password.length > 0 && password.length <= 4 * PASSWORD_MAX && [...password].length <= PASSWORD_MAX;
	const matches = fits && (await verifyPassword(taken.passwordHash, password));
	return { purpose, matches, checkedHash: taken.passwordHash, key: taken.key };
}

/** Inside the change's transaction: refuses when the password changed since it was checked. */
export function assertPasswordUnchanged(tx: Tx, actor: Self, attempt: PasswordAttempt): void {
	const row = tx.select({ passwordHash: user.passwordHash }).from(user).where(eq(user.id, actor.id)).get();
	if (row?.passwordHash !== attempt.checkedHash) {
		throw new Conflict('currentPassword', 'Your password was changed in another session while this was being checked, so nothing was changed. Enter your new password.');
	}
}

/** Record a failed re-authentication; the attempt stays spent. Returns `refusal`, for the caller to throw once the transaction has committed. */
export function reauthFailed<E extends Error>(tx: Tx, actor: Self, attempt: PasswordAttempt, reason: ReauthFailure, refusal: E): E {
	record(tx, actor, { action: 'auth.reauth_failed', entityType: 'user', entityId: actor.id, details: { purpose: attempt.purpose, reason } });
	return refusal;
}

/** Record a successful re-authentication and give the account its allowance back. */
export function reauthPassed(tx: Tx, actor: Self, attempt: PasswordAttempt, secondFactor?: 'totp' | 'recovery_code'): void {
	clearKey(tx, attempt.key);
	const details = secondFactor ? { purpose: attempt.purpose, secondFactor } : { purpose: attempt.purpose };
	record(tx, actor, { action: 'auth.reauth_ok', entityType: 'user', entityId: actor.id, details });
}
