// Two-factor authentication with an authenticator app (TOTP): who must have
// it, enrolment, turning it off, recovery codes, and the code check that
// sign-in and turning it off share. Secrets and codes never reach the audit
// trail; only what happened does.
import { DomainError } from '../errors';
import { and, eq, isNotNull, ne } from 'drizzle-orm';
import { record, type Actor } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { mfaChallenge, mfaCredential, session, type Role } from '../db/schema';
import { deleteRecoveryCodes, normaliseRecoveryCode, recoveryCodeWasUsed, replaceRecoveryCodes, spendRecoveryCode, unusedRecoveryCodes } from './recovery-codes';
import { mfaRequiredForEveryone } from './settings';
import { newSecret, otpauthUri, verifyTotp } from './totp';
import { assertPasswordUnchanged, checkPassword, reauthFailed, reauthPassed } from './reauth';

type Self = Actor & { id: number };

/** A refused change, with a message per form field. */
export class MfaError extends DomainError {
	constructor(
		readonly errors: Record<string, string>,
		status: 400 | 409 = 400
	) {
		super(Object.keys(errors)[0], Object.values(errors)[0], status);
	}
}

const WRONG_PASSWORD = 'The current password is not correct.';

// --- Who must have it ---

/** Admins always; everyone else when an admin has said so on /admin. */
export function mfaRequired(role: Role): boolean {
	return role === 'admin' || mfaRequiredForEveryone();
}

export function isEnrolled(userId: number): boolean {
	const row = getDb()
		.select({ userId: mfaCredential.userId })
		.from(mfaCredential)
		.where(and(eq(mfaCredential.userId, userId), isNotNull(mfaCredential.confirmedAt)))
		.get();
	return row !== undefined;
}

/** Signed in with a password only, but required to have a second factor: enrolment is all they may do. */
export function mustEnrol(user: { id: number; role: Role }): boolean {
	return mfaRequired(user.role) && !isEnrolled(user.id);
}

/** Users with a confirmed authenticator, for the admin's list. */
export function enrolledUserIds(): Set<number> {
	const rows = getDb().select({ userId: mfaCredential.userId }).from(mfaCredential).where(isNotNull(mfaCredential.confirmedAt)).all();
	return new Set(rows.map((r) => r.userId));
}

export type MfaStatus =
	| { state: 'off' }
	| { state: 'pending'; secret: string; uri: string }
	| { state: 'on'; since: number; recoveryCodesLeft: number };

export function status(user: { id: number; email: string }): MfaStatus {
	const row = getDb().select().from(mfaCredential).where(eq(mfaCredential.userId, user.id)).get();
	if (!row) return { state: 'off' };
	if (row.confirmedAt === null) return { state: 'pending', secret: row.secret, uri: otpauthUri(row.secret, user.email) };
	return { state: 'on', since: row.confirmedAt, recoveryCodesLeft: unusedRecoveryCodes(user.id) };
}

// --- The code check ---

export type SecondFactorResult =
	| { ok: true; method: 'totp' | 'recovery_code' }
	| { ok: false; reason: 'malformed' | 'wrong' | 'reused_code' | 'used_recovery_code' };

export const SECOND_FACTOR_MESSAGES: Record<Exclude<SecondFactorResult, { ok: true }>['reason'], string> = {
	malformed: 'Enter the 6-digit code from your authenticator app, or one of your recovery codes (10 letters and digits).',
	wrong: 'That code is not right. Enter the code your authenticator app shows now.',
	reused_code: 'That code has already been used. Wait for your authenticator app to show a new code, then enter it.',
	used_recovery_code: 'That recovery code has already been used. Each recovery code works once; use another.'
};

/**
 * Check a typed code inside the caller's transaction and spend it: a TOTP
 * code moves the user's last step on (so it never works again), a recovery
 * code is marked used. Six digits are a TOTP code; anything else is tried as
 * a recovery code.
 */
export function checkSecondFactor(tx: Tx, userId: number, typed: string, now = Date.now()): SecondFactorResult {
	const compact = typed.replace(/\s/g, '');
	if (/^[0-9]{6}$/.test(compact)) {
		const cred = tx.select().from(mfaCredential).where(eq(mfaCredential.userId, userId)).get();
		if (!cred || cred.confirmedAt === null) return { ok: false, reason: 'wrong' };
		const step = verifyTotp(cred.secret, compact, now, cred.lastStep);
		if (step === null) {
			// Right code, but for a step already spent: say so, since waiting is the fix.
			return { ok: false, reason: verifyTotp(cred.secret, compact, now) === null ? 'wrong' : 'reused_code' };
		}
		tx.update(mfaCredential).set({ lastStep: step }).where(eq(mfaCredential.userId, userId)).run();
		return { ok: true, method: 'totp' };
	}
	const recovery = normaliseRecoveryCode(typed);
	if (!recovery) return { ok: false, reason: 'malformed' };
	if (spendRecoveryCode(tx, userId, recovery, now)) return { ok: true, method: 'recovery_code' };
	return { ok: false, reason: recoveryCodeWasUsed(tx, userId, recovery) ? 'used_recovery_code' : 'wrong' };
}

// --- Enrolment and changes, each re-authenticated with the current password ---

function confirmedIn(tx: Pick<Tx, 'select'>, userId: number) {
	const row = tx.select().from(mfaCredential).where(eq(mfaCredential.userId, userId)).get();
	return row && row.confirmedAt !== null ? row : null;
}

/** What a re-authentication with a code was refused for, as the audit trail names it. */
const CODE_FAILURE = { wrong: 'wrong_code', reused_code: 'reused_code', used_recovery_code: 'used_recovery_code', malformed: 'malformed_code' } as const;

/** Six digits (spaces aside) or the shape of a recovery code: anything else is a typo, not a guess. */
function codeHasShape(typed: string): boolean {
	return /^[0-9]{6}$/.test(typed.replace(/\s/g, '')) || normaliseRecoveryCode(typed) !== null;
}

/** A new secret, waiting for its first code. Starting again replaces a waiting one. */
export function startEnrolment(actor: Self): void {
	write(actor, (tx) => {
		if (confirmedIn(tx, actor.id)) throw new MfaError({ form: 'Two-factor authentication is already on, so nothing was changed. Reload the page.' }, 409);
		const row = { userId: actor.id, secret: newSecret(), createdAt: Date.now(), confirmedAt: null, lastStep: null };
		tx.insert(mfaCredential).values(row).onConflictDoUpdate({ target: mfaCredential.userId, set: row }).run();
		record(tx, actor, { action: 'mfa.enrol_start', entityType: 'user', entityId: actor.id });
	});
}

/** The set-up waiting for its first code, read in the caller's transaction; refused when there is none. */
function pendingIn(tx: Pick<Tx, 'select'>, userId: number) {
	const pending = tx.select().from(mfaCredential).where(eq(mfaCredential.userId, userId)).get();
	if (!pending || pending.confirmedAt !== null) {
		throw new MfaError(
			{ form: pending ? 'Two-factor authentication is already on, so nothing was changed. Reload the page.' : 'Start the set-up first: there is no new secret waiting.' },
			pending ? 409 : 400
		);
	}
	return pending;
}

/**
 * Turn it on: the current password and a code from the new authenticator.
 * Returns the recovery codes, to be shown this once. Other sessions end:
 * whoever held only the password is signed out.
 */
export async function confirmEnrolment(actor: Self, input: { password: string; code: string }, keepSessionId: string | null): Promise<string[]> {
	const attempt = await checkPassword(actor, 'mfa_enable', input.password, (tx) => pendingIn(tx, actor.id));
	const now = Date.now();
	const outcome = write(actor, (tx) => {
		// Read again: a second tab may have started over, or finished, meanwhile.
		const pending = pendingIn(tx, actor.id);
		assertPasswordUnchanged(tx, actor, attempt);
		const errors: Record<string, string> = {};
		if (!attempt.matches) errors.currentPassword = WRONG_PASSWORD;
		const step = verifyTotp(pending.secret, input.code, now);
		// The code proves the new authenticator works; it is not a guess at the account, so it costs no try.
		if (step === null) errors.code = 'That code does not match the new secret. Check that the app’s clock is right, then enter the code it shows now.';
		if (!attempt.matches) return { refused: reauthFailed(tx, actor, attempt, 'wrong_password', new MfaError(errors)) };
		reauthPassed(tx, actor, attempt);
		if (step === null) return { refused: new MfaError(errors) };

		tx.update(mfaCredential).set({ confirmedAt: now, lastStep: step }).where(eq(mfaCredential.userId, actor.id)).run();
		const codes = replaceRecoveryCodes(tx, actor.id, now);
		const where = keepSessionId ? and(eq(session.userId, actor.id), ne(session.id, keepSessionId)) : eq(session.userId, actor.id);
		const ended = tx.delete(session).where(where).run().changes;
		record(tx, actor, { action: 'mfa.enable', entityType: 'user', entityId: actor.id, details: { recoveryCodes: codes.length, sessionsEnded: ended } });
		return { codes };
	});
	// Thrown once the record of the attempt has committed.
	if ('refused' in outcome) throw outcome.refused;
	return outcome.codes;
}

/** Turn it off: the current password and a code (from the app, or a recovery code). */
export async function disable(actor: Self, input: { password: string; code: string }): Promise<void> {
	// A code of the wrong shape is a typo, not a guess: it costs no try, as at sign-in.
	if (!codeHasShape(input.code)) throw new MfaError({ code: SECOND_FACTOR_MESSAGES.malformed });
	const notOn = (tx: Tx) => {
		if (!confirmedIn(tx, actor.id)) throw new MfaError({ form: 'Two-factor authentication is not on, so there is nothing to turn off. Reload the page.' }, 409);
	};
	const attempt = await checkPassword(actor, 'mfa_disable', input.password, notOn);
	const refused = write(actor, (tx) => {
		notOn(tx);
		assertPasswordUnchanged(tx, actor, attempt);
		if (!attempt.matches) return reauthFailed(tx, actor, attempt, 'wrong_password', new MfaError({ currentPassword: WRONG_PASSWORD }));
		const check = checkSecondFactor(tx, actor.id, input.code);
		if (!check.ok) return reauthFailed(tx, actor, attempt, CODE_FAILURE[check.reason], new MfaError({ code: SECOND_FACTOR_MESSAGES[check.reason] }));
		reauthPassed(tx, actor, attempt, check.method);
		removeAll(tx, actor.id);
		record(tx, actor, { action: 'mfa.disable', entityType: 'user', entityId: actor.id, details: { confirmedWith: check.method } });
		return null;
	});
	if (refused) throw refused;
}

/** Ten new recovery codes; the old ones, used or not, stop working. */
export async function regenerateRecoveryCodes(actor: Self, input: { password: string }): Promise<string[]> {
	const notOn = (tx: Tx) => {
		if (!confirmedIn(tx, actor.id)) throw new MfaError({ form: 'Turn on two-factor authentication first: it is not on.' }, 409);
	};
	const attempt = await checkPassword(actor, 'recovery_regenerate', input.password, notOn);
	const outcome = write(actor, (tx) => {
		notOn(tx);
		assertPasswordUnchanged(tx, actor, attempt);
		if (!attempt.matches) return { refused: reauthFailed(tx, actor, attempt, 'wrong_password', new MfaError({ currentPassword: WRONG_PASSWORD })) };
		reauthPassed(tx, actor, attempt);
		const codes = replaceRecoveryCodes(tx, actor.id);
		record(tx, actor, { action: 'mfa.recovery_regenerate', entityType: 'user', entityId: actor.id, details: { recoveryCodes: codes.length } });
		return { codes };
	});
	if ('refused' in outcome) throw outcome.refused;
	return outcome.codes;
}

/**
 * Enrol without a phone to confirm with: only for the demo seed, whose
 * admin must have two-factor authentication like any admin. Returns the
 * recovery codes, which the demo prints.
 */
export function enrolForDemo(actor: Actor, userId: number, secret: string): string[] {
	return write(actor, (tx) => {
		const row = { userId, secret, createdAt: Date.now(), confirmedAt: Date.now(), lastStep: null };
		tx.insert(mfaCredential).values(row).onConflictDoUpdate({ target: mfaCredential.userId, set: row }).run();
		const codes = replaceRecoveryCodes(tx, userId);
		record(tx, actor, { action: 'mfa.enable', entityType: 'user', entityId: userId, details: { recoveryCodes: codes.length, seeded: true } });
		return codes;
	});
}

/**
 * For an operator at the server (CLI), when someone lost both the app and
 * their codes: the user signs in with the password and, if required, enrols
 * again. Their sessions end.
 */
export function reset(actor: Actor, userId: number, label: string): boolean {
	return write(actor, (tx) => {
		const had = tx.select({ userId: mfaCredential.userId }).from(mfaCredential).where(eq(mfaCredential.userId, userId)).get();
		if (!had) return false;
		removeAll(tx, userId);
		const ended = tx.delete(session).where(eq(session.userId, userId)).run().changes;
		record(tx, actor, { action: 'mfa.reset', entityType: 'user', entityId: userId, details: { email: label, sessionsEnded: ended } });
		return true;
	});
}

function removeAll(tx: Tx, userId: number): void {
	tx.delete(mfaChallenge).where(eq(mfaChallenge.userId, userId)).run();
	deleteRecoveryCodes(tx, userId);
	tx.delete(mfaCredential).where(eq(mfaCredential.userId, userId)).run();
}
