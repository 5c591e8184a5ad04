// The remediation respondent's world: the findings of one request, their own
// answers and evidence, the investor's message. Nothing here names or reaches
// anything else (no scores, notes or answers of assessments, no other
// findings). What may change is the remediation folder's rule, judged again
// inside each change's transaction; an action parses and makes one call.
import { fail } from '@sveltejs/kit';
import { refused, requireRemediator } from '$lib/server/http';
import * as remediation from '$lib/server/remediation';
import { formProblem } from '$lib/validation/form';
import { remediationErrors, responseInput } from '$lib/validation/remediation';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = (event) => {
	const ctx = requireRemediator(event);
	return {
		respondent: { name: ctx.request.respondentName, message: ctx.request.message, expiresAt: ctx.request.expiresAt },
		findings: remediation.respondentView(ctx)
	};
};

/** The finding a form names (its shape only; whether this link may answer it is the domain's rule). */
function findingIdOf(form: FormData): number | null {
	const id = Number(form.get('findingId'));
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

async function answer(event: RequestEvent, ctx: remediation.RemediatorContext, done: boolean) {
	const action = done ? 'markDone' : 'saveResponse';
	const form = await event.request.formData();
	const findingId = findingIdOf(form);
	const values = { plan: String(form.get('plan') ?? ''), targetOn: String(form.get('targetOn') ?? ''), version: String(form.get('version') ?? '') };
	const problem = formProblem(form);
	if (problem) return fail(400, { action, findingId, values, field: problem.field, message: problem.message });
	if (findingId === null) return fail(400, { action, findingId, values, field: 'findingId', message: 'Choose a finding of this request.' });
	const parsed = responseInput.safeParse(values);
	if (!parsed.success) {
		const errors = remediationErrors(parsed.error);
		const field = Object.keys(errors)[0];
		return fail(400, { action, findingId, values, field, message: errors[field] });
	}
	try {
		if (done) remediation.markDone(ctx, findingId, parsed.data);
		else remediation.saveResponse(ctx, findingId, parsed.data);
		return { action, findingId, done: done ? 'Marked as done. The investor’s analyst will check the fix; you will hear from them if anything is missing.' : 'Saved. You can come back to this link until it expires.' };
	} catch (err) {
		return refused(err, { action, findingId, values });
	}
}

export const actions: Actions = {
	saveResponse: (event) => {
		const ctx = requireRemediator(event);
		return answer(event, ctx, false);
	},
	markDone: (event) => {
		const ctx = requireRemediator(event);
		return answer(event, ctx, true);
	},
	uploadEvidence: async (event) => {
		const ctx = requireRemediator(event);
		const form = await event.request.formData();
		const findingId = findingIdOf(form);
		const problem = formProblem(form, { files: ['file'] });
		if (problem) return fail(400, { action: 'uploadEvidence', findingId, field: problem.field, message: problem.message });
		if (findingId === null) return fail(400, { action: 'uploadEvidence', findingId, field: 'findingId', message: 'Choose a finding of this request.' });
		const file = form.get('file');
		if (!(file instanceof File)) return fail(400, { action: 'uploadEvidence', findingId, field: 'file', message: 'Choose a file to upload.' });
		try {
			const saved = await remediation.addFile(ctx, findingId, file);
			return { action: 'uploadEvidence', findingId, done: `Uploaded ${saved.filename} (SHA-256 ${saved.sha256}).` };
		} catch (err) {
			return refused(err, { action: 'uploadEvidence', findingId });
		}
	},
	addLink: async (event) => {
		const ctx = requireRemediator(event);
		const form = await event.request.formData();
		const findingId = findingIdOf(form);
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'addLink', findingId, field: problem.field, message: problem.message });
		if (findingId === null) return fail(400, { action: 'addLink', findingId, field: 'findingId', message: 'Choose a finding of this request.' });
		try {
			const saved = remediation.addLink(ctx, findingId, String(form.get('url') ?? ''), String(form.get('label') ?? ''));
			return { action: 'addLink', findingId, done: `Added the link ${saved.label ?? saved.url}.` };
		} catch (err) {
			return refused(err, { action: 'addLink', findingId });
		}
	}
};
