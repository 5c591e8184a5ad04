// Evidence behind answers: links, and files stored once per SHA-256. For a
// file, the checks, the blob and the row succeed or fail together, so a
// refused upload leaves nothing behind.
import { and, eq } from 'drizzle-orm';
import { record, type Actor } from '../audit';
import * as assessments from '../assessments';
import { controlCharactersMessage, hasControlCharacters } from '../../validation/text';
import { getDb, write } from '../db/index';
import { evidence, type Evidence } from '../db/schema';
import { MAX_EVIDENCE_BYTES, TYPE_NAMES, removeBlob, safeFilename, sha256, sniff, storeBlob } from './store';

/**
 * `stillAllowed` runs again just before the row is written, after the file
 * has been read: a permission that held when the request began may not now.
 */
export async function uploadEvidence(actor: Actor, assessmentId: number, questionId: string, file: File, stillAllowed: () => void = () => {}): Promise<assessments.EvidenceView> {
	if (file.size === 0) throw new assessments.AssessmentError('file', 'Choose a file to upload.');
	if (file.size > MAX_EVIDENCE_BYTES) {
		throw new assessments.AssessmentError('file', `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; evidence files are at most 10 MB.`);
	}
	const bytes = new Uint8Array(await file.arrayBuffer());
	const filename = safeFilename(file.name);
	const mediaType = sniff(bytes, filename);
	if (!mediaType) {
		const allowed = Object.values(TYPE_NAMES).join(', ');
		throw new assessments.AssessmentError('file', `“${filename}” is not an accepted kind of file (judged by its content, not its name). Accepted: ${allowed}.`);
	}
	const hash = sha256(bytes);
	const existedBefore = !blobUnused(hash);
	storeBlob(bytes);
	try {
		stillAllowed();
		return addFile(actor, assessmentId, questionId, { sha256: hash, filename, mediaType, size: bytes.length });
	} catch (err) {
		if (!existedBefore && blobUnused(hash)) removeBlob(hash);
		throw err;
	}
}

export function removeEvidence(actor: Actor, assessmentId: number, evidenceId: number): { questionId: string } {
	const row = removeRow(actor, assessmentId, evidenceId);
	if (row.sha256 && blobUnused(row.sha256)) removeBlob(row.sha256);
	return { questionId: row.questionId };
}

export function evidenceRow(id: number, evidenceId: number): Evidence | undefined {
	return getDb().select().from(evidence).where(and(eq(evidence.id, evidenceId), eq(evidence.assessmentId, id))).get();
}

export function addLink(actor: Actor, id: number, questionId: string, url: string, label: string): assessments.EvidenceView {
	const detail = assessments.mustGet(id);
	assessments.assertWritable(detail);
	if (!detail.template.doc.sections.some((s) => s.questions.some((q) => q.id === questionId))) throw new assessments.AssessmentError('questionId', `The template has no question ${questionId}.`);
	if (!/^https:\/\/[^\s]{3,}$/i.test(url) || url.length > 1000) throw new assessments.AssessmentError('url', 'Enter a link starting with https://');
	if (hasControlCharacters(url)) throw new assessments.AssessmentError('url', controlCharactersMessage('A link'));
	if (label.length > 200) throw new assessments.AssessmentError('label', 'A link label has at most 200 characters.');
	if (hasControlCharacters(label)) throw new assessments.AssessmentError('label', controlCharactersMessage('A link label'));
	return write((tx) => {
		const row = tx
			.insert(evidence)
			.values({ assessmentId: id, questionId, kind: 'link', url, label: label || null, createdBy: actor.id, createdAt: Date.now() })
			.returning()
			.get();
		record(tx, actor, { action: 'evidence.add_link', entityType: 'assessment', entityId: id, details: { question: questionId, url, label } });
		return row;
	});
}

export function addFile(actor: Actor, id: number, questionId: string, file: { sha256: string; filename: string; mediaType: string; size: number }): assessments.EvidenceView {
	const detail = assessments.mustGet(id);
	assessments.assertWritable(detail);
	if (!detail.template.doc.sections.some((s) => s.questions.some((q) => q.id === questionId))) throw new assessments.AssessmentError('questionId', `The template has no question ${questionId}.`);
	return write((tx) => {
		const row = tx
			.insert(evidence)
			.values({ assessmentId: id, questionId, kind: 'file', ...file, createdBy: actor.id, createdAt: Date.now() })
			.returning()
			.get();
		record(tx, actor, { action: 'evidence.add_file', entityType: 'assessment', entityId: id, details: { question: questionId, ...file } });
		return row;
	});
}

function removeRow(actor: Actor, id: number, evidenceId: number): Evidence {
	const detail = assessments.mustGet(id);
	assessments.assertWritable(detail);
	const row = evidenceRow(id, evidenceId);
	if (!row) throw new assessments.AssessmentError('evidenceId', 'There is no such evidence.');
	write((tx) => {
		tx.delete(evidence).where(eq(evidence.id, evidenceId)).run();
		record(tx, actor, { action: 'evidence.remove', entityType: 'assessment', entityId: id, details: { question: row.questionId, kind: row.kind, url: row.url, sha256: row.sha256, filename: row.filename } });
	});
	return row;
}

/** True when no evidence row refers to this file any more. */
export function blobUnused(sha: string): boolean {
	return !getDb().select({ id: evidence.id }).from(evidence).where(eq(evidence.sha256, sha)).get();
}
