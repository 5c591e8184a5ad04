// An analyst's work on findings: confirm proposals (one or several), edit,
// merge, dismiss, and write findings by hand. Each verb is one transaction
// that reads the findings under the write lock, lets a lapsed acceptance
// reopen first, checks its rules there, and records the audit entry.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { addMonths, defaultDueOn, isDay } from '../../findings/dates';
import { dayOf, FINDING_SEVERITIES, OPEN_FINDING_STATUSES, type FindingStatus } from '../../findings/vocabulary';
import type { FindingFields } from '../../validation/findings';
import { record, recordAll, type Actor, type AuditEntry } from '../audit';
import { write, type Tx } from '../db/index';
import { assessment, finding, findingEvent, findingQuestion, templateVersion, user, type Finding } from '../db/schema';
import { templateDoc } from '../templates';
import { FindingConflict, FindingError, lapse, moveFinding, mustRead } from './findings';
import { recordStep } from './history';

type Staff = Actor & { id: number };

/** How far ahead a due date may be set. */
export const MAX_DUE_MONTHS = 24;

function checkDueOn(value: string | null, today: string, field = 'dueOn'): void {
	if (value === null) return;
	if (!isDay(value)) throw new FindingError(field, 'Enter the due date as YYYY-MM-DD.');
	if (value < today) throw new FindingError(field, 'The due date cannot be in the past.');
	if (value > addMonths(today, MAX_DUE_MONTHS)) throw new FindingError(field, `Set a due date within ${MAX_DUE_MONTHS} months.`);
}

/** The internal owner must be an active analyst or admin, as read in the transaction. */
function checkInternalOwner(tx: Tx, id: number | null): void {
	if (id === null) return;
	const row = tx.select({ role: user.role, disabled: user.disabled }).from(user).where(eq(user.id, id)).get();
	if (!row || row.disabled || (row.role !== 'analyst' && row.role !== 'admin')) {
		throw new FindingError('internalOwnerId', 'The internal owner must be an active analyst or admin; choose from the list.');
	}
}

/** Who took the finding's latest step: a name, "The platform", "Clearance", or null. */
function lastActor(tx: Tx, findingId: number): string | null {
	const step = tx
		.select({ actorKind: findingEvent.actorKind, name: user.name })
		.from(findingEvent)
		.leftJoin(user, eq(user.id, findingEvent.actorId))
		.where(eq(findingEvent.findingId, findingId))
		.orderBy(desc(findingEvent.at), desc(findingEvent.id))
		.limit(1)
		.get();
	if (!step) return null;
	return step.actorKind === 'user' ? step.name : step.actorKind === 'respondent' ? 'The platform' : 'Clearance';
}

/** The finding as the form saw it, or a 409 carrying the current row and who changed it. */
function current(tx: Tx, id: number, version: number, now: number): Finding {
	const row = mustRead(tx, id);
	if (row.version !== version) throw new FindingConflict(lapse(tx, row, now), lastActor(tx, id));
	return lapse(tx, row, now);
}

const spoken = (s: FindingStatus) => (s === 'proposed' ? 'proposed (awaiting triage)' : s);

/** Confirm a proposal: it becomes open, due by default DEFAULT_DUE_DAYS after today for its severity, or on the day chosen. */
export function confirm(actor: Staff, id: number, input: { version: number; dueOn: string | null }, now = Date.now()): Finding {
	return write((tx) => {
		const today = dayOf(now);
		const row = current(tx, id, input.version, now);
		if (row.status !== 'proposed') throw new FindingError('status', `This finding is ${spoken(row.status)} now; only a proposed one can be confirmed. Reload the page.`, 409);
		checkDueOn(input.dueOn, today);
		const dueOn = input.dueOn ?? defaultDueOn(row.severity, today);
		const moved = moveFinding(tx, row, 'open', { kind: 'confirmed', by: { kind: 'user', id: actor.id }, set: { dueOn }, details: { dueOn }, at: now });
		record(tx, actor, { action: 'finding.confirm', entityType: 'finding', entityId: id, details: { from: 'proposed', to: 'open', dueOn } });
		return moved;
	});
}

/**
 * Confirm several proposals of one platform at once, each due by default for
 * its severity. All or nothing: when any of them is no longer proposed (a
 * colleague confirmed, merged or dismissed it meanwhile), nothing changes and
 * the 409 names it.
 */
export function confirmMany(actor: Staff, platformId: number, ids: number[], now = Date.now()): Finding[] {
	const unique = [...new Set(ids)];
	if (!unique.length) throw new FindingError('ids', 'Choose at least one proposed finding to confirm.');
	return write((tx) => {
		const today = dayOf(now);
		const rows = tx.select().from(finding).where(inArray(finding.id, unique)).all();
		const foreign = unique.filter((id) => !rows.some((r) => r.id === id && r.platformId === platformId));
		if (foreign.length) throw new FindingError('ids', `There is no finding ${foreign.map((id) => `#${id}`).join(', ')} on this platform.`, 404);
		const moved = rows.filter((r) => r.status !== 'proposed');
		if (moved.length) {
			throw new FindingError('ids', `${moved.map((r) => `#${r.id} “${r.title}” is ${r.status}`).join('; ')} now, so nothing was confirmed. Reload the page and choose again.`, 409);
		}
		const entries: AuditEntry[] = [];
		const out = rows.map((row) => {
			const dueOn = defaultDueOn(row.severity, today);
			entries.push({ action: 'finding.confirm', entityType: 'finding', entityId: row.id, details: { from: 'proposed', to: 'open', dueOn } });
			return moveFinding(tx, row, 'open', { kind: 'confirmed', by: { kind: 'user', id: actor.id }, set: { dueOn }, details: { dueOn }, at: now });
		});
		recordAll(tx, actor, entries);
		return out;
	});
}

const FIELDS = ['title', 'detail', 'severity', 'ownerName', 'ownerEmail', 'internalOwnerId', 'dueOn'] as const;
type Field = (typeof FIELDS)[number];

function columns(input: FindingFields): Pick<Finding, Field> {
	return {
		title: input.title,
		detail: input.detail || null,
		severity: input.severity,
		ownerName: input.ownerName || null,
		ownerEmail: input.ownerEmail || null,
		internalOwnerId: input.internalOwnerId,
		dueOn: input.dueOn
	};
}

/**
 * Save the edit form over a finding still owed (proposed, open, sent or
 * remediated). `version` is the one the form was opened at: a save from an
 * older one is refused (FindingConflict), never laid over a change its author
 * did not see. A save that changes nothing writes nothing.
 */
export function edit(actor: Staff, id: number, input: FindingFields & { version: number }, now = Date.now()): Finding {
	return write((tx) => {
		const today = dayOf(now);
		const row = current(tx, id, input.version, now);
		if (!(OPEN_FINDING_STATUSES as readonly FindingStatus[]).includes(row.status)) {
			throw new FindingError('status', `This finding is ${row.status}, so it is closed and kept as it was; write a new finding for a new weakness.`, 409);
		}
		const after = columns(input);
		const changed = Object.fromEntries(FIELDS.filter((f) => (row[f] ?? null) !== (after[f] ?? null)).map((f) => [f, [row[f], after[f]]]));
		if (!Object.keys(changed).length) return row;
		if ('dueOn' in changed) checkDueOn(after.dueOn, today);
		if ('internalOwnerId' in changed) checkInternalOwner(tx, after.internalOwnerId);
		if (row.status !== 'proposed' && after.dueOn === null) throw new FindingError('dueOn', 'A confirmed finding keeps a due date; choose one.');
		const saved = tx
			.update(finding)
			.set({ ...after, version: row.version + 1, updatedAt: now })
			.where(and(eq(finding.id, id), eq(finding.version, row.version)))
			.returning()
			.get()!;
		recordStep(tx, { findingId: id, kind: 'edited', by: { kind: 'user', id: actor.id }, details: changed, at: now });
		record(tx, actor, { action: 'finding.update', entityType: 'finding', entityId: id, details: changed });
		return saved;
	});
}

/** Dismiss a proposed or open finding: not a finding after all. The reason is kept and shown. */
export function dismiss(actor: Staff, id: number, input: { version: number; reason: string }, now = Date.now()): Finding {
	const reason = input.reason.trim();
	if (!reason) throw new FindingError('reason', 'Say why this is not a finding: a reason is required to dismiss it.');
	return write((tx) => {
		const row = current(tx, id, input.version, now);
		if (row.status !== 'proposed' && row.status !== 'open') {
			throw new FindingError('status', `This finding is ${row.status} now; only a proposed or open finding can be dismissed.`, 409);
		}
		const moved = moveFinding(tx, row, 'dismissed', { kind: 'dismissed', by: { kind: 'user', id: actor.id }, note: reason, set: { dismissedReason: reason }, at: now });
		record(tx, actor, { action: 'finding.dismiss', entityType: 'finding', entityId: id, details: { from: row.status, to: 'dismissed', reason } });
		return moved;
	});
}

const rank = (s: Finding['severity']) => FINDING_SEVERITIES.indexOf(s);

/**
 * Fold `others` into `into`, all proposed or open findings of one platform:
 * `into` takes every question, the most severe severity and the earliest due
 * date among them; the others are dismissed with `mergedIntoId`. Both sides'
 * histories say so.
 */
export function merge(actor: Staff, platformId: number, intoId: number, otherIds: number[], now = Date.now()): Finding {
	const others = [...new Set(otherIds)].filter((id) => id !== intoId);
	if (!others.length) throw new FindingError('ids', 'Choose at least two findings to merge: the one to keep and one or more to fold into it.');
	return write((tx) => {
		const rows = tx
			.select()
			.from(finding)
			.where(inArray(finding.id, [intoId, ...others]))
			.all()
			.map((r) => lapse(tx, r, now));
		const byId = new Map(rows.map((r) => [r.id, r]));
		const missing = [intoId, ...others].filter((id) => byId.get(id)?.platformId !== platformId);
		if (missing.length) throw new FindingError('ids', `There is no finding ${missing.map((id) => `#${id}`).join(', ')} on this platform.`, 404);
		const unfit = rows.filter((r) => r.status !== 'proposed' && r.status !== 'open');
		if (unfit.length) {
			throw new FindingError('ids', `Only proposed or open findings merge; ${unfit.map((r) => `#${r.id} is ${r.status}`).join(', ')} now, so nothing was merged.`, 409);
		}
		const into = byId.get(intoId)!;
		const folded = others.map((id) => byId.get(id)!);
		const severity = [into, ...folded].reduce((worst, r) => (rank(r.severity) < rank(worst) ? r.severity : worst), into.severity);
		const dues = [into, ...folded].map((r) => r.dueOn).filter((d): d is string => d !== null);
		const dueOn = into.status === 'open' ? (dues.sort()[0] ?? into.dueOn) : into.dueOn;
		const questions = tx.select({ questionId: findingQuestion.questionId }).from(findingQuestion).where(inArray(findingQuestion.findingId, others)).all();
		if (questions.length) tx.insert(findingQuestion).values(questions.map((q) => ({ findingId: intoId, questionId: q.questionId }))).onConflictDoNothing().run();
		const kept = tx
			.update(finding)
			.set({ severity, dueOn, version: into.version + 1, updatedAt: now })
			.where(and(eq(finding.id, intoId), eq(finding.version, into.version)))
			.returning()
			.get()!;
		recordStep(tx, {
			findingId: intoId,
			kind: 'merged',
			by: { kind: 'user', id: actor.id },
			note: `Merged in ${folded.map((r) => `#${r.id} “${r.title}”`).join(', ')}.`,
			details: { folded: others, ...(severity !== into.severity ? { severity: [into.severity, severity] } : {}), ...(dueOn !== into.dueOn ? { dueOn: [into.dueOn, dueOn] } : {}) },
			at: now
		});
		const entries: AuditEntry[] = [{ action: 'finding.merge', entityType: 'finding', entityId: intoId, details: { folded: others, severity, dueOn } }];
		for (const r of folded) {
			const reason = `Merged into #${intoId} “${into.title}”.`;
			moveFinding(tx, r, 'dismissed', { kind: 'merged', by: { kind: 'user', id: actor.id }, note: reason, details: { into: intoId }, set: { mergedIntoId: intoId, dismissedReason: reason }, at: now });
			entries.push({ action: 'finding.merge', entityType: 'finding', entityId: r.id, details: { from: r.status, to: 'dismissed', into: intoId } });
		}
		recordAll(tx, actor, entries);
		return kept;
	});
}

/** The platform's latest final assessment and its template, for findings written by hand on one of its questions. */
export function latestFinal(tx: Pick<Tx, 'select'>, platformId: number) {
	return tx
		.select({ id: assessment.id, templateVersionId: assessment.templateVersionId, sha256: templateVersion.sha256 })
		.from(assessment)
		.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
		.where(and(eq(assessment.platformId, platformId), eq(assessment.state, 'final')))
		.orderBy(desc(assessment.finalizedAt), desc(assessment.id))
		.limit(1)
		.get();
}

/**
 * A finding written by hand, open at once (an analyst wrote it: nothing to
 * triage), due by default for its severity. On a question of the platform's
 * latest final assessment (as read in the transaction), or, with no
 * question, on the platform as a whole.
 */
export function create(actor: Staff, platformId: number, input: FindingFields & { questionId: string | null }, now = Date.now()): Finding {
	return write((tx) => {
		const today = dayOf(now);
		let assessmentId: number | null = null;
		if (input.questionId !== null) {
			const latest = latestFinal(tx, platformId);
			const asked = latest && templateDoc(latest.templateVersionId, latest.sha256).sections.some((s) => s.questions.some((q) => q.id === input.questionId));
			if (!latest || !asked) throw new FindingError('questionId', 'Choose a question of the platform’s latest final assessment, or none for a finding on the platform as a whole.');
			assessmentId = latest.id;
		}
		checkDueOn(input.dueOn, today);
		checkInternalOwner(tx, input.internalOwnerId);
		const values = columns(input);
		const created = tx
			.insert(finding)
			.values({ ...values, dueOn: values.dueOn ?? defaultDueOn(values.severity, today), platformId, assessmentId, status: 'open', origin: 'manual', createdBy: actor.id, createdAt: now, updatedAt: now })
			.returning()
			.get();
		if (input.questionId !== null) tx.insert(findingQuestion).values({ findingId: created.id, questionId: input.questionId }).run();
		recordStep(tx, { findingId: created.id, kind: 'created', by: { kind: 'user', id: actor.id }, to: 'open', details: { question: input.questionId }, at: now });
		record(tx, actor, { action: 'finding.create', entityType: 'finding', entityId: created.id, details: { platformId, assessmentId, question: input.questionId, ...values, dueOn: created.dueOn } });
		return created;
	});
}
