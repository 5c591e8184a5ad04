// What evidence an answer needs, shared by the server (which enforces it in
// the write transaction) and the browser (which explains it before a save,
// a submit or a finalise). Pure: plain data in, sentences out.
import type { AssuranceLevel, Question, Template } from '../scoring/index';
import { isAnswered } from './answer-input';
import type { AssessmentDetail } from './views';

/**
 * Why an answer may not carry its assurance level, or null when it may.
 * "Evidenced" means evidence is attached; "verified" means evidence, or the
 * verifier's note of what they saw. An unanswered question claims nothing,
 * so it needs nothing.
 */
export function assuranceProblem(input: { assurance: AssuranceLevel; value: unknown; na: boolean; note: string }, evidenceCount: number): string | null {
	if (!isAnswered(input) || evidenceCount > 0) return null;
	if (input.assurance === 'evidenced') {
		return 'Assurance: “evidenced” needs evidence attached to this question. Upload a file or add a link first, or choose “claimed”.';
	}
	if (input.assurance === 'verified' && !input.note.trim()) {
		return 'Assurance: “verified” needs evidence attached or a note saying what you saw. Add either, or choose “claimed”.';
	}
	return null;
}

export interface EvidenceGap {
	questionId: string;
	prompt: string;
}

type Parts = Pick<AssessmentDetail, 'answers' | 'evidence' | 'waivers' | 'verifications'> & { assessment: Pick<AssessmentDetail['assessment'], 'origin'>; template: { doc: Template } };

/**
 * Evidence-required questions that would be locked without evidence: answered
 * (an N/A given by a person counts; one given because the question does not
 * apply to the platform's kind does not), with no evidence and no waiver.
 * On a self-assessment an adjusted answer is the analyst's, with its reason
 * beside it, so it is no gap either.
 */
export function evidenceGaps(detail: Parts): EvidenceGap[] {
	const withEvidence = new Set(detail.evidence.map((e) => e.questionId));
	const gaps: EvidenceGap[] = [];
	for (const q of detail.template.doc.sections.flatMap((s) => s.questions)) {
		if (q.evidence !== 'required' || withEvidence.has(q.id) || detail.waivers[q.id]) continue;
		const answer = detail.answers[q.id];
		if (!isAnswered(answer) || answer.notApplicableTo !== null) continue;
		if (detail.assessment.origin === 'self' && detail.verifications[q.id]?.decision === 'adjusted') continue;
		gaps.push({ questionId: q.id, prompt: promptOf(q) });
	}
	return gaps;
}

/** Whether accepting this claim as it stands would let an evidence-required answer through unsupported. */
export function acceptNeedsEvidence(question: Question, detail: Pick<AssessmentDetail, 'answers' | 'evidence' | 'waivers'>): boolean {
	if (question.evidence !== 'required' || detail.waivers[question.id]) return false;
	if (detail.answers[question.id]?.notApplicableTo) return false;
	return !detail.evidence.some((e) => e.questionId === question.id);
}

export function promptOf(q: Question): string {
	return q.prompt ?? q.id;
}

/** What locking (submit or finalise) will mean, shown before the person confirms. */
export interface LockPreview {
	/** Share of the questionnaire's weight answered, 0–1. */
	coverage: number;
	/** Knock-out questions with no answer: they count as failed until answered. */
	unansweredKnockouts: EvidenceGap[];
	/** Evidence-required answers with neither evidence nor a waiver. */
	evidenceMissing: EvidenceGap[];
}

export function lockPreview(detail: Parts, coverage: number): LockPreview {
	const unansweredKnockouts = detail.template.doc.sections
		.flatMap((s) => s.questions)
		.filter((q) => q.critical && !isAnswered(detail.answers[q.id]))
		.map((q) => ({ questionId: q.id, prompt: promptOf(q) }));
	return { coverage, unansweredKnockouts, evidenceMissing: evidenceGaps(detail) };
}
