// Verifying a self-assessment, answer by answer. The platform's claims stay
// in `answers` as it gave them; each decision here sits beside one claim:
// accepted, adjusted (a verified value and the reason), or a question back
// to the platform, which reopens just that answer for it.
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { isAnswered, toEntry } from '../../assessments/answer-input';
import { acceptNeedsEvidence, promptOf } from '../../assessments/evidence-rules';
import { isOpenQuestion, own, type VerificationDecision } from '../../assessments/verified-answers';
import type { AnswerValue } from '../../scoring/index';
import * as assessments from './assessments';
import { checkAnswer } from './answers';
import { transition } from './states';
import { AssessmentError, type AssessmentDetail } from './assessments';
import { recordAll, type Actor, type AuditEntry } from '../audit';
import { controlCharactersMessage, hasControlCharacters } from '../../validation/text';
import { statement, write, type Tx } from '../db/index';
import { assessment, invitation } from '../db/schema';

const TEXT_LIMIT = 5_000;

export type DecisionInput =
	| { decision: 'accepted' }
	| { decision: 'adjusted'; value: AnswerValue | null; na: boolean; rationale: string }
	| { decision: 'clarification'; comment: string };

/**
 * A self-assessment the platform has submitted: the only kind that is
 * verified. Read inside the transaction that records the decisions, so a
 * finalise or a return to the platform that lands first is seen.
 */
function underReview(id: number): AssessmentDetail {
	const detail = assessments.mustGet(id);
	assertUnderReview(detail);
	return detail;
}

function assertUnderReview(detail: AssessmentDetail): void {
	if (detail.assessment.origin !== 'self') throw new AssessmentError('origin', 'Only a platform’s self-assessment is verified; this assessment was answered by analysts.');
	if (detail.assessment.state !== 'in_review') {
		throw new AssessmentError(
			'state',
			detail.assessment.state === 'final'
				? 'This self-assessment is final and locked, so nothing was changed.'
				: 'The platform has not submitted these answers (or has them back for clarification), so nothing was changed; verify them once it submits.',
			409
		);
	}
}

function questionOf(detail: AssessmentDetail, questionId: string) {
	const question = detail.template.doc.sections.flatMap((s) => s.questions).find((q) => q.id === questionId);
	if (!question) throw new AssessmentError('questionId', `The template has no question ${questionId}.`);
	return question;
}

function text(field: string, raw: string, what: string): string {
	const value = raw.trim();
	if (!value) throw new AssessmentError(field, `Give ${what}.`);
	if (value.length > TEXT_LIMIT) throw new AssessmentError(field, `Keep it under ${TEXT_LIMIT.toLocaleString('en')} characters.`);
	if (hasControlCharacters(value, { multiline: true })) throw new AssessmentError(field, controlCharactersMessage(field === 'rationale' ? 'A rationale' : 'A question', { multiline: true }));
	return value;
}

interface DecisionRow {
	decision: VerificationDecision;
	value: string | null;
	na: boolean;
	rationale: string | null;
	comment: string | null;
}

// Raw: deciding every answer of a self-assessment (67 decisions) takes 2.4× as long with drizzle's upsert, 19 ms against 8 (bench, 2026-12-07).
const UPSERT = `INSERT INTO verifications (assessment_id, question_id, decision, value, na, rationale, comment, claim_version, answered_at, decided_by, decided_at)
	VALUES (@assessmentId, @questionId, @decision, @value, @na, @rationale, @comment, @claimVersion, NULL, @decidedBy, @decidedAt)
	ON CONFLICT (assessment_id, question_id) DO UPDATE SET decision = excluded.decision, value = excluded.value, na = excluded.na,
	  rationale = excluded.rationale, comment = excluded.comment, claim_version = excluded.claim_version, answered_at = NULL,
	  decided_by = excluded.decided_by, decided_at = excluded.decided_at`;

/** Write one decision in the caller's transaction, replacing any earlier one; returns its audit entry. */
function upsert(actor: Actor, detail: AssessmentDetail, questionId: string, row: DecisionRow, now: number): AuditEntry {
	const before = own(detail.verifications, questionId) ?? null;
	// The question asked stays with the answer once decided: the record of why it was checked.
	const comment = row.comment ?? before?.comment ?? null;
	const claimVersion = own(detail.answers, questionId)?.version ?? 0;
	statement(UPSERT).run({ assessmentId: detail.assessment.id, questionId, ...row, na: row.na ? 1 : 0, comment, claimVersion, decidedBy: actor.id, decidedAt: now });
	return {
		action: 'verification.decide',
		entityType: 'assessment',
		entityId: detail.assessment.id,
		details: {
			question: questionId,
			from: before && { decision: before.decision, value: before.value, na: before.na, rationale: before.rationale || null, comment: before.comment || null },
			to: row,
			claimVersion
		}
	};
}

/** What the analyst saw when deciding: the claim's version and the decision then in place (0 for none). */
export interface DecisionBasis {
	claimVersion: number;
	decidedAt: number;
}

/**
 * Record the analyst's decision on one answer; a later decision replaces an
 * earlier one. With `basis`, a decision made on a claim or a decision that has
 * changed since (the platform answered again, a colleague decided) is refused.
 */
export function decide(actor: Actor, id: number, questionId: string, input: DecisionInput, basis?: DecisionBasis): void {
	decideAll(actor, id, [{ questionId, input, basis }]);
}

/**
 * Several decisions on one self-assessment, checked as `decide` checks each
 * and recorded together: all of them, or (on the first refusal) none. Naming
 * one question twice is refused. Everything is checked against the
 * self-assessment as read in the transaction that records the decisions.
 */
export function decideAll(actor: Actor, id: number, decisions: Array<{ questionId: string; input: DecisionInput; basis?: DecisionBasis }>): void {
	write(actor, (tx) => {
		const detail = underReview(id);
		const seen = new Set<string>();
		const rows = decisions.map(({ questionId, input, basis }) => {
			if (seen.has(questionId)) throw new AssessmentError(questionId, `Question ${questionId} appears twice; decide each answer once.`);
			seen.add(questionId);
			return { questionId, row: decisionRow(detail, questionId, input, basis) };
		});
		if (rows.length) writeDecisions(tx, actor, detail, rows);
	});
}

/** Decisions in the caller's transaction, each with its audit event (one read of the chain's end for them all). */
function writeDecisions(tx: Tx, actor: Actor, detail: AssessmentDetail, rows: Array<{ questionId: string; row: DecisionRow }>): void {
	const now = Date.now();
	recordAll(
		tx,
		actor,
		rows.map(({ questionId, row }) => upsert(actor, detail, questionId, row, now))
	);
	tx.update(assessment).set({ updatedAt: now }).where(eq(assessment.id, detail.assessment.id)).run();
}

/** The row recording one decision, once the decision is found valid against the assessment as it stands. */
function decisionRow(detail: AssessmentDetail, questionId: string, input: DecisionInput, basis?: DecisionBasis): DecisionRow {
	const question = questionOf(detail, questionId);
	const claim = own(detail.answers, questionId);
	const current = own(detail.verifications, questionId);
	if (basis && (basis.claimVersion !== (claim?.version ?? 0) || basis.decidedAt !== (current?.decidedAt ?? 0))) {
		throw new AssessmentError('basis', 'This answer or its decision changed since you opened the page (the platform answered again, or a colleague decided), so nothing was changed. Reload to see it, then decide.', 409);
	}
	const answered = isAnswered(claim);
	let row: DecisionRow;
	if (input.decision === 'accepted') {
		if (!answered) throw new AssessmentError(questionId, 'The platform did not answer this question: there is nothing to accept. Adjust it to record the verified answer, or ask the platform.');
		if (acceptNeedsEvidence(question, detail)) {
			throw new AssessmentError(
				questionId,
				'This question requires evidence and the platform attached none, so its claim cannot be accepted as it stands. Ask the platform for the evidence, adjust the answer with what you saw, or waive the requirement with a reason. Nothing was changed.'
			);
		}
		row = { decision: 'accepted', value: null, na: false, rationale: null, comment: null };
	} else if (input.decision === 'adjusted') {
		if (question.type === 'text') throw new AssessmentError(questionId, 'This question is not scored: accept it, or ask the platform about it.');
		const verified = { value: input.na ? null : input.value, na: input.na, assurance: 'verified' as const, note: '' };
		if (!toEntry(verified)) throw new AssessmentError(questionId, 'Give the verified answer, or mark it not applicable.');
		checkAnswer(detail, questionId, verified);
		const unchanged = claim && claim.na === input.na && (input.na || JSON.stringify(claim.value) === JSON.stringify(input.value));
		if (unchanged) throw new AssessmentError(questionId, 'That is the platform’s own answer: accept it instead of adjusting.');
		const rationale = text('rationale', input.rationale, 'the reason for the adjustment: what the evidence showed');
		row = { decision: 'adjusted', value: input.na ? null : JSON.stringify(input.value), na: input.na, rationale, comment: null };
	} else {
		row = { decision: 'clarification', value: null, na: false, rationale: null, comment: text('comment', input.comment, 'the question for the platform') };
	}
	return row;
}

/**
 * Accept every answer in a section that has no decision yet; decisions
 * already made stay, including one a colleague made a moment ago. An
 * evidence-required claim with no evidence and no waiver is skipped, and
 * named, rather than accepted unsupported.
 */
export function acceptSection(actor: Actor, id: number, sectionId: string): { accepted: number; skipped: Array<{ questionId: string; prompt: string }> } {
	return write(actor, (tx) => {
		const detail = underReview(id);
		const section = detail.template.doc.sections.find((s) => s.id === sectionId);
		if (!section) throw new AssessmentError('section', 'Unknown section.');
		const claims = assessments.claimsDocument(detail).answers;
		const undecided = section.questions.filter((q) => own(claims, q.id) && !own(detail.verifications, q.id));
		const skipped = undecided.filter((q) => acceptNeedsEvidence(q, detail));
		const pending = undecided.filter((q) => !skipped.includes(q)).map((q) => q.id);
		if (pending.length) {
			writeDecisions(
				tx,
				actor,
				detail,
				pending.map((questionId) => ({ questionId, row: { decision: 'accepted', value: null, na: false, rationale: null, comment: null } }))
			);
		}
		return { accepted: pending.length, skipped: skipped.map((q) => ({ questionId: q.id, prompt: promptOf(q) })) };
	});
}

/** The invitation the platform submitted through, or the one it answers through now (the newest no re-issue replaced). */
function invitationFor(tx: Tx, assessmentId: number, which: 'submitted' | 'live') {
	return tx
		.select()
		.from(invitation)
		.where(and(eq(invitation.assessmentId, assessmentId), which === 'submitted' ? isNotNull(invitation.submittedAt) : isNull(invitation.replacedById)))
		.orderBy(which === 'submitted' ? desc(invitation.submittedAt) : desc(invitation.createdAt), desc(invitation.id))
		.get();
}

/**
 * Send the questions to the platform: the self-assessment goes back to it,
 * with only the answers in question open. Its link works again if it has not
 * expired; otherwise the analyst re-issues it. The questions, the state and
 * the invitation are all read inside the transaction that sends them: a
 * question a colleague decided meanwhile is not sent, and with none left the
 * answers stay with the analyst (reopened with no question, every answer
 * would be open to the platform).
 */
export function requestClarification(actor: Actor, id: number): { questions: string[]; linkUsable: boolean } {
	let questions: string[] = [];
	let linkUsable = false;
	transition(actor, id, 'in_review', 'draft', 'assessment.clarification_requested', {
		check: (detail) => {
			assertUnderReview(detail);
			questions = Object.values(detail.verifications)
				.filter(isOpenQuestion)
				.map((v) => v.questionId);
			if (!questions.length) {
				throw new AssessmentError('verification', 'There is no new question to send (a colleague may have decided it meanwhile): ask about an answer first (“Ask the platform…”). Nothing was sent.', 409);
			}
		},
		alongside: (tx, now) => {
			const inv = invitationFor(tx, id, 'submitted');
			if (inv) tx.update(invitation).set({ submittedAt: null }).where(eq(invitation.id, inv.id)).run();
			linkUsable = !!inv && inv.revokedAt === null && inv.replacedById === null && inv.expiresAt > now;
			return { questions, invitationId: inv?.id ?? null, linkUsable };
		}
	});
	return { questions, linkUsable };
}

/**
 * Take the questions back: the platform has not answered and the analyst
 * decides without it. The self-assessment returns to review; anything the
 * platform changed meanwhile stays, as its claim, for the analyst to decide.
 * Checked inside the transaction: questions the platform answered meanwhile
 * are not taken back.
 */
export function withdrawClarification(actor: Actor, id: number): void {
	let asked: string[] = [];
	transition(actor, id, 'draft', 'in_review', 'assessment.clarification_withdrawn', {
		check: (detail) => {
			if (detail.assessment.origin !== 'self') throw new AssessmentError('origin', 'Only a platform’s self-assessment has questions to take back.');
			asked = Object.values(detail.verifications)
				.filter(isOpenQuestion)
				.map((v) => v.questionId);
			if (detail.assessment.state !== 'draft' || !asked.length) {
				const answered = detail.assessment.state === 'in_review' && Object.values(detail.verifications).some((v) => v.decision === 'clarification' && v.answeredAt !== null);
				throw answered
					? new AssessmentError('state', 'The platform answered the questions before they were taken back: its answers are back for your decision. Nothing was taken back.', 409)
					: new AssessmentError('state', 'There are no questions with the platform to take back.');
			}
		},
		alongside: (tx, now) => {
			// The link goes back to read-only: the platform no longer has anything open.
			const inv = invitationFor(tx, id, 'live');
			if (inv && inv.submittedAt === null) tx.update(invitation).set({ submittedAt: now }).where(eq(invitation.id, inv.id)).run();
			return { questions: asked, invitationId: inv?.id ?? null };
		}
	});
}
