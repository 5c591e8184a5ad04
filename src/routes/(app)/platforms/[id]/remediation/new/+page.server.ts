// Sending findings to the platform: choose open findings, name who fixes
// them, and get a link shown once. The action parses at the edge and makes
// one call; whether each finding is still open is the domain's to say, under
// the write lock.
import { error, fail } from '@sveltejs/kit';
import { requireRole, refused } from '$lib/server/http';
import * as platforms from '$lib/server/platforms';
import * as remediation from '$lib/server/remediation';
import { formProblem } from '$lib/validation/form';
import { remediationErrors, sendInput } from '$lib/validation/remediation';
import type { Actions, PageServerLoad } from './$types';

function platformId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such platform.');
	return id;
}

export const load: PageServerLoad = (event) => {
	requireRole(event, 'admin', 'analyst');
	const id = platformId(event.params.id);
	const platform = platforms.get(id);
	if (!platform) error(404, 'There is no such platform.');
	return {
		platform: { id: platform.id, name: platform.name },
		findings: remediation.sendable(id).map((f) => ({ id: f.id, title: f.title, detail: f.detail, severity: f.severity, dueOn: f.dueOn, ownerName: f.ownerName, ownerEmail: f.ownerEmail })),
		defaultExpiryDays: remediation.DEFAULT_EXPIRY_DAYS,
		maxExpiryDays: remediation.MAX_EXPIRY_DAYS
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = platformId(event.params.id);
		const form = await event.request.formData();
		const values = {
			findings: form.getAll('findings').map(String),
			respondentName: String(form.get('respondentName') ?? ''),
			respondentEmail: String(form.get('respondentEmail') ?? ''),
			message: String(form.get('message') ?? ''),
			expiresInDays: String(form.get('expiresInDays') ?? '')
		};
		const problem = formProblem(form, { lists: ['findings'] });
		if (problem) return fail(400, { values, errors: { [problem.field]: problem.message } });
		const parsed = sendInput.safeParse(values);
		if (!parsed.success) return fail(400, { values, errors: remediationErrors(parsed.error) });
		try {
			const sent = remediation.send(user.actor, { platformId: id, findingIds: parsed.data.findings, ...parsed.data });
			// Shown once: only its hash is kept, so it cannot be shown again.
			return { sent: { link: `${event.url.origin}/remediate/${sent.token}`, requestId: sent.request.id, email: parsed.data.respondentEmail, expiresAt: sent.request.expiresAt, count: new Set(parsed.data.findings).size } };
		} catch (err) {
			const answer = refused(err, { values });
			return fail(answer.status, { values, errors: { [answer.data.field]: answer.data.message } });
		}
	}
};
