// The respondent's world: one questionnaire, their own answers and files,
// the investor's message. Nothing here names or reaches anything else.
import { error, fail, redirect } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import * as assessments from '$lib/server/assessments';
import { openQuestions, openToRespondent } from '$lib/assessments/verified-answers';
import { sectionEntries, sectionFormProblem } from '$lib/server/assessments';
import { uploadEvidence } from '$lib/server/evidence';
import { requireRespondent } from '$lib/server/http';
import * as invitations from '$lib/server/invitations';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireRespondent(event);
	const detail = assessments.get(ctx.invitation.assessmentId);
	if (!detail) error(404, 'This link is not valid.');
	const editable = (ctx.status === 'pending' || ctx.status === 'opened') && detail.assessment.state === 'draft';
	const open = openToRespondent(detail.verifications);
	// Only what the respondent needs: no ids of other records, no analyst names.
	return {
		respondent: { name: ctx.invitation.respondentName, message: ctx.invitation.message, expiresAt: ctx.invitation.expiresAt, status: ctx.status },
		platformName: detail.platform.name,
		template: detail.template.doc,
		answers: Object.fromEntries(Object.entries(detail.answers).map(([qid, a]) => [qid, { value: a.value, na: a.na, note: a.note, version: a.version }])),
		evidence: detail.evidence.map((e) => ({ id: e.id, questionId: e.questionId, kind: e.kind, filename: e.filename, sha256: e.sha256, size: e.size, url: e.url })),
		editable,
		// After submitting, only the answers the analyst asks about reopen, each with the question asked.
		clarifications:
			!editable || open === 'all'
				? null
				: openQuestions(detail.verifications)
	};
};

/** The self-assessment and the questions the respondent may change now; null when none. */
function changeable(ctx: invitations.RespondentContext): { detail: assessments.AssessmentDetail; open: Set<string> | 'all' } | null {
	if (ctx.status !== 'pending' && ctx.status !== 'opened') return null;
	const detail = assessments.get(ctx.invitation.assessmentId);
	if (!detail || detail.assessment.state !== 'draft') return null;
	return { detail, open: openToRespondent(detail.verifications) };
}

export const actions: Actions = {
	saveSection: async (event) => {
		const ctx = requireRespondent(event);
		const form = await event.request.formData();
		// Judged once the body is in: the analyst may have acted while it arrived.
		// From here to the write nothing awaits, so the decision holds.
		const now = changeable(ctx);
		if (!now) return fail(409, { action: 'closed', message: 'These answers are with the investor’s analyst and cannot change now.' });
		const { detail, open } = now;
		const sectionId = String(form.get('section') ?? '');
		const section = detail.template.doc.sections.find((s) => s.id === sectionId);
		if (!section) return fail(400, { action: 'saveSection', message: 'Unknown section.' });
		const problem = sectionFormProblem(section, form);
		if (problem) return fail(400, { action: 'saveSection', section: sectionId, message: problem.message });
		// Answers not reopened are not in the form at all: leave them exactly as they are.
		const entries = sectionEntries(section, form, { assurance: 'claimed' }).filter((e) => open === 'all' || open.has(e.questionId));
		try {
			const outcome = assessments.saveAnswers(invitations.respondentActor(ctx.invitation), detail.assessment.id, entries, { as: 'respondent' });
			if (Object.keys(outcome.errors).length || outcome.conflicts.length) {
				return fail(400, {
					action: 'saveSection',
					section: sectionId,
					message: outcome.conflicts.length ? 'These answers changed in another window meanwhile; reload to see them. Nothing was saved.' : 'Some answers need correcting; nothing was saved.',
					errors: outcome.errors
				});
			}
			return { action: 'saveSection', section: sectionId, done: outcome.saved ? 'Saved. You can come back to this link until it expires.' : 'Nothing had changed.' };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { action: 'saveSection', section: sectionId, message: err.message });
			throw err;
		}
	},
	uploadEvidence: async (event) => {
		const ctx = requireRespondent(event);
		const form = await event.request.formData();
		const file = form.get('file');
		const questionId = String(form.get('questionId') ?? '');
		const OUT_OF_SCOPE = 'Evidence can be added only while the answers are yours to change, and only to the answers the analyst asked about.';
		const allowed = () => {
			const now = changeable(ctx);
			return !!now && (now.open === 'all' || now.open.has(questionId));
		};
		if (!allowed()) return fail(409, { action: 'uploadEvidence', questionId, message: OUT_OF_SCOPE });
		const problem = formProblem(form, { files: ['file'] });
		if (problem) return fail(400, { action: 'uploadEvidence', questionId, message: problem.message });
		if (!(file instanceof File)) return fail(400, { action: 'uploadEvidence', questionId, message: 'Choose a file to upload.' });
		try {
			// Checked again once the file is read, right before it is recorded.
			const stillAllowed = () => {
				if (!allowed()) throw new assessments.AssessmentError('state', OUT_OF_SCOPE);
			};
			const saved = await uploadEvidence(invitations.respondentActor(ctx.invitation), ctx.invitation.assessmentId, questionId, file, stillAllowed);
			return { action: 'uploadEvidence', questionId, done: `Uploaded ${saved.filename} (SHA-256 ${saved.sha256}).` };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { action: 'uploadEvidence', questionId, message: err.message });
			throw err;
		}
	},
	submit: (event) => {
		const ctx = requireRespondent(event);
		try {
			invitations.submit(ctx);
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { action: 'submit', message: err.message });
			throw err;
		}
		redirect(303, '/invite');
	}
};
