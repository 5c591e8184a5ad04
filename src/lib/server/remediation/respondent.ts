// What the platform's respondent does through a remediation link: answer each
// finding with a plan and a target date, add evidence, mark it done. Each is
// judged inside the write transaction that makes the change, against the
// request and the finding as they stand then: the analyst may have revoked
// the link, withdrawn the finding, verified or reopened it, or sent it again
// in a newer request while this request's body was arriving. Losing that
// race is a 409 saying what changed, with nothing written.
import { and, asc, eq, inArray } from 'drizzle-orm';
import { record } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { finding, findingEvidence, findingResponse, remediationRequestFinding, type Finding, type FindingEvidence, type FindingResponse } from '../db/schema';
import { Conflict } from '../errors';
import { acceptFile, storeBlobWith } from '../evidence';
import { recordStep } from '../findings';
import { parseEvidenceLink } from '../../validation/evidence-link';
import { moveFinding } from './moves';
import { currentRequest, findingsOf, latestRequestOf, RemediationError, remediatorActor, statusOf, type RemediatorContext } from './requests';

/** What the respondent sees of a finding: what it is and what is owed, never the assessment's scores, notes or answers. */
export interface RemediationItem {
	id: number;
	title: string;
	detail: string | null;
	severity: Finding['severity'];
	dueOn: string | null;
	/** Whether this link may still answer it, and if not, why. */
	open: boolean;
	state: 'waiting' | 'done' | 'verified' | 'reopened' | 'closed';
	response: Pick<FindingResponse, 'plan' | 'targetOn' | 'doneAt' | 'version'> | null;
	evidence: Array<Pick<FindingEvidence, 'id' | 'kind' | 'url' | 'label' | 'filename' | 'mediaType' | 'size' | 'sha256' | 'createdAt'>>;
}

/** Responses and evidence given through one request, by finding. */
export function answersOf(tx: Pick<Tx, 'select'>, requestId: number, findingIds: number[]) {
	const responses = findingIds.length ? tx.select().from(findingResponse).where(and(eq(findingResponse.requestId, requestId), inArray(findingResponse.findingId, findingIds))).all() : [];
	const evidence = findingIds.length
		? tx.select().from(findingEvidence).where(and(eq(findingEvidence.requestId, requestId), inArray(findingEvidence.findingId, findingIds))).orderBy(asc(findingEvidence.createdAt), asc(findingEvidence.id)).all()
		: [];
	return { responses, evidence };
}

/** Where a finding stands for the platform, in the words of its page. */
function stateFor(f: Finding, answerable: boolean): RemediationItem['state'] {
	if (answerable) return 'waiting';
	if (f.status === 'remediated') return 'done';
	if (f.status === 'verified') return 'verified';
	if (f.status === 'open') return 'reopened';
	return 'closed';
}

/** The request's findings as its respondent sees them. */
export function respondentView(ctx: RemediatorContext): RemediationItem[] {
	const db = getDb();
	const rows = findingsOf(db, ctx.request.id);
	const { responses, evidence } = answersOf(db, ctx.request.id, rows.map((f) => f.id));
	const live = statusOf(ctx.request) === 'pending' || statusOf(ctx.request) === 'opened';
	return rows.map((f) => {
		const open = live && f.status === 'sent' && latestRequestOf(db, f.id) === ctx.request.id;
		const response = responses.find((r) => r.findingId === f.id);
		return {
			id: f.id,
			title: f.title,
			detail: f.detail,
			severity: f.severity,
			dueOn: f.dueOn,
			open,
			state: stateFor(f, open),
			response: response ? { plan: response.plan, targetOn: response.targetOn, doneAt: response.doneAt, version: response.version } : null,
			evidence: evidence
				.filter((e) => e.findingId === f.id)
				.map(({ id, kind, url, label, filename, mediaType, size, sha256, createdAt }) => ({ id, kind, url, label, filename, mediaType, size, sha256, createdAt }))
		};
	});
}

/**
 * The finding as it stands, read under the write lock, if this link may still
 * answer it; otherwise a 409 saying what changed.
 */
function answerable(tx: Tx, ctx: RemediatorContext, findingId: number): Finding {
	const req = currentRequest(tx, ctx.request.id);
	const status = statusOf(req);
	if (status === 'revoked') throw new Conflict('request', 'This link was withdrawn, so nothing was saved. Ask the person who sent it for a new one.');
	if (status === 'expired') throw new Conflict('request', 'This link has expired, so nothing was saved. Ask the person who sent it for a new one.');
	const inRequest = tx
		.select({ f: finding })
		.from(remediationRequestFinding)
		.innerJoin(finding, eq(finding.id, remediationRequestFinding.findingId))
		.where(and(eq(remediationRequestFinding.requestId, req.id), eq(remediationRequestFinding.findingId, findingId)))
		.get()?.f;
	if (!inRequest) throw new RemediationError('findingId', 'This finding is not part of this request.', 404);
	if (latestRequestOf(tx, findingId) !== req.id) throw new Conflict('findingId', `“${inRequest.title}” was sent again in a newer request, so it is answered there; nothing was saved here.`);
	if (inRequest.status !== 'sent') {
		const why: Partial<Record<Finding['status'], string>> = {
			remediated: 'is marked as done already, and waits for the investor’s analyst',
			verified: 'was verified by the investor’s analyst and is closed',
			open: 'was taken back by the investor’s analyst',
			accepted: 'was closed by the investor’s analyst (accepted as a risk)',
			dismissed: 'was closed by the investor’s analyst'
		};
		throw new Conflict('findingId', `“${inRequest.title}” ${why[inRequest.status] ?? `is ${inRequest.status} now`}, so it can no longer be changed here. Nothing was saved.`);
	}
	return inRequest;
}

export interface ResponseInput {
	plan: string;
	/** YYYY-MM-DD, or null. */
	targetOn: string | null;
	/** The response's version the form started from (0: none yet); a stale save is refused. */
	version: number;
}

/** Insert or update the respondent's answer to one finding, in the caller's transaction. */
function upsertResponse(tx: Tx, ctx: RemediatorContext, f: Finding, input: ResponseInput, now: number, done: boolean): FindingResponse {
	const existing = tx.select().from(findingResponse).where(and(eq(findingResponse.findingId, f.id), eq(findingResponse.requestId, ctx.request.id))).get();
	if ((existing?.version ?? 0) !== input.version) {
		throw new Conflict('plan', 'This answer was changed in another window meanwhile; reload the page to see it. Nothing was saved.');
	}
	if (!existing) {
		return tx
			.insert(findingResponse)
			.values({ findingId: f.id, requestId: ctx.request.id, plan: input.plan, targetOn: input.targetOn, doneAt: done ? now : null, createdAt: now, updatedAt: now })
			.returning()
			.get();
	}
	return tx
		.update(findingResponse)
		.set({ plan: input.plan, targetOn: input.targetOn, doneAt: done ? now : existing.doneAt, version: existing.version + 1, updatedAt: now })
		.where(eq(findingResponse.id, existing.id))
		.returning()
		.get()!;
}

/** Save the plan and target date of one finding; it stays with the platform until marked done. */
export function saveResponse(ctx: RemediatorContext, findingId: number, input: ResponseInput): FindingResponse {
	return write((tx) => {
		const f = answerable(tx, ctx, findingId);
		const now = Date.now();
		const row = upsertResponse(tx, ctx, f, input, now, false);
		recordStep(tx, { findingId, kind: 'responded', by: { kind: 'respondent', requestId: ctx.request.id }, at: now, note: input.plan, details: { targetOn: input.targetOn } });
		record(tx, remediatorActor(ctx.request, ctx.sessionId), {
			action: 'remediation.respond',
			entityType: 'finding',
			entityId: findingId,
			details: { requestId: ctx.request.id, targetOn: input.targetOn, planLength: input.plan.length }
		});
		return row;
	});
}

/** Save the plan and mark the finding done: it moves to `remediated`, for the analyst to verify. */
export function markDone(ctx: RemediatorContext, findingId: number, input: ResponseInput): FindingResponse {
	return write((tx) => {
		const f = answerable(tx, ctx, findingId);
		const now = Date.now();
		const row = upsertResponse(tx, ctx, f, input, now, true);
		moveFinding(tx, f, 'remediated', { by: { kind: 'respondent', requestId: ctx.request.id }, at: now, details: { targetOn: input.targetOn, planLength: input.plan.length } }, 'This finding can no longer be marked as done.');
		record(tx, remediatorActor(ctx.request, ctx.sessionId), { action: 'remediation.done', entityType: 'finding', entityId: findingId, details: { requestId: ctx.request.id, targetOn: input.targetOn } });
		return row;
	});
}

/** Add a file as evidence of one finding's fix, judged by its content like every evidence file. */
export async function addFile(ctx: RemediatorContext, findingId: number, file: File): Promise<FindingEvidence> {
	const accepted = await acceptFile(file);
	return write((tx) => {
		answerable(tx, ctx, findingId);
		const now = Date.now();
		return storeBlobWith(tx, accepted, () => {
			const row = tx
				.insert(findingEvidence)
				.values({ findingId, requestId: ctx.request.id, kind: 'file', ...accepted.stored, createdBy: null, createdAt: now })
				.returning()
				.get();
			recordStep(tx, { findingId, kind: 'responded', by: { kind: 'respondent', requestId: ctx.request.id }, at: now, details: { evidenceId: row.id, file: accepted.stored.filename, sha256: accepted.stored.sha256 } });
			record(tx, remediatorActor(ctx.request, ctx.sessionId), { action: 'remediation.add_file', entityType: 'finding', entityId: findingId, details: { requestId: ctx.request.id, evidenceId: row.id, ...accepted.stored } });
			return row;
		});
	});
}

/** Add a link as evidence (checked like every evidence link, stored as given, never fetched). */
export function addLink(ctx: RemediatorContext, findingId: number, rawUrl: string, rawLabel: string): FindingEvidence {
	const parsed = parseEvidenceLink({ url: rawUrl, label: rawLabel });
	if (!parsed.ok) throw new RemediationError(parsed.field, parsed.message);
	const { url, label } = parsed.link;
	return write((tx) => {
		answerable(tx, ctx, findingId);
		const now = Date.now();
		const row = tx
			.insert(findingEvidence)
			.values({ findingId, requestId: ctx.request.id, kind: 'link', url, label: label || null, createdBy: null, createdAt: now })
			.returning()
			.get();
		recordStep(tx, { findingId, kind: 'responded', by: { kind: 'respondent', requestId: ctx.request.id }, at: now, details: { evidenceId: row.id, url, label } });
		record(tx, remediatorActor(ctx.request, ctx.sessionId), { action: 'remediation.add_link', entityType: 'finding', entityId: findingId, details: { requestId: ctx.request.id, evidenceId: row.id, url, label } });
		return row;
	});
}
