// Uploading and removing evidence files: the checks, the blob and the row
// succeed or fail together, so a refused upload leaves nothing behind.
import type { Actor } from './audit';
import * as assessments from './assessments';
import { MAX_EVIDENCE_BYTES, TYPE_NAMES, removeBlob, safeFilename, sha256, sniff, storeBlob } from './evidence-store';

export async function uploadEvidence(actor: Actor, assessmentId: number, questionId: string, file: File): Promise<assessments.EvidenceView> {
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
	const existedBefore = !assessments.blobUnused(hash);
	storeBlob(bytes);
	try {
		return assessments.addFile(actor, assessmentId, questionId, { sha256: hash, filename, mediaType, size: bytes.length });
	} catch (err) {
		if (!existedBefore && assessments.blobUnused(hash)) removeBlob(hash);
		throw err;
	}
}

export function removeEvidence(actor: Actor, assessmentId: number, evidenceId: number): { questionId: string } {
	const row = assessments.removeEvidence(actor, assessmentId, evidenceId);
	if (row.sha256 && assessments.blobUnused(row.sha256)) removeBlob(row.sha256);
	return { questionId: row.questionId };
}
