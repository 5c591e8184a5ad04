// Server-side sessions. The cookie carries a random 256-bit token; the
// database holds only its SHA-256, so a leaked database opens no session.
import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { config } from '../config';
import { getDb, statement, type Tx } from '../db/index';
import { session, type Session, type User } from '../db/schema';

export type SessionUser = Pick<User, 'id' | 'email' | 'name' | 'role'>;

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Create a session (inside the caller's transaction) and return the cookie token. */
export function createSession(
	tx: Tx,
	userId: number,
	meta: { ip: string | null; userAgent: string | null },
	now = Date.now()
): { token: string; session: Session } {
	const token = randomBytes(32).toString('base64url');
	const row: Session = {
		id: hashToken(token),
		userId,
		createdAt: now,
		lastSeenAt: now,
		expiresAt: now + config.sessionAbsoluteMs(),
		ip: meta.ip,
		userAgent: meta.userAgent?.slice(0, 300) ?? null
	};
	tx.insert(session).values(row).run();
	return { token, session: row };
}

// Raw: read on every request; drizzle's query added 0.16–0.22 ms, 5–10% of a platform list or platform page view (bench, 2026-12-07).
const SESSION_BY_ID = `SELECT s.id, s.user_id AS userId, s.created_at AS createdAt, s.last_seen_at AS lastSeenAt, s.expires_at AS expiresAt, s.ip, s.user_agent AS userAgent,
	u.email, u.name, u.role, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`;

/**
 * The session and user for a cookie token, or null when it is unknown,
 * idle too long, past its absolute end, or its user is disabled. Expired
 * sessions are deleted on sight.
 */
export function validateSessionToken(token: string, now = Date.now()): { session: Session; user: SessionUser } | null {
	const id = hashToken(token);
	const found = statement(SESSION_BY_ID).get(id) as (Session & Omit<SessionUser, 'id'> & { disabled: 0 | 1 }) | undefined;
	if (!found) return null;
	const { email, name, role, disabled, ...stored } = found;
	const row = { session: stored, user: { id: stored.userId, email, name, role } };
	const db = getDb();
	const idle = config.sessionIdleMs();
	if (disabled || now - row.session.lastSeenAt > idle || now >= row.session.expiresAt) {
		db.delete(session).where(eq(session.id, id)).run();
		return null;
	}
	// Touch at most every tenth of the idle window: fewer writes, same effect.
	if (now - row.session.lastSeenAt > Math.min(60_000, idle / 10)) {
		db.update(session).set({ lastSeenAt: now }).where(eq(session.id, id)).run();
		row.session.lastSeenAt = now;
	}
	return row;
}

export function deleteUserSessions(tx: Tx, userId: number): number {
	return tx.delete(session).where(eq(session.userId, userId)).run().changes;
}

/** `__Host-` binds the cookie to this exact origin; browsers allow it only over https. */
export function sessionCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-clearance_session' : 'clearance_session';
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: number): void {
	cookies.set(sessionCookieName(url), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(sessionCookieName(url), { path: '/', secure: url.protocol === 'https:' });
}
