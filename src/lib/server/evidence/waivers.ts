// Waivers: an analyst lets an evidence-required question through without
// evidence, with a reason the report shows. Given or withdrawn in a
// transaction that reads the assessment and the question's waiver first, so
// a finalise or a colleague's waiver that commits first is seen.
import { and, eq } from 'drizzle-orm';
import { record, type Actor } from '../audit';
import * as assessments from '../assessments';
import { controlCharactersMessage, hasControlCharacters } from '../../validation/text';
import { write } from '../db/index';
import { evidenceWaiver } from '../db/schema';

const REASON_LIMIT = 2_000;

/** Analysts and admins, on an assessment that is not final yet (a self-assessment too: its analyst verifies it). */
function waivable(id: number, questionId: string): assessments.AssessmentDetail {
	const detail = assessments.mustGet(id);
	if (detail.assessment.state === 'final') {
		throw new assessments.AssessmentError('state', 'This assessment is final and locked (it was finalised before your change arrived), so nothing was changed.', 409);
	}
	const question = detail.template.doc.sections.flatMap((s) => s.questions).find((q) => q.id === questionId);
	if (!question) throw new assessments.AssessmentError('questionId', `The template has no question ${questionId}.`);
	if (question.evidence !== 'required') throw new assessments.AssessmentError('questionId', 'This question does not require evidence, so there is nothing to waive.');
	return detail;
}

export function waiveEvidence(actor: Actor, id: number, questionId: string, rawReason: string): void {
	const reason = rawReason.trim();
	if (!reason) throw new assessments.AssessmentError('reason', 'Reason: say why this answer may stand without evidence (the report shows it).');
	if (reason.length > REASON_LIMIT) throw new assessments.AssessmentError('reason', `Reason: keep it under ${REASON_LIMIT.toLocaleString('en')} characters.`);
	if (hasControlCharacters(reason, { multiline: true })) throw new assessments.AssessmentError('reason', controlCharactersMessage('A reason', { multiline: true }));
	write(actor, (tx) => {
		const detail = waivable(id, questionId);
		const existing = detail.waivers[questionId];
		if (existing) {
			throw new assessments.AssessmentError('reason', `${existing.waivedBy ?? 'Someone'} waived the evidence for this question meanwhile (“${existing.reason}”); nothing was changed.`, 409);
		}
		tx.insert(evidenceWaiver).values({ assessmentId: id, questionId, reason, waivedBy: actor.id, waivedAt: Date.now() }).run();
		record(tx, actor, { action: 'evidence.waive', entityType: 'assessment', entityId: id, details: { question: questionId, reason } });
	});
}

export function withdrawWaiver(actor: Actor, id: number, questionId: string): void {
	write(actor, (tx) => {
		const detail = waivable(id, questionId);
		const existing = detail.waivers[questionId];
		if (!existing) throw new assessments.AssessmentError('questionId', 'There is no waiver on this question (it may have been withdrawn meanwhile); nothing was changed.', 409);
		tx.delete(evidenceWaiver).where(and(eq(evidenceWaiver.assessmentId, id), eq(evidenceWaiver.questionId, questionId))).run();
		record(tx, actor, { action: 'evidence.waiver_withdraw', entityType: 'assessment', entityId: id, details: { question: questionId, reason: existing.reason } });
	});
}
