// Signing in and out. Failures look and take the same whether the account
// is unknown, disabled or the password wrong.
import { eq } from 'drizzle-orm';
import { ANONYMOUS, record } from './audit';
import { write } from './db/index';
import { session as sessionTable } from './db/schema';
import { PASSWORD_MAX } from '../validation/users';
import { verifyDummy, verifyPassword } from './password';
import { clearKey, forgive, loginKeys, takeAttempt } from './rate-limit';
import { createSession, type SessionUser } from './session';
import { findByEmail } from './users';

export type LoginResult =
	| { ok: true; token: string; expiresAt: number; user: SessionUser }
	| { ok: false; retryAfter: number };

export async function login(
	input: { email: string; password: string },
	client: { ip: string; userAgent: string | null; replacesSessionId: string | null }
): Promise<LoginResult> {
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

	return write((tx) => {
		clearKey(tx, keys.account);
		forgive(tx, keys.ip);
		// A fresh token at every login; an old session in this browser ends.
		if (client.replacesSessionId) tx.delete(sessionTable).where(eq(sessionTable.id, client.replacesSessionId)).run();
		const created = createSession(tx, found.id, { ip: client.ip, userAgent: client.userAgent });
		const actor = { id: found.id, label: found.email };
		record(tx, actor, { action: 'auth.login', entityType: 'user', entityId: found.id, details: { ip: client.ip } });
		return {
			ok: true as const,
			token: created.token,
			expiresAt: created.session.expiresAt,
			user: { id: found.id, email: found.email, name: found.name, role: found.role }
		};
	});
}

export function logout(user: SessionUser, sessionId: string): void {
	write((tx) => {
		tx.delete(sessionTable).where(eq(sessionTable.id, sessionId)).run();
		record(tx, { id: user.id, label: user.email }, { action: 'auth.logout', entityType: 'user', entityId: user.id });
	});
}
