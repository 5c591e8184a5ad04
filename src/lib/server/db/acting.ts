// Who a request acts as, checked again inside every write transaction.
// The hook reads the session (or the respondent's invitation) when the
// request starts; another server process may end that session, disable the
// user, change their role or revoke the invitation while the body is still
// arriving. The guard therefore puts the principal on the request's actor,
// and write() re-reads its rows under the write lock as the first thing the
// transaction does (db/index.ts), so a change by someone who is no longer
// allowed cannot commit, and costs no work or domain check before it is
// refused. The audit trail checks again before it records (audit/audit.ts),
// once per transaction, for a write() that was not told who acts.
//
// The principal travels on the actor rather than in AsyncLocalStorage: on
// Node 20 that turns on async hooks for every promise in the process, which
// cost 10-25% of page-view throughput in the portfolio benchmark.
import { eq } from 'drizzle-orm';
import { config } from '../config';
import { Conflict } from '../errors';
import type { Tx } from './index';
import { invitation, remediationRequest, remediationSession, respondentSession, session, user, type Role } from './schema';

export type Principal =
	| { kind: 'user'; sessionId: string; userId: number; role: Role }
	| { kind: 'respondent'; sessionId: string; invitationId: number }
	| { kind: 'remediation'; sessionId: string; requestId: number };

const ENDED = 'Your session ended before this change was saved, so nothing was changed. Sign in again to carry on.';

/** The principals already checked in the open transaction, by key; null outside one. */
let checked: Set<string> | null = null;

/** Called by write() as it opens its outermost transaction, and with null as that ends. */
export function resetActing(within: boolean): void {
	checked = within ? new Set() : null;
}

/**
 * checkActing, once per principal per transaction: under the write lock
 * nothing else can end the session meanwhile, so a second check in the same
 * transaction (a nested write, then the audit record) would read the same
 * rows. A transaction that ends its own session (sign out) was checked
 * before it did, which is the order that matters.
 */
export function ensureActing(tx: Tx, principal: Principal): void {
	const key =
		principal.kind === 'user'
			? `user:${principal.sessionId}:${principal.userId}:${principal.role}`
			: principal.kind === 'remediation'
				? `remediation:${principal.sessionId}:${principal.requestId}`
				: `respondent:${principal.sessionId}:${principal.invitationId}`;
	if (checked?.has(key)) return;
	checkActing(tx, principal);
	checked?.add(key);
}

/** Throws a Conflict when `principal` may no longer write; called under the write lock, inside the transaction that writes. */
export function checkActing(tx: Tx, principal: Principal, now = Date.now()): void {
	if (principal.kind === 'user') {
		const row = tx
			.select({ lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt, userId: session.userId, disabled: user.disabled, role: user.role })
			.from(session)
			.innerJoin(user, eq(user.id, session.userId))
			.where(eq(session.id, principal.sessionId))
			.get();
		if (!row || row.userId !== principal.userId || now >= row.expiresAt || now - row.lastSeenAt > config.sessionIdleMs()) throw new Conflict('session', ENDED);
		if (row.disabled) throw new Conflict('session', 'Your account was disabled before this change was saved, so nothing was changed.');
		if (row.role !== principal.role) {
			throw new Conflict('session', `Your role changed to ${row.role} before this change was saved, so nothing was changed. Reload the page.`);
		}
		return;
	}
	if (principal.kind === 'remediation') {
		const row = tx
			.select({ expiresAt: remediationSession.expiresAt, requestId: remediationSession.requestId, revokedAt: remediationRequest.revokedAt, requestExpiresAt: remediationRequest.expiresAt })
			.from(remediationSession)
			.innerJoin(remediationRequest, eq(remediationRequest.id, remediationSession.requestId))
			.where(eq(remediationSession.id, principal.sessionId))
			.get();
		if (!row || row.requestId !== principal.requestId || row.revokedAt !== null || now >= row.expiresAt || now >= row.requestExpiresAt) {
			throw new Conflict('request', 'This link was withdrawn or expired before your change was saved, so nothing was changed. Ask the person who sent it for a new one.');
		}
		return;
	}
	const row = tx
		.select({ expiresAt: respondentSession.expiresAt, invitationId: respondentSession.invitationId, revokedAt: invitation.revokedAt, invitationExpiresAt: invitation.expiresAt })
		.from(respondentSession)
		.innerJoin(invitation, eq(invitation.id, respondentSession.invitationId))
		.where(eq(respondentSession.id, principal.sessionId))
		.get();
	if (!row || row.invitationId !== principal.invitationId || row.revokedAt !== null || now >= row.expiresAt || now >= row.invitationExpiresAt) {
		throw new Conflict('invitation', 'This link was withdrawn or expired before your change was saved, so nothing was changed. Ask the person who sent it for a new one.');
	}
}
