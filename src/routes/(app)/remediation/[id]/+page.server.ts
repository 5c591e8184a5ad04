// A remediation request, as the analyst follows it: the link's state, each
// finding with the platform's plan, target date and evidence, and the
// verification. Actions are guard, parse, one call; every rule is the
// remediation folder's, judged under the write lock.
import { error, fail } from '@sveltejs/kit';
import { requireRole, refused } from '$lib/server/http';
import * as remediation from '$lib/server/remediation';
import { formProblem } from '$lib/validation/form';
import { remediationErrors, reopenInput, verifyInput } from '$lib/validation/remediation';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function requestId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such remediation request.');
	return id;
}

export const load: PageServerLoad = (event) => {
	requireRole(event, 'admin', 'analyst');
	const detail = remediation.requestDetail(requestId(event.params.id));
	if (!detail) error(404, 'There is no such remediation request.');
	const { tokenHash: _hash, ...request } = detail.request;
	return { ...detail, request };
};

/** The form's finding id, checked for shape; whether it is in this request is the domain's to say. */
async function findingForm(event: RequestEvent): Promise<{ form: FormData; findingId: number } | { problem: string; field: string }> {
	const form = await event.request.formData();
	const problem = formProblem(form);
	if (problem) return { problem: problem.message, field: problem.field };
	const findingId = Number(form.get('findingId'));
	if (!Number.isSafeInteger(findingId) || findingId <= 0) return { problem: 'Choose a finding of this request.', field: 'findingId' };
	return { form, findingId };
}

export const actions: Actions = {
	revoke: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = requestId(event.params.id);
		const problem = formProblem(await event.request.formData());
		if (problem) return fail(400, { action: 'revoke', field: problem.field, message: problem.message });
		try {
			const req = remediation.revoke(user.actor, id);
			return { action: 'revoke', done: `The link for ${req.respondentEmail} no longer works; findings still waiting on the platform are open again.` };
		} catch (err) {
			return refused(err, { action: 'revoke' });
		}
	},
	withdraw: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = requestId(event.params.id);
		const read = await findingForm(event);
		if ('problem' in read) return fail(400, { action: 'withdraw', field: read.field, message: read.problem });
		try {
			remediation.withdraw(user.actor, id, read.findingId);
			return { action: 'withdraw', findingId: read.findingId, done: 'Withdrawn: the platform can no longer answer it here, and it is open again.' };
		} catch (err) {
			return refused(err, { action: 'withdraw', findingId: read.findingId });
		}
	},
	verify: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = requestId(event.params.id);
		const read = await findingForm(event);
		if ('problem' in read) return fail(400, { action: 'verify', field: read.field, message: read.problem });
		const parsed = verifyInput.safeParse({ note: String(read.form.get('note') ?? '') });
		if (!parsed.success) return fail(400, { action: 'verify', findingId: read.findingId, field: 'note', message: remediationErrors(parsed.error).note });
		try {
			remediation.verify(user.actor, id, read.findingId, parsed.data.note);
			return { action: 'verify', findingId: read.findingId, done: 'Verified: the finding is closed, with its evidence kept.' };
		} catch (err) {
			return refused(err, { action: 'verify', findingId: read.findingId });
		}
	},
	reopen: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = requestId(event.params.id);
		const read = await findingForm(event);
		if ('problem' in read) return fail(400, { action: 'reopen', field: read.field, message: read.problem });
		const reason = String(read.form.get('reason') ?? '');
		const parsed = reopenInput.safeParse({ reason });
		if (!parsed.success) return fail(400, { action: 'reopen', findingId: read.findingId, reason, field: 'reason', message: remediationErrors(parsed.error).reason });
		try {
			remediation.reopen(user.actor, id, read.findingId, parsed.data.reason);
			return { action: 'reopen', findingId: read.findingId, done: 'Reopened: the finding is open again, with your reason in its history. Send it again when the platform should have another go.' };
		} catch (err) {
			return refused(err, { action: 'reopen', findingId: read.findingId, reason });
		}
	}
};
