// Who a request acts as, checked again inside every write transaction.
// The hook reads the session (or the respondent's invitation) when the
// request starts; another server process may end that session, disable the
// user, change their role or revoke the invitation while the body is still
// arriving. write() therefore re-reads the principal's rows under the write
// lock, so a change by someone who is no longer allowed cannot commit.
import { AsyncLocalStorage } from 'node:async_hooks';
import { eq } from 'drizzle-orm';
import { config } from '../config';
import { Conflict, type DomainError } from '../errors';
import type { Tx } from './index';
import { invitation, respondentSession, session, user, type Role } from './schema';

export type Principal =
	| { kind: 'user'; sessionId: string; userId: number; role: Role }
	| { kind: 'respondent'; sessionId: string; invitationId: number };

interface RequestScope {
	principal: Principal | null;
	/** A domain refusal that escaped its route, for the hook to answer with its own status. */
	refusal: DomainError | null;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Run one request with an empty scope; the guard fills in who acts. */
export function withRequestScope<T>(fn: () => T): T {
	return scope.run({ principal: null, refusal: null }, fn);
}

/** From here on, this request's writes are checked as `principal`. */
export function actAs(principal: Principal): void {
	const current = scope.getStore();
	if (current) current.principal = principal;
}

export function requestScope(): RequestScope | undefined {
	return scope.getStore();
}

const ENDED = 'Your session ended before this change was saved, so nothing was changed. Sign in again to carry on.';

/** Throws a Conflict when the request's principal may no longer write; called by write() under the lock. */
export function checkActing(tx: Tx, now = Date.now()): void {
	const principal = scope.getStore()?.principal;
	if (!principal) return;
	if (principal.kind === 'user') {
		const row = tx
			.select({ lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt, disabled: user.disabled, role: user.role })
			.from(session)
			.innerJoin(user, eq(user.id, session.userId))
			.where(eq(session.id, principal.sessionId))
			.get();
		if (!row || now >= row.expiresAt || now - row.lastSeenAt > config.sessionIdleMs()) throw new Conflict('session', ENDED);
		if (row.disabled) throw new Conflict('session', 'Your account was disabled before this change was saved, so nothing was changed.');
		if (row.role !== principal.role) {
			throw new Conflict('session', `Your role changed to ${row.role} before this change was saved, so nothing was changed. Reload the page.`);
		}
		return;
	}
	const row = tx
		.select({ expiresAt: respondentSession.expiresAt, revokedAt: invitation.revokedAt, invitationExpiresAt: invitation.expiresAt })
		.from(respondentSession)
		.innerJoin(invitation, eq(invitation.id, respondentSession.invitationId))
		.where(eq(respondentSession.id, principal.sessionId))
		.get();
	if (!row || row.revokedAt !== null || now >= row.expiresAt || now >= row.invitationExpiresAt) {
		throw new Conflict('invitation', 'This link was withdrawn or expired before your change was saved, so nothing was changed. Ask the person who sent it for a new one.');
	}
}
