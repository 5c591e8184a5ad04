// The respondent's world: one questionnaire, their own answers and files,
// the investor's message. Nothing here names or reaches anything else. What
// the respondent may change is the invitations folder's rule, judged again
// inside each change's transaction; an action parses and makes one call.
import { error, fail, redirect } from '@sveltejs/kit';
import * as assessments from '$lib/server/assessments';
import { openQuestions } from '$lib/assessments/verified-answers';
import { sectionEntries, sectionFormProblem } from '$lib/server/assessments';
import { refused, requireRespondent } from '$lib/server/http';
import * as invitations from '$lib/server/invitations';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireRespondent(event);
	const detail = assessments.get(ctx.invitation.assessmentId);
	if (!detail) error(404, 'This link is not valid.');
	const access = invitations.accessOf(ctx.invitation, detail);
	const editable = 'open' in access;
	// Only what the respondent needs: no ids of other records, no analyst names.
	return {
		respondent: { name: ctx.invitation.respondentName, message: ctx.invitation.message, expiresAt: ctx.invitation.expiresAt, status: ctx.status },
		platformName: detail.platform.name,
		// Never the review guidance: that is the analyst's.
		template: invitations.respondentQuestionnaire(detail.template.doc),
		answers: Object.fromEntries(Object.entries(detail.answers).map(([qid, a]) => [qid, { value: a.value, na: a.na, note: a.note, notApplicableTo: a.notApplicableTo, version: a.version }])),
		evidence: invitations.respondentEvidence(detail.evidence),
		editable,
		// After submitting, only the answers the analyst asks about reopen, each with the question asked.
		clarifications: 'open' in access && access.open !== 'all' ? openQuestions(detail.verifications) : null
	};
};

export const actions: Actions = {
	saveSection: async (event) => {
		const ctx = requireRespondent(event);
		const form = await event.request.formData();
		const sectionId = String(form.get('section') ?? '');
		const section = invitations.questionnaire(ctx).sections.find((s) => s.id === sectionId);
		if (!section) return fail(400, { action: 'saveSection', message: 'Unknown section.' });
		const problem = sectionFormProblem(section, form);
		if (problem) return fail(400, { action: 'saveSection', section: sectionId, message: problem.message });
		// The answers this form carries: each open question posts its version; in a
		// clarification round the others are not in the form, and stay as they are.
		const entries = sectionEntries(section, form, { assurance: 'claimed' }).filter((e) => form.has(`version:${e.questionId}`));
		try {
			const outcome = invitations.saveAnswers(ctx, sectionId, entries);
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
			return refused(err, { action: 'saveSection', section: sectionId });
		}
	},
	uploadEvidence: async (event) => {
		const ctx = requireRespondent(event);
		const form = await event.request.formData();
		const file = form.get('file');
		const questionId = String(form.get('questionId') ?? '');
		const problem = formProblem(form, { files: ['file'] });
		if (problem) return fail(400, { action: 'uploadEvidence', questionId, field: problem.field, message: problem.message });
		if (!(file instanceof File)) return fail(400, { action: 'uploadEvidence', questionId, field: 'file', message: 'Choose a file to upload.' });
		try {
			const saved = await invitations.addEvidence(ctx, questionId, file);
			return { action: 'uploadEvidence', questionId, done: `Uploaded ${saved.filename} (SHA-256 ${saved.sha256}).` };
		} catch (err) {
			return refused(err, { action: 'uploadEvidence', questionId });
		}
	},
	addLink: async (event) => {
		const ctx = requireRespondent(event);
		const form = await event.request.formData();
		const questionId = String(form.get('questionId') ?? '');
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'addLink', questionId, field: problem.field, message: problem.message });
		try {
			const saved = invitations.addEvidenceLink(ctx, questionId, String(form.get('url') ?? ''), String(form.get('label') ?? ''));
			return { action: 'addLink', questionId, done: `Added the link ${saved.label ?? saved.url}.` };
		} catch (err) {
			return refused(err, { action: 'addLink', questionId });
		}
	},
	submit: (event) => {
		const ctx = requireRespondent(event);
		try {
			invitations.submit(ctx);
		} catch (err) {
			return refused(err, { action: 'submit' });
		}
		redirect(303, '/invite');
	}
};
