// A self-assessment holds two answer sets: the platform's claims, kept as it
// gave them, and what the analyst verified. The verified set is derived here,
// in one place, for the server (snapshots, exports) and the browser alike.
import type { Answer, AnswerSet, AnswerValue, Template } from '../scoring/index';

export type VerificationDecision = 'accepted' | 'adjusted' | 'clarification';

/** A record's own entry only: a question id such as "constructor" must not find Object.prototype. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.hasOwn(record, key) ? record[key] : undefined;
}

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
	/** Clarification: when the platform submitted again after being asked; null while the question is open. */
	answeredAt: number | null;
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
		const claim = own(claims.answers, v.questionId);
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
	/** Questions with the platform, not answered yet. */
	clarification: number;
	/** Questions the platform has answered, waiting for a decision (also in `undecided`). */
	answered: number;
	/** Answered claims with no decision yet, including answered questions. */
	undecided: string[];
	/** Accepted or adjusted, but the platform changed the claim afterwards: decide again. */
	stale: string[];
	/** Every answered claim is accepted or adjusted on its current version and no question awaits clarification. */
	complete: boolean;
}

/** `versions`: each claim's current version, by question id. */
export function verificationProgress(
	template: Template,
	claims: AnswerSet,
	verifications: Readonly<Record<string, VerificationView>>,
	versions: Readonly<Record<string, number>>
): VerificationProgress {
	const out: VerificationProgress = { claimed: 0, accepted: 0, adjusted: 0, clarification: 0, answered: 0, undecided: [], stale: [], complete: false };
	for (const q of template.sections.flatMap((s) => s.questions)) {
		const v = own(verifications, q.id);
		const answeredQuestion = v?.decision === 'clarification' && v.answeredAt !== null;
		if (v && !answeredQuestion) out[v.decision]++;
		if (answeredQuestion) out.answered++;
		if (isStale(v, own(versions, q.id) ?? 0)) out.stale.push(q.id);
		if (own(claims.answers, q.id)) {
			out.claimed++;
			if (!v || answeredQuestion) out.undecided.push(q.id);
		}
	}
	out.complete = out.undecided.length === 0 && out.clarification === 0 && out.stale.length === 0;
	return out;
}

/** A question with the platform that it has not answered yet. */
export function isOpenQuestion(v: VerificationView | undefined): boolean {
	return v?.decision === 'clarification' && v.answeredAt === null;
}

export function isStale(decision: VerificationView | undefined, claimVersion: number): boolean {
	return !!decision && decision.decision !== 'clarification' && decision.claimVersion !== claimVersion;
}

/** Questions the platform may change now: those the analyst asked about, or all before its first submission. */
export function openToRespondent(verifications: Readonly<Record<string, VerificationView>>): Set<string> | 'all' {
	const asked = Object.keys(openQuestions(verifications));
	return asked.length ? new Set(asked) : 'all';
}

/** The analyst's questions the platform has not answered yet: question id → what was asked. */
export function openQuestions(verifications: Readonly<Record<string, VerificationView>>): Record<string, string> {
	return Object.fromEntries(Object.values(verifications).filter(isOpenQuestion).map((v) => [v.questionId, v.comment]));
}
