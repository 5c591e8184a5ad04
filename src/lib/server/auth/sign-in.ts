// Signing in and out. Failures look and take the same whether the account
// is unknown, disabled or the password wrong. With two-factor authentication
// a right password opens no session: it starts a challenge, and the session
// comes when a code answers it.
import { eq } from 'drizzle-orm';
import { ANONYMOUS, record } from '../audit';
import { write, type Tx } from '../db/index';
import { session as sessionTable, user as userTable, type User } from '../db/schema';
import { PASSWORD_MAX } from '../../validation/users';
import { checkSecondFactor, isEnrolled, mustEnrol, SECOND_FACTOR_MESSAGES } from './mfa';
import { CHALLENGE_TRIES, createChallenge, endChallenge, failChallenge, liveChallenge } from './mfa-challenge';
import { verifyDummy, verifyPassword } from './password';
import { clearKey, forgive, loginKeys, takeAttempt } from './rate-limit';
import { unusedRecoveryCodes } from './recovery-codes';
import { createSession, type SessionUser } from './session';
import { findByEmail } from './users';

export interface Client {
	ip: string;
	userAgent: string | null;
	/** This browser's current session, if any: it ends when the new one starts. */
	replacesSessionId: string | null;
}

export interface SessionStarted {
	ok: true;
	token: string;
	expiresAt: number;
	user: SessionUser;
	/** Must set up two-factor authentication before anything else. */
	mustEnrol: boolean;
	challenge?: undefined;
}

/**
 * `ok: false` with `challenge`: the password was right but no session exists
 * yet; the second factor is asked for next. A caller that overlooks the
 * challenge signs nobody in.
 */
export type LoginResult =
	| SessionStarted
	| { ok: false; retryAfter: number; challenge?: undefined }
	| { ok: false; retryAfter: 0; challenge: { token: string; expiresAt: number } };

export async function login(input: { email: string; password: string }, client: Client): Promise<LoginResult> {
	const email = input.email.trim().toLowerCase().slice(0, 254);
	const keys = loginKeys(email, client.ip);
	// Counted before the slow check: parallel requests cannot outrun the allowance.
	const block = write((tx) => {
		const refused = takeAttempt(tx, [keys.account, keys.ip]);
		if (refused?.first) {
			record(tx, ANONYMOUS, { action: 'auth.login_throttled', entityType: 'user', entityId: null, details: { email, ip: client.ip, retryAfter: refused.retryAfter } });
		}
		return refused;
	});
	if (block) return { ok: false, retryAfter: block.retryAfter };

	const found = findByEmail(email);
	// Length first: spreading a megabyte into code points would stall the server.
	const passwordFits = input.password.length > 0 && input.password.length <= 4 * PASSWORD_MAX && [...input.password].length <= PASSWORD_MAX;
	const valid =
		found && !found.disabled && passwordFits
			? await verifyPassword(found.passwordHash, input.password)
			: await verifyDummy(input.password.slice(0, PASSWORD_MAX));

	if (!valid || !found) {
		write((tx) =>
			record(tx, ANONYMOUS, {
				action: 'auth.login_failed',
				entityType: 'user',
				entityId: found?.id ?? null,
				// Why it failed is for the audit reader, never for the visitor.
				details: { email, ip: client.ip, reason: !found ? 'unknown_account' : found.disabled ? 'disabled' : 'wrong_password' }
			})
		);
		return { ok: false, retryAfter: 0 };
	}

	return write((tx): LoginResult => {
		// Read again under the lock: while argon2 ran, the password may have
		// changed (which ends every session), the account been disabled or two-factor authentication turned on.
		const current = tx.select().from(userTable).where(eq(userTable.id, found.id)).get();
		if (!current || current.disabled || current.passwordHash !== found.passwordHash) {
			const reason = !current ? 'unknown_account' : current.disabled ? 'disabled' : 'password_changed';
			record(tx, ANONYMOUS, { action: 'auth.login_failed', entityType: 'user', entityId: found.id, details: { email, ip: client.ip, reason } });
			return { ok: false, retryAfter: 0 };
		}
		// isEnrolled reads on the connection this transaction holds: the state under the lock.
		if (isEnrolled(current.id)) {
			// The attempt stays counted against the account until a code answers the
			// challenge: each challenge (CHALLENGE_TRIES codes) spends one of the
			// account's password attempts, which bounds guessing codes with a stolen password.
			const challenge = createChallenge(tx, current.id);
			record(tx, { id: current.id, label: current.email }, { action: 'login.mfa_challenge', entityType: 'user', entityId: current.id, details: { ip: client.ip } });
			return { ok: false, retryAfter: 0, challenge };
		}
		return startSession(tx, current, client, null);
	});
}

export type SecondFactorLogin =
	| SessionStarted
	/** No challenge to answer (expired, finished, never there): start again with the password. */
	| { ok: false; reason: 'expired' }
	/** That was the last try: the challenge is gone. */
	| { ok: false; reason: 'locked' }
	| { ok: false; reason: 'malformed' | 'wrong' | 'reused_code' | 'used_recovery_code'; message: string; triesLeft: number };

/** Answer the challenge in the cookie with a TOTP code or a recovery code. */
export function answerChallenge(token: string | undefined, code: string, client: Client, now = Date.now()): SecondFactorLogin {
	return write((tx) => {
		const challenge = token ? liveChallenge(tx, token, now) : null;
		if (!challenge) return { ok: false, reason: 'expired' };
		const found = tx.select().from(userTable).where(eq(userTable.id, challenge.userId)).get();
		if (!found || found.disabled) {
			endChallenge(tx, challenge);
			return { ok: false, reason: 'expired' };
		}
		const actor = { id: found.id, label: found.email };
		const check = checkSecondFactor(tx, found.id, code, now);
		if (!check.ok) {
			// A typo in the shape of the code is not a guess; it costs no try.
			if (check.reason === 'malformed') {
				return { ok: false, reason: check.reason, message: SECOND_FACTOR_MESSAGES.malformed, triesLeft: CHALLENGE_TRIES - challenge.failures };
			}
			const { failures, dead } = failChallenge(tx, challenge);
			record(tx, actor, {
				action: dead ? 'login.mfa_locked' : 'login.mfa_failed',
				entityType: 'user',
				entityId: found.id,
				details: { ip: client.ip, reason: check.reason, failures }
			});
			if (dead) return { ok: false, reason: 'locked' };
			return { ok: false, reason: check.reason, message: SECOND_FACTOR_MESSAGES[check.reason], triesLeft: CHALLENGE_TRIES - failures };
		}
		endChallenge(tx, challenge);
		if (check.method === 'recovery_code') {
			record(tx, actor, { action: 'login.recovery_code_used', entityType: 'user', entityId: found.id, details: { ip: client.ip, recoveryCodesLeft: unusedRecoveryCodes(found.id) } });
		}
		record(tx, actor, { action: 'login.mfa_ok', entityType: 'user', entityId: found.id, details: { ip: client.ip, method: check.method } });
		return startSession(tx, found, client, check.method);
	});
}

/** The password (and the second factor, if any) checked out: forgive the attempt and open a session. */
function startSession(tx: Tx, found: User, client: Client, secondFactor: 'totp' | 'recovery_code' | null): SessionStarted {
	const keys = loginKeys(found.email, client.ip);
	clearKey(tx, keys.account);
	forgive(tx, keys.ip);
	// A fresh token at every login; an old session in this browser ends.
	if (client.replacesSessionId) tx.delete(sessionTable).where(eq(sessionTable.id, client.replacesSessionId)).run();
	const created = createSession(tx, found.id, { ip: client.ip, userAgent: client.userAgent });
	const details = secondFactor ? { ip: client.ip, secondFactor } : { ip: client.ip };
	record(tx, { id: found.id, label: found.email }, { action: 'auth.login', entityType: 'user', entityId: found.id, details });
	const user = { id: found.id, email: found.email, name: found.name, role: found.role };
	return { ok: true, token: created.token, expiresAt: created.session.expiresAt, user, mustEnrol: mustEnrol(user) };
}

export function logout(user: SessionUser, sessionId: string): void {
	write((tx) => {
		tx.delete(sessionTable).where(eq(sessionTable.id, sessionId)).run();
		record(tx, { id: user.id, label: user.email }, { action: 'auth.logout', entityType: 'user', entityId: user.id });
	});
}
