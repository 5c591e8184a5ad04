// What the platform's respondent does through its link: save answers, add
// evidence, submit. Each is judged inside the write transaction that makes
// the change, against the invitation, the self-assessment and the analyst's
// open questions as they stand then: another process (the platform's other
// tab, the analyst) may have submitted, taken questions back or revoked the
// link while this request's body was arriving. Losing that race is a 409
// saying what changed.
import { and, eq, isNull } from 'drizzle-orm';
import { openToRespondent } from '../../assessments/verified-answers';
import type { Template } from '../../scoring/index';
import * as assessments from '../assessments';
import { record } from '../audit';
import { write, type Tx } from '../db/index';
import { invitation, verification, type Invitation } from '../db/schema';
import { Conflict } from '../errors';
import { addLink, uploadEvidence, type EvidenceScope } from '../evidence';
import { InvitationError, respondentActor, statusOf, type RespondentContext } from './invitations';

/** What the respondent may change now: every answer, or only those the analyst asked about; or, closed, why not. */
export type Access = { open: Set<string> | 'all' } | { closed: string };

/** The rule, in one place: the page shows what it allows, and every change checks it again under the write lock. */
export function accessOf(inv: Invitation, detail: assessments.AssessmentDetail, now = Date.now()): Access {
	const status = statusOf(inv, now);
	if (status === 'revoked') return { closed: 'This link was withdrawn, so nothing was changed. Ask the person who sent it for a new one.' };
	if (status === 'expired') return { closed: 'This link has expired, so nothing was changed. Ask the person who sent it for a new one.' };
	const { origin, state } = detail.assessment;
	if (origin !== 'self') return { closed: 'These answers are not the platform’s to change; nothing was changed.' };
	if (state === 'final') return { closed: 'The analyst has finalised this self-assessment: its answers can no longer change, and nothing was changed.' };
	if (state !== 'draft' || status === 'submitted') {
		// Submitted, or questions the platform had open were taken back: the rows cannot tell the two apart, so the sentence names both.
		return { closed: 'These answers are with the investor’s analyst now (they were submitted already, or the analyst took back the questions about them), so they cannot change. Nothing was saved.' };
	}
	return { open: openToRespondent(detail.verifications) };
}

/** The invitation and self-assessment as they stand, read in the caller's transaction; a 409 when nothing is open. */
function openNow(tx: Tx, invitationId: number, read?: assessments.AssessmentDetail) {
	const inv = tx.select().from(invitation).where(eq(invitation.id, invitationId)).get();
	if (!inv) throw new Conflict('invitation', 'This link no longer exists, so nothing was changed. Ask the person who sent it for a new one.');
	const detail = read?.assessment.id === inv.assessmentId ? read : assessments.mustGet(inv.assessmentId);
	const access = accessOf(inv, detail);
	if ('closed' in access) throw new Conflict('state', access.closed);
	return { inv, detail, open: access.open };
}

/**
 * The questionnaire as the respondent may see it: without the review guidance,
 * which tells the analyst what good looks like and which red flags to probe,
 * and would coach a platform answering for itself. The stored document is
 * left as it is; unchanged questions are shared with it.
 */
export function respondentQuestionnaire(doc: Template): Template {
	return { ...doc, sections: doc.sections.map((s) => ({ ...s, questions: s.questions.map(withoutReviewGuidance) })) };
}

function withoutReviewGuidance<Q extends { reviewGuidance?: string }>(question: Q): Q {
	if (!Object.hasOwn(question, 'reviewGuidance')) return question;
	const copy = { ...question };
	delete copy.reviewGuidance;
	return copy;
}

/** The evidence as the respondent sees it: what it gave, without who on the investor's side added any. */
export function respondentEvidence(items: assessments.EvidenceView[]): assessments.EvidenceView[] {
	return items.map(({ id, questionId, kind, url, label, sha256, filename, mediaType, size, createdAt }) => ({ id, questionId, kind, url, label, sha256, filename, mediaType, size, createdAt }));
}

/** The questionnaire the link answers, to read a posted section with. */
export function questionnaire(ctx: RespondentContext): Template {
	return assessments.mustGet(ctx.invitation.assessmentId).template.doc;
}

/**
 * Save one section's answers, as claims. `entries` are the answers the form
 * carried; in a clarification round it may carry only those asked about.
 */
export function saveAnswers(ctx: RespondentContext, sectionId: string, entries: assessments.BatchEntry[]): ReturnType<typeof assessments.saveAnswers> {
	return write(respondentActor(ctx.invitation, ctx.sessionId), (tx) => {
		const { inv, detail, open } = openNow(tx, ctx.invitation.id);
		const section = detail.template.doc.sections.find((s) => s.id === sectionId);
		if (!section) throw new InvitationError('section', 'Unknown section.');
		if (entries.some((e) => !section.questions.some((q) => q.id === e.questionId))) throw new InvitationError('section', 'This form holds a question from another section; reload the page.');
		const closed = open === 'all' ? [] : entries.filter((e) => !open.has(e.questionId));
		if (closed.length) {
			throw new Conflict(
				'state',
				`Only the answers the analyst asked about can change now, and this form holds ${closed.length === 1 ? 'another' : `${closed.length} others`}. Reload the page to see which answers are open; nothing was saved.`
			);
		}
		// A respondent's answers are claims until an analyst verifies them, whatever the form said.
		const claims = entries.map((e) => ({ ...e, input: { ...e.input, assurance: 'claimed' as const } }));
		// Nested: a savepoint of this transaction, reading what this one reads.
		return assessments.saveAnswers(respondentActor(inv, ctx.sessionId), detail.assessment.id, claims, { as: 'respondent' });
	});
}

/** The respondent adds evidence only to answers open to it, judged under the write lock. */
function respondentScope(ctx: RespondentContext, questionId: string): EvidenceScope {
	return (tx, detail) => {
		const { open } = openNow(tx, ctx.invitation.id, detail);
		if (open !== 'all' && !open.has(questionId)) {
			throw new Conflict('questionId', 'Evidence can be added now only to the answers the analyst asked about. Reload the page to see which are open; nothing was saved.');
		}
	};
}

/** Add a file to one answer that is open to the respondent. */
export function addEvidence(ctx: RespondentContext, questionId: string, file: File): Promise<assessments.EvidenceView> {
	return uploadEvidence(respondentActor(ctx.invitation, ctx.sessionId), ctx.invitation.assessmentId, questionId, file, respondentScope(ctx, questionId));
}

/** Add a link to one answer that is open to the respondent; stored and audited like a file, never fetched. */
export function addEvidenceLink(ctx: RespondentContext, questionId: string, url: string, label: string): assessments.EvidenceView {
	return addLink(respondentActor(ctx.invitation, ctx.sessionId), ctx.invitation.assessmentId, questionId, url, label, respondentScope(ctx, questionId));
}

/** Hand the answers to the analyst: the self-assessment goes to review. */
export function submit(ctx: RespondentContext): void {
	// One transaction: the checks, the assessment's move (a nested savepoint)
	// and the invitation's mark commit together or not at all.
	write(respondentActor(ctx.invitation, ctx.sessionId), (tx) => {
		const { inv } = openNow(tx, ctx.invitation.id);
		const actor = respondentActor(inv, ctx.sessionId);
		const now = Date.now();
		assessments.submit(actor, inv.assessmentId, { as: 'respondent' });
		const done = tx
			.update(invitation)
			.set({ submittedAt: now })
			.where(and(eq(invitation.id, inv.id), isNull(invitation.submittedAt)))
			.run();
		if (done.changes !== 1) throw new Conflict('state', 'These answers were submitted already; nothing was changed.');
		// The analyst's open questions are answered by this submission: they come back for a decision.
		const answered = tx
			.update(verification)
			.set({ answeredAt: now })
			.where(and(eq(verification.assessmentId, inv.assessmentId), eq(verification.decision, 'clarification'), isNull(verification.answeredAt)))
			.returning({ questionId: verification.questionId })
			.all()
			.map((r) => r.questionId);
		record(tx, actor, { action: 'invitation.submit', entityType: 'invitation', entityId: inv.id, details: { assessmentId: inv.assessmentId, answered } });
	});
}
