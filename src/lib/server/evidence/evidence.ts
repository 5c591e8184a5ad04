// Evidence behind answers: links, and files stored once per SHA-256 and
// shared by every row with the same bytes. Each change reads the assessment
// and checks who may change its evidence (the scope) inside the transaction
// that makes it, so a finalise, a submission or a withdrawn question that
// commits first is seen, and the request is refused with nothing changed.
//
// Files and rows. Several processes share the database and the folder of
// files, and the file system is not part of the transaction, so the rule
// "a file is on disk while any row refers to it" holds because both sides
// touch the disk only while holding the write lock:
// - storing writes the bytes (when they are not there already) inside the
//   transaction that inserts the row, after the scope check;
// - removing deletes the row and, in the same transaction, when no other row
//   refers to the hash, moves the file aside; it is deleted once the
//   transaction has committed, or put back if it did not.
// Whichever of the two takes the lock first, the other sees what it did: a
// store after a removal finds the file gone and writes it again; a removal
// after a store finds the new row and leaves the file. Moving aside rather
// than deleting lets a rolled-back removal put the file back. (A process
// killed in the instant between moving the file aside and committing leaves
// the row without its file; the file is still there, under `.released-`.)
import { and, eq } from 'drizzle-orm';
import { assuranceProblem } from '../../assessments/evidence-rules';
import { record, recordAll, type Actor } from '../audit';
import * as assessments from '../assessments';
import { parseEvidenceLink } from '../../validation/evidence-link';
import { getDb, handle, statement, write, type Tx } from '../db/index';
import { answer, evidence, findingEvidence, type Evidence } from '../db/schema';
import { compiledTemplate } from '../templates';
import { MAX_EVIDENCE_BYTES, TYPE_NAMES, activeExtension, discard, ensureBlob, evidenceFilename, removeBlob, restore, safeFilename, setAside, sha256, sniff, typeExtension } from './store';

/**
 * Who may change an assessment's evidence, judged against the assessment as
 * read under the write lock; throws (409 when it changed meanwhile) to refuse.
 */
export type EvidenceScope = (tx: Tx, detail: assessments.AssessmentDetail) => void;

/** Analysts and admins: on their own assessments while they are not final; a self-assessment's evidence is the platform's. */
export const staffScope: EvidenceScope = (_tx, detail) => {
	if (detail.assessment.origin === 'self') {
		throw new assessments.AssessmentError('origin', 'This is the platform’s self-assessment: its answers and evidence are kept exactly as it gave them, and only the platform adds or removes evidence. Nothing was changed.', 409);
	}
	if (detail.assessment.state === 'final') {
		throw new assessments.AssessmentError('state', 'This assessment is final and locked (it was finalised before your change arrived); use “Amend” to start a new draft from it. Nothing was changed.', 409);
	}
};

function questionIn(detail: assessments.AssessmentDetail, questionId: string): void {
	if (!compiledTemplate(detail.template.doc).questionIndex.has(questionId)) {
		throw new assessments.AssessmentError('questionId', `The template has no question ${questionId}.`);
	}
}

/**
 * Whether any row (committed, or this transaction's own) still refers to the
 * file: an answer's evidence, or a finding's (a remediation's proof shares the
 * store, and often the very bytes, with the answers it fixes).
 */
export function blobReferenced(tx: Tx, hash: string): boolean {
	return (
		!!tx.select({ id: evidence.id }).from(evidence).where(eq(evidence.sha256, hash)).get() ||
		!!tx.select({ id: findingEvidence.id }).from(findingEvidence).where(eq(findingEvidence.sha256, hash)).get()
	);
}
const referenced = blobReferenced;

/** A file judged fit to keep as evidence, before any row refers to it. */
export interface AcceptedFile {
	bytes: Uint8Array;
	stored: { sha256: string; filename: string; mediaType: string; size: number };
}

/**
 * Judge an uploaded file by its content and name (the same rules wherever
 * evidence is uploaded); refused with the field `file` named.
 */
export async function acceptFile(file: File): Promise<AcceptedFile> {
	if (file.size === 0) throw new assessments.AssessmentError('file', 'Choose a file to upload.');
	if (file.size > MAX_EVIDENCE_BYTES) {
		throw new assessments.AssessmentError('file', `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; evidence files are at most 10 MB.`);
	}
	const bytes = new Uint8Array(await file.arrayBuffer());
	const named = safeFilename(file.name);
	const mediaType = sniff(bytes, named);
	if (!mediaType) {
		const allowed = Object.values(TYPE_NAMES).join(', ');
		throw new assessments.AssessmentError('file', `“${named}” is not an accepted kind of file (judged by its content, not its name). Accepted: ${allowed}.`);
	}
	const active = activeExtension(named);
	if (active) {
		throw new assessments.AssessmentError(
			'file',
			`“${named}” ends in .${active}, which would open as a program, script or web page, but its content is ${TYPE_NAMES[mediaType]}. Rename it to end in .${typeExtension(mediaType)} and upload it again; nothing was saved.`
		);
	}
	return { bytes, stored: { sha256: sha256(bytes), filename: evidenceFilename(named, mediaType), mediaType, size: bytes.length } };
}

/**
 * Put an accepted file's bytes on disk and insert the row that refers to it,
 * inside the caller's write transaction (see the top of this file on why);
 * a failure takes the bytes away again unless another row refers to them.
 */
export function storeBlobWith<T>(tx: Tx, file: AcceptedFile, insertRow: () => T): T {
	try {
		ensureBlob(file.stored.sha256, file.bytes);
		return insertRow();
	} catch (err) {
		if (!referenced(tx, file.stored.sha256)) removeBlob(file.stored.sha256);
		throw err;
	}
}

/**
 * Store a file as evidence for one question. The checks, the bytes and the
 * row succeed or fail together, so a refused upload leaves nothing behind.
 */
export async function uploadEvidence(actor: Actor, assessmentId: number, questionId: string, file: File, scope: EvidenceScope = staffScope): Promise<assessments.EvidenceView> {
	const accepted = await acceptFile(file);
	const { stored } = accepted;
	return write(actor, (tx) => {
		const detail = assessments.mustGet(assessmentId);
		scope(tx, detail);
		questionIn(detail, questionId);
		// Still under the lock: bytes no row refers to go if this fails, and a later store writes them again.
		return storeBlobWith(tx, accepted, () => {
			const row = tx
				.insert(evidence)
				.values({ assessmentId, questionId, kind: 'file', ...stored, createdBy: actor.id, createdAt: Date.now() })
				.returning()
				.get();
			record(tx, actor, { action: 'evidence.add_file', entityType: 'assessment', entityId: assessmentId, details: { question: questionId, evidenceId: row.id, ...stored } });
			return row;
		});
	});
}

/**
 * Add a link to one question. The link is checked (the shared rules of
 * validation/evidence-link.ts), stored as given and audited; the server never
 * fetches it.
 */
export function addLink(actor: Actor, id: number, questionId: string, rawUrl: string, rawLabel: string, scope: EvidenceScope = staffScope): assessments.EvidenceView {
	const parsed = parseEvidenceLink({ url: rawUrl, label: rawLabel });
	if (!parsed.ok) throw new assessments.AssessmentError(parsed.field, parsed.message);
	const { url, label } = parsed.link;
	return write(actor, (tx) => {
		const detail = assessments.mustGet(id);
		scope(tx, detail);
		questionIn(detail, questionId);
		const row = tx
			.insert(evidence)
			.values({ assessmentId: id, questionId, kind: 'link', url, label: label || null, createdBy: actor.id, createdAt: Date.now() })
			.returning()
			.get();
		record(tx, actor, { action: 'evidence.add_link', entityType: 'assessment', entityId: id, details: { question: questionId, evidenceId: row.id, url, label } });
		return row;
	});
}

// Raw: drizzle builds every value of an insert, so one statement per link or one for the set alike was most of a seeded assessment's evidence cost; a bulk load takes 0.80× the CPU of one drizzle insert per link, 0.87× with drizzle's one insert for the set (README, 2026-12-07).
const INSERT_LINK = `INSERT INTO evidence (assessment_id, question_id, kind, url, label, created_by, created_at)
	VALUES (@assessmentId, @questionId, 'link', @url, @label, @createdBy, @createdAt)`;

/**
 * Several links at once (an import, the demo seed): each checked as addLink
 * checks one, all written in one transaction with one audit event naming
 * them all, or none when any is refused.
 */
export function addLinks(actor: Actor, id: number, links: Array<{ questionId: string; url: string; label: string }>, scope: EvidenceScope = staffScope): void {
	// The same rule as one link given in a form.
	links = links.map((l) => {
		const parsed = parseEvidenceLink(l);
		if (!parsed.ok) throw new assessments.AssessmentError(parsed.field, `${parsed.message} (${l.questionId})`);
		return { questionId: l.questionId, ...parsed.link };
	});
	if (!links.length) return;
	write(actor, (tx) => {
		const detail = assessments.mustGet(id);
		scope(tx, detail);
		for (const l of links) questionIn(detail, l.questionId);
		const now = Date.now();
		const insert = statement(INSERT_LINK);
		const added = links.map((l) => ({ question: l.questionId, evidenceId: Number(insert.run({ assessmentId: id, questionId: l.questionId, url: l.url, label: l.label || null, createdBy: actor.id, createdAt: now }).lastInsertRowid), url: l.url, label: l.label }));
		// One event for the set, naming every link, as a save of many answers is recorded.
		recordAll(tx, actor, [{ action: 'evidence.add_link', entityType: 'assessment', entityId: id, details: added.length === 1 ? added[0] : { links: added } }]);
	});
}

/**
 * Remove one piece of evidence; its file goes with its last row, audited as
 * `evidence.file_remove` naming the hash and the row that released it.
 * Called inside an enclosing transaction (a bulk job), the file stays on
 * disk: that transaction could still undo the removal after this returns, and
 * unreferenced bytes harm nothing.
 */
export function removeEvidence(actor: Actor, assessmentId: number, evidenceId: number, scope: EvidenceScope = staffScope): { questionId: string } {
	const outermost = !handle().sqlite.inTransaction;
	const released: Array<{ aside: string; hash: string }> = [];
	try {
		const row = write(actor, (tx) => {
			const detail = assessments.mustGet(assessmentId);
			scope(tx, detail);
			const row = tx.select().from(evidence).where(and(eq(evidence.id, evidenceId), eq(evidence.assessmentId, assessmentId))).get();
			if (!row) throw new assessments.AssessmentError('evidenceId', 'There is no such evidence: it may have been removed meanwhile. Nothing was changed.', 409);
			assertNotLastSupport(tx, assessmentId, row.questionId);
			tx.delete(evidence).where(eq(evidence.id, row.id)).run();
			record(tx, actor, {
				action: 'evidence.remove',
				entityType: 'assessment',
				entityId: assessmentId,
				details: { question: row.questionId, evidenceId: row.id, kind: row.kind, url: row.url, sha256: row.sha256, filename: row.filename }
			});
			if (outermost && row.sha256 && !referenced(tx, row.sha256)) {
				const aside = setAside(row.sha256);
				if (aside) released.push({ aside, hash: row.sha256 });
				record(tx, actor, {
					action: 'evidence.file_remove',
					entityType: 'evidence_file',
					entityId: row.sha256,
					details: { sha256: row.sha256, evidenceId: row.id, assessmentId, question: row.questionId, filename: row.filename, size: row.size, wasOnDisk: aside !== null }
				});
			}
			return row;
		});
		for (const { aside } of released) discard(aside);
		return { questionId: row.questionId };
	} catch (err) {
		for (const { aside, hash } of released) restore(aside, hash);
		throw err;
	}
}

/**
 * An answer raised to "evidenced" (or "verified" with no note) stands on its
 * evidence: its last piece goes only once the answer no longer claims it, so
 * the level never outlives what supports it.
 */
function assertNotLastSupport(tx: Tx, assessmentId: number, questionId: string): void {
	const stored = tx.select().from(answer).where(and(eq(answer.assessmentId, assessmentId), eq(answer.questionId, questionId))).get();
	if (!stored) return;
	const others = tx.select({ id: evidence.id }).from(evidence).where(and(eq(evidence.assessmentId, assessmentId), eq(evidence.questionId, questionId))).all().length - 1;
	const input = { assurance: stored.assurance, value: stored.value, na: stored.na, note: stored.note ?? '' };
	if (assuranceProblem(input, others)) {
		throw new assessments.AssessmentError(
			'evidenceId',
			`This is the only evidence behind an answer marked “${stored.assurance}”. Lower the answer's assurance to “claimed” (or add other evidence) first, then remove this. Nothing was changed.`
		);
	}
}

export function evidenceRow(id: number, evidenceId: number): Evidence | undefined {
	return getDb().select().from(evidence).where(and(eq(evidence.id, evidenceId), eq(evidence.assessmentId, id))).get();
}
