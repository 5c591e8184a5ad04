// The analyst's side of a remediation: read what the platform answered, then
// verify each fix (the finding closes, its evidence kept) or reopen it with a
// reason. Both judge the finding as read under the write lock, so a verify
// racing the platform's "mark as done" (or another analyst) is a 409, never
// a finding in a state no rule leads to.
import { eq, inArray } from 'drizzle-orm';
import { record, type Actor } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { finding, findingEvidence, platform, user, type Finding } from '../db/schema';
import { Conflict } from '../errors';
import { history } from '../findings';
import { moveFinding } from './moves';
import { currentRequest, findingsOf, latestRequestOf, RemediationError, statusOf } from './requests';
import { answersOf } from './respondent';

/** The request page: the request, its link's state, and each finding with the platform's answer and evidence. */
export function requestDetail(id: number) {
	const db = getDb();
	let req;
	try {
		req = currentRequest(db, id);
	} catch {
		return null;
	}
	const rows = findingsOf(db, id);
	const { responses, evidence } = answersOf(db, id, rows.map((f) => f.id));
	const sender = req.createdBy === null ? null : (db.select({ name: user.name, email: user.email }).from(user).where(eq(user.id, req.createdBy)).get() ?? null);
	return {
		request: { ...req, tokenHash: undefined, status: statusOf(req) },
		platform: db.select({ id: platform.id, name: platform.name }).from(platform).where(eq(platform.id, req.platformId)).get()!,
		sender,
		findings: rows.map((f) => ({
			finding: f,
			/** Whether this request is where the finding is followed now (it may have been sent again since). */
			current: latestRequestOf(db, f.id) === id,
			response: responses.find((r) => r.findingId === f.id) ?? null,
			evidence: evidence.filter((e) => e.findingId === f.id),
			// Its steps, so a reopen's reason or a verification's note stays in sight beside the answer it judged.
			history: history(db, f.id).map((e) => ({ id: e.id, at: e.at, kind: e.kind, actorKind: e.actorKind, note: e.note, remediationRequestId: e.remediationRequestId }))
		}))
	};
}

/** One piece of a finding's evidence, for download by staff. */
export function evidenceOf(requestId: number, evidenceId: number) {
	const row = getDb().select().from(findingEvidence).where(eq(findingEvidence.id, evidenceId)).get();
	return row && row.requestId === requestId ? row : undefined;
}

/** The finding, read in this transaction, if it is in the request and waiting for verification there. */
function awaitingVerification(tx: Tx, requestId: number, findingId: number): Finding {
	currentRequest(tx, requestId);
	const f = findingsOf(tx, requestId).find((x) => x.id === findingId);
	if (!f) throw new RemediationError('findingId', 'This finding is not in this request.', 404);
	if (latestRequestOf(tx, f.id) !== requestId) throw new Conflict('findingId', `“${f.title}” was sent again in a newer request; verify it there. Nothing was changed.`);
	if (f.status !== 'remediated') {
		const now =
			f.status === 'sent'
				? 'is not marked as done by the platform (yet, or any more)'
				: f.status === 'verified'
					? 'was verified already'
					: `is ${f.status} now`;
		throw new Conflict('findingId', `“${f.title}” ${now}, so there is nothing to verify. Reload the page; nothing was changed.`);
	}
	return f;
}

/** The fix holds: the finding closes as verified, with its evidence kept. */
export function verify(actor: Actor & { id: number }, requestId: number, findingId: number, note: string): Finding {
	return write((tx) => {
		const f = awaitingVerification(tx, requestId, findingId);
		const at = Date.now();
		const moved = moveFinding(tx, f, 'verified', { by: { kind: 'user', id: actor.id }, at, note: note || null, details: { requestId } }, 'Only a finding marked as done can be verified.');
		record(tx, actor, { action: 'remediation.verify', entityType: 'finding', entityId: findingId, details: { requestId, note: note || null } });
		return moved;
	});
}

/** The fix does not hold: the finding is open again, with the reason in its history. */
export function reopen(actor: Actor & { id: number }, requestId: number, findingId: number, reason: string): Finding {
	if (!reason.trim()) throw new RemediationError('reason', 'Say why the fix does not hold; the platform and the history keep the reason.');
	return write((tx) => {
		const f = awaitingVerification(tx, requestId, findingId);
		const at = Date.now();
		const moved = moveFinding(tx, f, 'open', { by: { kind: 'user', id: actor.id }, at, note: reason, details: { requestId } }, 'Only a finding marked as done can be reopened here.');
		record(tx, actor, { action: 'remediation.reopen', entityType: 'finding', entityId: findingId, details: { requestId, reason } });
		return moved;
	});
}

/** Findings by id, for a page that links requests and findings. */
export function findingsById(ids: number[]): Finding[] {
	return ids.length ? getDb().select().from(finding).where(inArray(finding.id, ids)).all() : [];
}
