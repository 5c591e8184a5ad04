// Self-assessment invitations. A platform answers through a link carrying a
// random 256-bit token that is shown once and stored only as its SHA-256.
// Opening the link exchanges it for a respondent session bound to that one
// assessment; nothing else in Clearance is reachable with it.
import { DomainError } from '../errors';
import { randomBytes } from 'node:crypto';
import { desc, eq, inArray } from 'drizzle-orm';
import * as assessments from '../assessments';
import { ANONYMOUS, record, type Actor } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { invitation, respondentSession, type Invitation } from '../db/schema';
import { forgive, takeAttempt, hashToken } from '../auth';

export const DEFAULT_EXPIRY_DAYS = 14;
export const MAX_EXPIRY_DAYS = 30;
const DAY = 86_400_000;

export class InvitationError extends DomainError {}

export type InvitationStatus = 'pending' | 'opened' | 'submitted' | 'expired' | 'revoked';

export function statusOf(inv: Invitation, now = Date.now()): InvitationStatus {
	if (inv.revokedAt !== null) return 'revoked';
	if (inv.submittedAt !== null) return 'submitted';
	if (now >= inv.expiresAt) return 'expired';
	return inv.openedAt !== null ? 'opened' : 'pending';
}

/**
 * The respondent as the audit trail names them: never their token. Acting
 * through a respondent session (`sessionId`, a request through the link),
 * every change is checked again under the write lock: session alive,
 * invitation neither revoked nor expired (db/acting.ts).
 */
export function respondentActor(inv: Pick<Invitation, 'id' | 'respondentEmail'>, sessionId?: string): Actor {
	const actor: Actor = { id: null, label: `respondent:${inv.id} <${inv.respondentEmail}>` };
	if (sessionId) actor.acting = { kind: 'respondent', sessionId, invitationId: inv.id };
	return actor;
}

export interface NewInvitation {
	platformId: number;
	templateKey: string;
	templateVersion?: string;
	respondentName: string;
	respondentEmail: string;
	message: string;
	expiresInDays: number;
}

function newToken(): { token: string; hash: string } {
	const token = randomBytes(32).toString('base64url');
	return { token, hash: hashToken(token) };
}

/** Create the self-assessment and its invitation; the token is returned once, here. */
export function invite(actor: Actor, input: NewInvitation): { invitation: Invitation; token: string } {
	const days = input.expiresInDays;
	if (!Number.isInteger(days) || days < 1 || days > MAX_EXPIRY_DAYS) {
		throw new InvitationError('expiresInDays', `Choose an expiry of 1 to ${MAX_EXPIRY_DAYS} days.`);
	}
	const self = assessments.create(
		actor,
		{ platformId: input.platformId, templateKey: input.templateKey, templateVersion: input.templateVersion, assessorIds: actor.id ? [actor.id] : [], dueDate: null },
		{ origin: 'self' }
	);
	const { token, hash } = newToken();
	const row = write(actor, (tx) => {
		const now = Date.now();
		const inv = tx
			.insert(invitation)
			.values({
				assessmentId: self.assessment.id,
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
		record(tx, actor, {
			action: 'invitation.create',
			entityType: 'invitation',
			entityId: inv.id,
			details: { assessmentId: self.assessment.id, respondentEmail: input.respondentEmail, expiresAt: new Date(inv.expiresAt).toISOString() }
		});
		return inv;
	});
	return { invitation: row, token };
}

export function get(id: number): Invitation | undefined {
	return getDb().select().from(invitation).where(eq(invitation.id, id)).get();
}

export function listForAssessments(assessmentIds: number[]): Invitation[] {
	if (!assessmentIds.length) return [];
	return getDb().select().from(invitation).where(inArray(invitation.assessmentId, assessmentIds)).orderBy(desc(invitation.createdAt)).all();
}

const NO_SUCH = 'There is no such invitation.';

/** The invitation as it stands, read in the caller's transaction. */
function current(tx: Tx, id: number): Invitation {
	const inv = tx.select().from(invitation).where(eq(invitation.id, id)).get();
	if (!inv) throw new InvitationError('invitationId', NO_SUCH, 404);
	return inv;
}

/** The link stops working at once, for every browser that opened it; revoking it again changes nothing. */
export function revoke(actor: Actor, id: number): Invitation {
	return write(actor, (tx) => {
		const inv = current(tx, id);
		if (inv.revokedAt !== null) return inv;
		const row = tx.update(invitation).set({ revokedAt: Date.now() }).where(eq(invitation.id, id)).returning().get()!;
		tx.delete(respondentSession).where(eq(respondentSession.invitationId, id)).run();
		record(tx, actor, { action: 'invitation.revoke', entityType: 'invitation', entityId: id, details: { assessmentId: inv.assessmentId } });
		return row;
	});
}

/** A fresh link for the same self-assessment (answers kept); the old link is revoked. */
export function reissue(actor: Actor, id: number, expiresInDays = DEFAULT_EXPIRY_DAYS): { invitation: Invitation; token: string } {
	if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_EXPIRY_DAYS) {
		throw new InvitationError('expiresInDays', `Choose an expiry of 1 to ${MAX_EXPIRY_DAYS} days.`);
	}
	const { token, hash } = newToken();
	const row = write(actor, (tx) => {
		const old = current(tx, id);
		// The page offered a re-issue; if either is so now, it changed since.
		if (old.submittedAt !== null) throw new InvitationError('invitationId', 'The platform has submitted through this link; there is nothing left to answer, so no new link was made.', 409);
		if (old.replacedById !== null) throw new InvitationError('invitationId', 'This link was re-issued already; re-issue the newest one instead. No new link was made.', 409);
		const now = Date.now();
		const fresh = tx
			.insert(invitation)
			.values({
				assessmentId: old.assessmentId,
				tokenHash: hash,
				respondentName: old.respondentName,
				respondentEmail: old.respondentEmail,
				message: old.message,
				expiresAt: now + expiresInDays * DAY,
				createdBy: actor.id,
				createdAt: now
			})
			.returning()
			.get();
		tx.update(invitation).set({ revokedAt: old.revokedAt ?? now, replacedById: fresh.id }).where(eq(invitation.id, id)).run();
		tx.delete(respondentSession).where(eq(respondentSession.invitationId, id)).run();
		record(tx, actor, { action: 'invitation.reissue', entityType: 'invitation', entityId: fresh.id, details: { replaces: id, assessmentId: old.assessmentId } });
		return fresh;
	});
	return { invitation: row, token };
}

export type Redemption = { ok: true; sessionToken: string; expiresAt: number } | { ok: false; retryAfter: number };

const REDEEM_KEY = (ip: string) => `invite:ip:${ip}`;

/**
 * Exchange a link's token for a respondent session. Unknown, expired,
 * revoked and replaced links all fail the same way, and attempts per IP are
 * throttled so tokens cannot be guessed at speed.
 */
export function redeem(token: string, ip: string): Redemption {
	const key = REDEEM_KEY(ip);
	const now = Date.now();
	return write((tx) => {
		const block = takeAttempt(tx, [key], now);
		if (block) {
			if (block.first) record(tx, ANONYMOUS, { action: 'invitation.redeem_throttled', entityType: 'invitation', entityId: null, details: { ip } });
			return { ok: false as const, retryAfter: block.retryAfter };
		}
		const inv = token.length <= 100 ? tx.select().from(invitation).where(eq(invitation.tokenHash, hashToken(token))).get() : undefined;
		const status = inv ? statusOf(inv, now) : null;
		// A submitted invitation still opens, read-only, until it expires.
		const usable = inv && (status === 'pending' || status === 'opened' || status === 'submitted');
		if (!inv || !usable) {
			record(tx, ANONYMOUS, {
				action: 'invitation.redeem_failed',
				entityType: 'invitation',
				entityId: inv?.id ?? null,
				details: { ip, reason: inv ? status : 'unknown' }
			});
			return { ok: false as const, retryAfter: 0 };
		}
		const session = newToken();
		tx.insert(respondentSession).values({ id: session.hash, invitationId: inv.id, createdAt: now, lastSeenAt: now, expiresAt: inv.expiresAt }).run();
		if (inv.openedAt === null) tx.update(invitation).set({ openedAt: now }).where(eq(invitation.id, inv.id)).run();
		forgive(tx, key);
		record(tx, respondentActor(inv), { action: 'invitation.redeem', entityType: 'invitation', entityId: inv.id, details: { ip } });
		return { ok: true as const, sessionToken: session.token, expiresAt: inv.expiresAt };
	});
}

export interface RespondentContext {
	sessionId: string;
	invitation: Invitation;
	status: InvitationStatus;
}

/** The invitation behind a respondent cookie, or null when it no longer opens anything. */
export function validateRespondent(token: string, now = Date.now()): RespondentContext | null {
	const row = getDb()
		.select({ s: respondentSession, i: invitation })
		.from(respondentSession)
		.innerJoin(invitation, eq(invitation.id, respondentSession.invitationId))
		.where(eq(respondentSession.id, hashToken(token)))
		.get();
	if (!row) return null;
	const status = statusOf(row.i, now);
	if (status === 'revoked' || now >= row.s.expiresAt || now >= row.i.expiresAt) {
		getDb().delete(respondentSession).where(eq(respondentSession.id, row.s.id)).run();
		return null;
	}
	return { sessionId: row.s.id, invitation: row.i, status };
}
