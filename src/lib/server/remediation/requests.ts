// Remediation requests: chosen findings of one platform, sent to the person
// who will fix them through a link like a self-assessment invitation's. The
// random 256-bit token is shown once and stored only as its SHA-256; opening
// the link exchanges it for a session bound to that one request, which shows
// those findings and nothing else in Clearance.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import { ANONYMOUS, record, type Actor } from '../audit';
import { forgive, hashToken, takeAttempt } from '../auth';
import { getDb, write, type Tx } from '../db/index';
import { finding, platform, remediationRequest, remediationRequestFinding, remediationSession, type Finding, type RemediationRequest } from '../db/schema';
import { Conflict, DomainError } from '../errors';
import { moveFinding } from './moves';

export const DEFAULT_EXPIRY_DAYS = 14;
/** As long as a self-assessment link may live: a fix that takes longer is sent again. */
export const MAX_EXPIRY_DAYS = 30;
/** Findings one request may carry: a page the respondent can work through. */
export const MAX_FINDINGS = 50;
const DAY = 86_400_000;

export class RemediationError extends DomainError {}

export type RequestStatus = 'pending' | 'opened' | 'expired' | 'revoked';

export function statusOf(req: Pick<RemediationRequest, 'revokedAt' | 'expiresAt' | 'openedAt'>, now = Date.now()): RequestStatus {
	if (req.revokedAt !== null) return 'revoked';
	if (now >= req.expiresAt) return 'expired';
	return req.openedAt !== null ? 'opened' : 'pending';
}

/**
 * The respondent as the audit trail names them, never by their token. Acting
 * through a session (a request through the link), each change is checked
 * again under the write lock: session alive, request neither revoked nor
 * expired (db/acting.ts).
 */
export function remediatorActor(req: Pick<RemediationRequest, 'id' | 'respondentEmail'>, sessionId?: string): Actor {
	const actor: Actor = { id: null, label: `remediation:${req.id} <${req.respondentEmail}>` };
	if (sessionId) actor.acting = { kind: 'remediation', sessionId, requestId: req.id };
	return actor;
}

function newToken(): { token: string; hash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: hashToken(token) };
}

export interface NewRequest {
	platformId: number;
	findingIds: number[];
	respondentName: string;
	respondentEmail: string;
	message: string;
	expiresInDays: number;
}

/** The request a finding was last sent in: the only one through which it may be answered. */
export function latestRequestOf(tx: Pick<Tx, 'select'>, findingId: number): number | null {
	return tx.select({ id: max(remediationRequestFinding.requestId) }).from(remediationRequestFinding).where(eq(remediationRequestFinding.findingId, findingId)).get()?.id ?? null;
}

/**
 * Send open findings of one platform; each moves to `sent` with a history
 * step. The token is returned once, here. Every finding is judged as it
 * stands under the write lock: one another analyst sent, closed or moved
 * meanwhile refuses the whole request (409), naming it.
 */
export function send(actor: Actor & { id: number }, input: NewRequest): { request: RemediationRequest; token: string } {
	const days = input.expiresInDays;
	if (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) throw new RemediationError('expiresInDays', `Choose an expiry of 1 to ${MAX_EXPIRY_DAYS} days.`);
	const ids = [...new Set(input.findingIds)];
	if (!ids.length) throw new RemediationError('findings', 'Choose at least one open finding to send.');
	if (ids.length > MAX_FINDINGS) throw new RemediationError('findings', `Send at most ${MAX_FINDINGS} findings in one request.`);
	const { token, hash } = newToken();
	const row = write((tx) => {
		const now = Date.now();
		if (!tx.select({ id: platform.id }).from(platform).where(eq(platform.id, input.platformId)).get()) throw new RemediationError('platformId', 'There is no such platform.', 404);
		const rows = tx.select().from(finding).where(inArray(finding.id, ids)).all();
		const foreign = ids.filter((id) => !rows.some((f) => f.id === id && f.platformId === input.platformId));
		if (foreign.length) throw new RemediationError('findings', 'Choose findings of this platform from the list.');
		const notOpen = rows.filter((f) => f.status !== 'open');
		if (notOpen.length) {
			throw new Conflict('findings', `${notOpen.map((f) => `“${f.title}” is ${f.status} now`).join('; ')}, so it cannot be sent. Reload the page to see what is open; nothing was sent.`);
		}
		const req = tx
			.insert(remediationRequest)
			.values({
				platformId: input.platformId,
				tokenHash: hash,
				respondentName: input.respondentName,
				respondentEmail: input.respondentEmail,
				message: input.message || null,
				expiresAt: now + days * DAY,
				createdBy: actor.id,
				createdAt: now
			})
			.returning()
			.get();
		for (const f of rows) {
			tx.insert(remediationRequestFinding).values({ requestId: req.id, findingId: f.id }).run();
			moveFinding(tx, f, 'sent', { by: { kind: 'user', id: actor.id }, at: now, details: { requestId: req.id, to: input.respondentEmail } }, 'Only open findings can be sent.');
		}
		record(tx, actor, {
			action: 'remediation.send',
			entityType: 'remediation_request',
			entityId: req.id,
			details: { platformId: input.platformId, findings: rows.map((f) => f.id), respondentEmail: input.respondentEmail, expiresAt: new Date(req.expiresAt).toISOString() }
		});
		return req;
	});
	return { request: row, token };
}

export function get(id: number): RemediationRequest | undefined {
	return getDb().select().from(remediationRequest).where(eq(remediationRequest.id, id)).get();
}

/** A platform's requests, newest first, with how many findings each carries. */
export function listForPlatform(platformId: number): Array<RemediationRequest & { findings: number }> {
	const rows = getDb().select().from(remediationRequest).where(eq(remediationRequest.platformId, platformId)).orderBy(desc(remediationRequest.createdAt), desc(remediationRequest.id)).all();
	if (!rows.length) return [];
	const links = getDb().select().from(remediationRequestFinding).where(inArray(remediationRequestFinding.requestId, rows.map((r) => r.id))).all();
	return rows.map((r) => ({ ...r, findings: links.filter((l) => l.requestId === r.id).length }));
}

/** The platform's findings an analyst may send now. */
export function sendable(platformId: number): Finding[] {
	return getDb().select().from(finding).where(and(eq(finding.platformId, platformId), eq(finding.status, 'open'))).orderBy(finding.dueOn, finding.id).all();
}

const NO_SUCH = 'There is no such remediation request.';

/** The request as it stands, read in the caller's transaction. */
export function currentRequest(tx: Pick<Tx, 'select'>, id: number): RemediationRequest {
	const req = tx.select().from(remediationRequest).where(eq(remediationRequest.id, id)).get();
	if (!req) throw new RemediationError('requestId', NO_SUCH, 404);
	return req;
}

/**
 * Take findings of a request that are still waiting on the platform back to
 * `open`, so they can be sent again: all of them when the link is revoked, or
 * one the analyst withdraws. Findings already answered stay for verification.
 */
function takeBack(tx: Tx, actor: Actor & { id: number }, req: RemediationRequest, rows: Finding[], note: string, at: number): number[] {
	const moved: number[] = [];
	for (const f of rows) {
		if (f.status !== 'sent' || latestRequestOf(tx, f.id) !== req.id) continue;
		moveFinding(tx, f, 'open', { by: { kind: 'user', id: actor.id }, at, note, details: { requestId: req.id } }, 'This finding is no longer waiting on the platform.');
		moved.push(f.id);
	}
	return moved;
}

export function findingsOf(tx: Pick<Tx, 'select'>, requestId: number): Finding[] {
	return tx
		.select({ f: finding })
		.from(remediationRequestFinding)
		.innerJoin(finding, eq(finding.id, remediationRequestFinding.findingId))
		.where(eq(remediationRequestFinding.requestId, requestId))
		.orderBy(finding.id)
		.all()
		.map((r) => r.f);
}

/**
 * The link stops working at once, for every browser that opened it; the
 * findings still waiting on the platform go back to open. Revoking again
 * changes nothing.
 */
export function revoke(actor: Actor & { id: number }, id: number): RemediationRequest {
	return write((tx) => {
		const req = currentRequest(tx, id);
		if (req.revokedAt !== null) return req;
		const now = Date.now();
		const row = tx.update(remediationRequest).set({ revokedAt: now }).where(eq(remediationRequest.id, id)).returning().get()!;
		tx.delete(remediationSession).where(eq(remediationSession.requestId, id)).run();
		const reopened = takeBack(tx, actor, req, findingsOf(tx, id), 'The remediation link was withdrawn before the platform answered.', now);
		record(tx, actor, { action: 'remediation.revoke', entityType: 'remediation_request', entityId: id, details: { platformId: req.platformId, reopened } });
		return row;
	});
}

/** Take one finding back from the platform before it answers (it goes back to open); 409 when it answered or moved meanwhile. */
export function withdraw(actor: Actor & { id: number }, id: number, findingId: number): void {
	write((tx) => {
		const req = currentRequest(tx, id);
		const f = findingsOf(tx, id).find((x) => x.id === findingId);
		if (!f) throw new RemediationError('findingId', 'This finding is not in this request.', 404);
		if (f.status !== 'sent' || latestRequestOf(tx, f.id) !== id) {
			throw new Conflict('findingId', `“${f.title}” is ${f.status} now${f.status === 'sent' ? ' through a newer request' : ''}, so it was not withdrawn. Reload the page.`);
		}
		takeBack(tx, actor, req, [f], 'Withdrawn from the remediation request.', Date.now());
		record(tx, actor, { action: 'remediation.withdraw', entityType: 'remediation_request', entityId: id, details: { findingId } });
	});
}

export type Redemption = { ok: true; sessionToken: string; expiresAt: number } | { ok: false; retryAfter: number };

// One throttle with the invitation links' (`invite:ip:`): a guesser gains nothing by alternating the two.
const REDEEM_KEY = (ip: string) => `invite:ip:${ip}`;

/**
 * Exchange a link's token for a session. Unknown, expired and revoked links
 * all fail the same way, and attempts per address are throttled so tokens
 * cannot be guessed at speed.
 */
export function redeem(token: string, ip: string): Redemption {
	const key = REDEEM_KEY(ip);
	const now = Date.now();
	return write((tx) => {
		const block = takeAttempt(tx, [key], now);
		if (block) {
			if (block.first) record(tx, ANONYMOUS, { action: 'remediation.redeem_throttled', entityType: 'remediation_request', entityId: null, details: { ip } });
			return { ok: false as const, retryAfter: block.retryAfter };
		}
		const req = token.length <= 100 ? tx.select().from(remediationRequest).where(eq(remediationRequest.tokenHash, hashToken(token))).get() : undefined;
		const status = req ? statusOf(req, now) : null;
		if (!req || (status !== 'pending' && status !== 'opened')) {
			record(tx, ANONYMOUS, { action: 'remediation.redeem_failed', entityType: 'remediation_request', entityId: req?.id ?? null, details: { ip, reason: req ? status : 'unknown' } });
			return { ok: false as const, retryAfter: 0 };
		}
		const session = newToken();
		tx.insert(remediationSession).values({ id: session.hash, requestId: req.id, createdAt: now, lastSeenAt: now, expiresAt: req.expiresAt }).run();
		if (req.openedAt === null) tx.update(remediationRequest).set({ openedAt: now }).where(eq(remediationRequest.id, req.id)).run();
		forgive(tx, key);
		record(tx, remediatorActor(req), { action: 'remediation.redeem', entityType: 'remediation_request', entityId: req.id, details: { ip } });
		return { ok: true as const, sessionToken: session.token, expiresAt: req.expiresAt };
	});
}

export interface RemediatorContext {
	sessionId: string;
	request: RemediationRequest;
	status: RequestStatus;
}

/** The request behind a remediation cookie, or null when it no longer opens anything. */
export function validateRemediator(token: string, now = Date.now()): RemediatorContext | null {
	const row = getDb()
		.select({ s: remediationSession, r: remediationRequest })
		.from(remediationSession)
		.innerJoin(remediationRequest, eq(remediationRequest.id, remediationSession.requestId))
		.where(eq(remediationSession.id, hashToken(token)))
		.get();
	if (!row) return null;
	const status = statusOf(row.r, now);
	if (status === 'revoked' || status === 'expired' || now >= row.s.expiresAt) {
		getDb().delete(remediationSession).where(eq(remediationSession.id, row.s.id)).run();
		return null;
	}
	return { sessionId: row.s.id, request: row.r, status };
}
