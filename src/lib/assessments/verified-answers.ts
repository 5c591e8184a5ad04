// A self-assessment holds two answer sets: the platform's claims, kept as it
// gave them, and what the analyst verified. The verified set is derived here,
// in one place, for the server (snapshots, exports) and the browser alike.
import type { Answer, AnswerSet, AnswerValue, Template } from '../scoring/index';

export type VerificationDecision = 'accepted' | 'adjusted' | 'clarification';

export interface VerificationView {
	questionId: string;
	decision: VerificationDecision;
	/** Adjusted only: the verified value (null with `na`). */
	value: AnswerValue | null;
	na: boolean;
	rationale: string;
	comment: string;
	/** The claim's version the decision was made on. */
	claimVersion: number;
	decidedBy: string | null;
	decidedAt: number;
}

/**
 * Claims with each decision applied: accepted claims and adjustments count
 * as `verified`; a claim still undecided or under clarification counts as
 * the platform gave it.
 */
export function verifiedAnswers(claims: AnswerSet, verifications: Readonly<Record<string, VerificationView>>): AnswerSet {
	const answers: Record<string, Answer> = { ...claims.answers };
	for (const v of Object.values(verifications)) {
		const claim = claims.answers[v.questionId];
		if (v.decision === 'accepted' && claim) {
			answers[v.questionId] = { ...claim, assurance: 'verified' };
		} else if (v.decision === 'adjusted') {
			const entry: Answer = v.na ? { na: true, assurance: 'verified' } : { value: v.value as AnswerValue, assurance: 'verified' };
			if (v.rationale) entry.note = v.rationale;
			if (claim?.evidence) entry.evidence = claim.evidence;
			answers[v.questionId] = entry;
		}
	}
	return { ...claims, answers };
}

export interface VerificationProgress {
	/** Questions the platform answered (a value or N/A). */
	claimed: number;
	accepted: number;
	adjusted: number;
	clarification: number;
	/** Answered claims with no decision yet. */
	undecided: string[];
	/** Every answered claim is accepted or adjusted and no question awaits clarification. */
	complete: boolean;
}

export function verificationProgress(template: Template, claims: AnswerSet, verifications: Readonly<Record<string, VerificationView>>): VerificationProgress {
	const out: VerificationProgress = { claimed: 0, accepted: 0, adjusted: 0, clarification: 0, undecided: [], complete: false };
	for (const q of template.sections.flatMap((s) => s.questions)) {
		const v = verifications[q.id];
		if (v) out[v.decision]++;
		if (claims.answers[q.id]) {
			out.claimed++;
			if (!v) out.undecided.push(q.id);
		}
	}
	out.complete = out.undecided.length === 0 && out.clarification === 0;
	return out;
}

/** Questions the platform may change now: those the analyst asked about, or all before its first submission. */
export function openToRespondent(verifications: Readonly<Record<string, VerificationView>>): Set<string> | 'all' {
	const asked = Object.values(verifications).filter((v) => v.decision === 'clarification');
	return asked.length ? new Set(asked.map((v) => v.questionId)) : 'all';
}
