// Server-side sessions. The cookie carries a random 256-bit token; the
// database holds only its SHA-256, so a leaked database opens no session.
import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { eq, sql } from 'drizzle-orm';
import { config } from '../config';
import { type Tx } from '../db/index';
import { prepared } from '../db/prepared';
import { session, user, type Session, type User } from '../db/schema';

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

/**
 * The session and user for a cookie token, or null when it is unknown,
 * idle too long, past its absolute end, or its user is disabled. Expired
 * sessions are deleted on sight.
 */
// Every signed-in request runs these, so they are built once (db/prepared.ts).
const sessionById = prepared((db) =>
	db
		.select({ session, user: { id: user.id, email: user.email, name: user.name, role: user.role, disabled: user.disabled } })
		.from(session)
		.innerJoin(user, eq(session.userId, user.id))
		.where(eq(session.id, sql.placeholder('id')))
		.prepare()
);
const deleteSession = prepared((db) => db.delete(session).where(eq(session.id, sql.placeholder('id'))).prepare());
const touchSession = prepared((db) =>
	db
		.update(session)
		.set({ lastSeenAt: sql`${sql.placeholder('now')}` })
		.where(eq(session.id, sql.placeholder('id')))
		.prepare()
);

export function validateSessionToken(token: string, now = Date.now()): { session: Session; user: SessionUser } | null {
	const id = hashToken(token);
	const row = sessionById().get({ id });
	if (!row) return null;
	const idle = config.sessionIdleMs();
	if (row.user.disabled || now - row.session.lastSeenAt > idle || now >= row.session.expiresAt) {
		deleteSession().run({ id });
		return null;
	}
	// Touch at most every tenth of the idle window: fewer writes, same effect.
	if (now - row.session.lastSeenAt > Math.min(60_000, idle / 10)) {
		touchSession().run({ id, now });
		row.session.lastSeenAt = now;
	}
	const { disabled: _disabled, ...sessionUser } = row.user;
	return { session: row.session, user: sessionUser };
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
