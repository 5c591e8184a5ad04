// The sessions page: a user's own sessions, each of which they can end, and
// an admin ending all of someone else's. Sessions are named by their id,
// which is the SHA-256 of the cookie token, so showing it opens nothing.
import { and, count, desc, eq, ne } from 'drizzle-orm';
import { record, type Actor } from '../audit';
import { getDb, write } from '../db/index';
import { session, user } from '../db/schema';
import { config } from '../config';
import { deleteUserSessions } from './session';
import { UserError } from './users';

export interface SessionRow {
	id: string;
	createdAt: number;
	lastSeenAt: number;
	ip: string | null;
	userAgent: string | null;
	current: boolean;
}

/** How many sessions each user has, for the admin's list (ended-but-unswept ones included: they go at next sight). */
export function sessionCounts(): Map<number, number> {
	const rows = getDb().select({ userId: session.userId, n: count() }).from(session).groupBy(session.userId).all();
	return new Map(rows.map((r) => [r.userId, r.n]));
}

/** The user's live sessions, most recently used first, this one marked. */
export function listSessions(userId: number, currentId: string | null, now = Date.now()): SessionRow[] {
	const idle = config.sessionIdleMs();
	return getDb()
		.select({ id: session.id, createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt, ip: session.ip, userAgent: session.userAgent })
		.from(session)
		.where(eq(session.userId, userId))
		.orderBy(desc(session.lastSeenAt))
		.all()
		// Ended by time but not yet swept: they open nothing, so they are not listed.
		.filter((s) => now - s.lastSeenAt <= idle && now < s.expiresAt)
		.map(({ expiresAt: _expiresAt, ...s }) => ({ ...s, current: s.id === currentId }));
}

/** End one of the user's own sessions, not the one in use; false when it is not theirs or already gone. */
export function endSession(actor: Actor & { id: number }, sessionId: string, currentId: string | null): boolean {
	if (sessionId === currentId) throw new UserError('sessionId', 'This is the session you are using: sign out instead.');
	return write(actor, (tx) => {
		const ended = tx.delete(session).where(and(eq(session.id, sessionId), eq(session.userId, actor.id))).run().changes;
		if (ended) record(tx, actor, { action: 'auth.session_end', entityType: 'user', entityId: actor.id, details: { sessionsEnded: ended } });
		return ended === 1;
	});
}

/** "End all others": every session of the user but this one. */
export function endOtherSessions(actor: Actor & { id: number }, keepId: string): number {
	return write(actor, (tx) => {
		const ended = tx.delete(session).where(and(eq(session.userId, actor.id), ne(session.id, keepId))).run().changes;
		record(tx, actor, { action: 'auth.logout_others', entityType: 'user', entityId: actor.id, details: { sessionsEnded: ended } });
		return ended;
	});
}

/** An admin ends every session of another user (say, a lost laptop): they must sign in again. */
export function endAllSessionsOf(actor: Actor, userId: number): { email: string; ended: number } {
	return write(actor, (tx) => {
		const target = tx.select({ email: user.email }).from(user).where(eq(user.id, userId)).get();
		if (!target) throw new UserError('userId', 'There is no such user.');
		if (userId === actor.id) throw new UserError('userId', 'End your own sessions from your account page.');
		const ended = deleteUserSessions(tx, userId);
		record(tx, actor, { action: 'user.sessions_end', entityType: 'user', entityId: userId, details: { email: target.email, sessionsEnded: ended } });
		return { email: target.email, ended };
	});
}
