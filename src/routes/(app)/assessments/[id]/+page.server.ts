import { error, fail, redirect } from '@sveltejs/kit';
import { parseValue } from '$lib/assessments/answer-input';
import { lockPreview } from '$lib/assessments/evidence-rules';
import { verificationProgress } from '$lib/assessments/verified-answers';
import { sectionEntries, sectionFormProblem } from '$lib/server/assessments';
import * as assessments from '$lib/server/assessments';
import { fourEyesRelaxed } from '$lib/server/auth';
import { addLink, removeEvidence, uploadEvidence, waiveEvidence, withdrawWaiver } from '$lib/server/evidence';
import { refused, requireRole } from '$lib/server/http';
import { leanTemplateJson, sectionTexts } from '$lib/server/templates';
import * as verification from '$lib/server/assessments';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

function assessmentId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such assessment.');
	return id;
}

export const load: PageServerLoad = ({ params, locals, url, untrack }) => {
	const detail = assessments.get(assessmentId(params.id));
	if (!detail) error(404, 'There is no such assessment.');
	const role = locals.user!.role;
	const self = detail.assessment.origin === 'self';
	const state = detail.assessment.state;
	const progress = self ? verificationProgress(detail.template.doc, assessments.claimsDocument(detail), detail.verifications, assessments.claimVersions(detail)) : null;
	const { doc, ...template } = detail.template;
	return {
		// The questionnaire travels as its JSON text, which the page parses: serialised as a document it cost more than the rest of the view.
		detail: { ...detail, template },
		templateJson: leanTemplateJson(doc),
		// Its questions' texts for the open section only; the page fetches another's when it is opened.
		// Untracked: moving between sections stays a navigation within the page, which does not load all this again.
		texts: sectionTexts(doc, untrack(() => url.searchParams.get('section'))).texts,
		// Self-assessments: claims beside what was verified, and how far apart they are.
		verification: progress
			? {
					progress,
					gap: assessments.trustGapOf(detail),
					canVerify: role !== 'committee' && detail.assessment.state === 'in_review',
					canWithdraw: role !== 'committee' && detail.assessment.state === 'draft' && progress.clarification > 0
				}
			: null,
		// Committee members read; analysts and admins write, until it is final.
		// A self-assessment's answers are the platform's claims: staff read them, never edit them.
		canEdit: role !== 'committee' && detail.assessment.state !== 'final' && detail.assessment.origin !== 'self',
		canRecompute: role === 'admin' && detail.assessment.state === 'final',
		canAmend: role !== 'committee' && detail.assessment.state === 'final',
		// One amendment at a time: while one is open, the page leads to it instead.
		openAmendment: detail.assessment.state === 'final' ? assessments.openAmendment(detail.assessment.id) : null,
		// What submitting or finalising would lock in, shown before the person confirms.
		lock: state === 'final' ? null : lockPreview(detail, assessments.currentScore(detail).overall.coverage ?? 0),
		fourEyes: fourEyesOf(detail, locals.user!.id)
	};
};

/**
 * Four eyes as the page shows it: whether this person submitted the
 * assessment, and whether the setting lets them finalise it anyway. The
 * finalise transaction judges it again against the rows it reads.
 */
function fourEyesOf(detail: assessments.AssessmentDetail, userId: number) {
	const mine = detail.assessment.state === 'in_review' && detail.assessment.submittedBy === userId;
	const relaxed = fourEyesRelaxed();
	return { submittedByMe: mine, relaxed, blocked: mine && !relaxed, submittedBy: assessments.nameOf(detail.assessment.submittedBy) };
}

/** The assessment's questionnaire, to read a form against (a template version never changes); 404 when there is none. */
function questionnaire(id: number) {
	const found = assessments.outline(id);
	if (!found) error(404, 'There is no such assessment.');
	return found.template.doc;
}

const CONFIRM_REFUSED = 'This confirmation is not one the page sends; reload the page and confirm again. Nothing was changed.';

/** A step that locks answers runs once confirmed (confirmed=yes); without the field it asks first; anything else is refused. */
function confirmation(form: FormData): 'ask' | 'confirmed' | 'refused' {
	const value = form.get('confirmed');
	if (value === null) return 'ask';
	return value === 'yes' ? 'confirmed' : 'refused';
}

/** What "accept all" did, and what it left for the analyst because it may not accept it unsupported. */
function acceptedSentence({ accepted, skipped }: ReturnType<typeof verification.acceptSection>): string {
	const done = accepted ? `Accepted ${accepted} answer${accepted === 1 ? '' : 's'}.` : skipped.length ? 'Accepted none.' : 'Every answer in this section already has a decision.';
	if (!skipped.length) return done;
	const names = skipped.map((q) => `“${q.prompt}”`).join('; ');
	return `${done} Skipped ${skipped.length} that require${skipped.length === 1 ? 's' : ''} evidence the platform did not attach: ${names}. Ask for it, adjust with what you saw, or waive it with a reason.`;
}

export const actions: Actions = {
	/** The plain-submit path: every question of one section in one form. */
	saveSection: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = assessmentId(event.params.id);
		const doc = questionnaire(id);
		const form = await event.request.formData();
		const sectionId = String(form.get('section') ?? '');
		const section = doc.sections.find((s) => s.id === sectionId);
		if (!section) return fail(400, { action: 'saveSection', field: 'section', message: 'Unknown section.' });
		const problem = sectionFormProblem(section, form);
		if (problem) return fail(400, { action: 'saveSection', section: sectionId, field: problem.field, message: problem.message });
		const entries = sectionEntries(section, form);
		// What was sent is shown again with any refusal: nothing typed is lost.
		const echo = { action: 'saveSection', section: sectionId, submitted: Object.fromEntries(entries.map((e) => [e.questionId, e.input])) };
		let outcome: ReturnType<typeof assessments.saveAnswers>;
		try {
			outcome = assessments.saveAnswers(user.actor, id, entries, { as: 'staff' });
		} catch (err) {
			return refused(err, echo);
		}
		if (outcome.conflicts.length) {
			return fail(409, {
				...echo,
				message: 'Someone else changed answers in this section meanwhile. Their answers are shown below; nothing of yours was saved.',
				errors: outcome.errors,
				conflicts: outcome.conflicts
			});
		}
		if (Object.keys(outcome.errors).length) return fail(400, { ...echo, message: 'Some answers need correcting; nothing was saved.', errors: outcome.errors, conflicts: [] });
		return { action: 'saveSection', section: sectionId, done: outcome.saved ? `Saved ${outcome.saved} answer${outcome.saved === 1 ? '' : 's'}.` : 'Nothing had changed.' };
	},
	// Evidence: who may add or remove it (never on a self-assessment, never once final) is judged in its transaction.
	uploadEvidence: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = assessmentId(event.params.id);
		const form = await event.request.formData();
		const file = form.get('file');
		const questionId = String(form.get('questionId') ?? '');
		const problem = formProblem(form, { files: ['file'] });
		if (problem) return fail(400, { action: 'uploadEvidence', field: problem.field, questionId, message: problem.message });
		if (!(file instanceof File)) return fail(400, { action: 'uploadEvidence', field: 'file', questionId, message: 'Choose a file to upload.' });
		try {
			const saved = await uploadEvidence(user.actor, id, questionId, file);
			return { action: 'uploadEvidence', questionId, done: `Uploaded ${saved.filename} (SHA-256 ${saved.sha256}).`, evidence: saved };
		} catch (err) {
			return refused(err, { action: 'uploadEvidence', questionId });
		}
	},
	addLink: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = assessmentId(event.params.id);
		const form = await event.request.formData();
		const questionId = String(form.get('questionId') ?? '');
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'addLink', field: problem.field, questionId, message: problem.message });
		try {
			const saved = addLink(user.actor, id, questionId, String(form.get('url') ?? '').trim(), String(form.get('label') ?? '').trim());
			return { action: 'addLink', questionId, done: 'Link added.', evidence: saved };
		} catch (err) {
			return refused(err, { action: 'addLink', questionId });
		}
	},
	removeEvidence: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = assessmentId(event.params.id);
		const form = await event.request.formData();
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'removeEvidence', field: problem.field, message: problem.message });
		const evidenceId = Number(form.get('evidenceId'));
		if (!Number.isSafeInteger(evidenceId) || evidenceId <= 0) return fail(400, { action: 'removeEvidence', field: 'evidenceId', message: 'There is no such evidence.' });
		try {
			const { questionId } = removeEvidence(user.actor, id, evidenceId);
			return { action: 'removeEvidence', questionId, done: 'Evidence removed.' };
		} catch (err) {
			return refused(err, { action: 'removeEvidence' });
		}
	},
	submit: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const form = await event.request.formData();
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'submit', field: problem.field, message: problem.message });
		// Without JavaScript the first post is the confirmation step: the page shows what will be locked in, and its form confirms.
		const step = confirmation(form);
		if (step === 'refused') return fail(400, { action: 'submit', field: 'confirmed', message: CONFIRM_REFUSED });
		if (step === 'ask') {
			// Only a submission that would go through is put to the person; the submission checks again in its transaction.
			try {
				assessments.assertSubmittable(assessments.mustGet(assessmentId(event.params.id)), 'staff');
			} catch (err) {
				return refused(err, { action: 'submit' });
			}
			return { action: 'submit', confirm: 'submit' as const };
		}
		try {
			assessments.submit(user.actor, assessmentId(event.params.id), { as: 'staff' });
		} catch (err) {
			return refused(err, { action: 'submit' });
		}
		return { action: 'submit', done: 'Submitted for review.' };
	},
	reopen: (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		try {
			assessments.reopen(user.actor, assessmentId(event.params.id));
		} catch (err) {
			return refused(err, { action: 'reopen' });
		}
		return { action: 'reopen', done: 'Back to draft.' };
	},
	finalize: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const form = await event.request.formData();
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'finalize', field: problem.field, message: problem.message });
		const validUntil = String(form.get('validUntil') ?? '').trim() || null;
		const step = confirmation(form);
		if (step === 'refused') return fail(400, { action: 'finalize', field: 'confirmed', message: CONFIRM_REFUSED });
		if (step === 'ask') {
			// A finalise that would be refused says why now, rather than after the person confirms.
			try {
				assessments.assertFinalizable(user.actor, assessments.mustGet(assessmentId(event.params.id)));
			} catch (err) {
				return refused(err, { action: 'finalize' });
			}
			return { action: 'finalize', confirm: 'finalize' as const, validUntil };
		}
		try {
			assessments.finalize(user.actor, assessmentId(event.params.id), { validUntil });
		} catch (err) {
			return refused(err, { action: 'finalize' });
		}
		return { action: 'finalize', done: 'Finalised: the assessment is locked and its figures are stored.' };
	},
	/** Let an evidence-required answer through without evidence, with the reason the report shows. */
	waiveEvidence: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = assessmentId(event.params.id);
		const form = await event.request.formData();
		const questionId = String(form.get('questionId') ?? '');
		const reason = String(form.get('reason') ?? '');
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'waiveEvidence', field: problem.field, questionId, reason, message: problem.message });
		try {
			waiveEvidence(user.actor, id, questionId, reason);
		} catch (err) {
			return refused(err, { action: 'waiveEvidence', questionId, reason });
		}
		return { action: 'waiveEvidence', questionId, done: 'Evidence waived; the reason is shown on the report.' };
	},
	withdrawWaiver: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = assessmentId(event.params.id);
		const form = await event.request.formData();
		const questionId = String(form.get('questionId') ?? '');
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'withdrawWaiver', field: problem.field, questionId, message: problem.message });
		try {
			withdrawWaiver(user.actor, id, questionId);
		} catch (err) {
			return refused(err, { action: 'withdrawWaiver', questionId });
		}
		return { action: 'withdrawWaiver', questionId, done: 'Waiver withdrawn: this answer needs its evidence again.' };
	},
	/** One answer of a self-assessment: accept, adjust (value and reason) or ask the platform. */
	verify: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = assessmentId(event.params.id);
		const doc = questionnaire(id);
		const form = await event.request.formData();
		const questionId = String(form.get('questionId') ?? '');
		const decision = String(form.get('decision') ?? '');
		const question = doc.sections.flatMap((s) => s.questions).find((q) => q.id === questionId);
		if (!question) return fail(400, { action: 'verify', questionId, field: 'questionId', message: 'Unknown question.' });
		const problem = formProblem(form, { lists: question.type === 'multi_choice' ? [`value:${question.id}`] : [] });
		if (problem) return fail(400, { action: 'verify', questionId, field: problem.field, message: problem.message });
		const input: verification.DecisionInput | null =
			decision === 'accepted'
				? { decision }
				: decision === 'adjusted'
					? { decision, value: parseValue(question, form.getAll(`value:${questionId}`).map(String)), na: form.get(`na:${questionId}`) === 'on', rationale: String(form.get('rationale') ?? '') }
					: decision === 'clarification'
						? { decision, comment: String(form.get('comment') ?? '') }
						: null;
		if (!input) return fail(400, { action: 'verify', questionId, field: 'decision', message: 'Choose accept, adjust or ask.' });
		const basis = { claimVersion: Number(form.get('claimVersion')), decidedAt: Number(form.get('decidedAt')) };
		if (!Number.isSafeInteger(basis.claimVersion) || !Number.isSafeInteger(basis.decidedAt)) {
			return fail(400, { action: 'verify', questionId, field: 'basis', message: 'This form is out of date; reload the page.' });
		}
		try {
			verification.decide(user.actor, id, questionId, input, basis);
		} catch (err) {
			return refused(err, { action: 'verify', questionId, decision, rationale: String(form.get('rationale') ?? ''), comment: String(form.get('comment') ?? '') });
		}
		const done = { accepted: 'Accepted.', adjusted: 'Adjusted; the platform’s claim is kept beside it.', clarification: 'Question noted; send it to the platform when you have asked all you need.' }[input.decision];
		return { action: 'verify', questionId, done };
	},
	acceptSection: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = assessmentId(event.params.id);
		const form = await event.request.formData();
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'acceptSection', field: problem.field, message: problem.message });
		const section = String(form.get('section') ?? '');
		let outcome: ReturnType<typeof verification.acceptSection>;
		try {
			outcome = verification.acceptSection(user.actor, id, section);
		} catch (err) {
			return refused(err, { action: 'acceptSection', section });
		}
		return { action: 'acceptSection', section, done: acceptedSentence(outcome) };
	},
	requestClarification: (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		let sent: ReturnType<typeof verification.requestClarification>;
		try {
			sent = verification.requestClarification(user.actor, assessmentId(event.params.id));
		} catch (err) {
			return refused(err, { action: 'requestClarification' });
		}
		const n = sent.questions.length;
		return {
			action: 'requestClarification',
			done:
				`Sent ${n} question${n === 1 ? '' : 's'} back to the platform; ${n === 1 ? 'that answer is' : 'those answers are'} open to it again.` +
				(sent.linkUsable ? ' Its link still works.' : ' Its link has expired or was revoked: re-issue it from the platform page and send the new link.')
		};
	},
	withdrawClarification: (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		try {
			verification.withdrawClarification(user.actor, assessmentId(event.params.id));
		} catch (err) {
			return refused(err, { action: 'withdrawClarification' });
		}
		return { action: 'withdrawClarification', done: 'Questions taken back: the self-assessment is in review again, and the platform’s link is read-only.' };
	},
	amend: (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		let draftId: number;
		try {
			draftId = assessments.amend(user.actor, assessmentId(event.params.id)).assessment.id;
		} catch (err) {
			// An amendment already open: the page links to it.
			return refused(err, { action: 'amend', ...(err instanceof assessments.AmendmentOpen ? { amendmentId: err.amendmentId } : {}) });
		}
		redirect(303, `/assessments/${draftId}`);
	},
	recompute: (event) => {
		const user = requireRole(event, 'admin');
		let r: ReturnType<typeof assessments.recompute>;
		try {
			r = assessments.recompute(user.actor, assessmentId(event.params.id));
		} catch (err) {
			return refused(err, { action: 'recompute' });
		}
		return {
			action: 'recompute',
			done: r.changed
				? `The stored figures differed and were replaced: score ${r.before?.overall.score ?? '—'} → ${r.after.overall.score}, grade ${r.before?.overall.grade ?? '—'} → ${r.after.overall.grade}.`
				: 'Recomputed: the stored figures match the answers exactly.'
		};
	}
};
