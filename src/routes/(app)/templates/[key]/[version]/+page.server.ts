import { error, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/http';
import { templateFailure } from '$lib/server/templates';
import * as templates from '$lib/server/templates';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const found = templates.getVersion(params.key, params.version);
	if (!found) error(404, 'There is no such template version.');
	const { row, doc } = found;
	return {
		key: params.key,
		doc,
		version: { status: row.status, sha256: row.sha256, publishedAt: row.publishedAt, retiredAt: row.retiredAt, updatedAt: row.updatedAt }
	};
};

/** The SHA-256 of the draft the page showed, which publishing or deleting is checked against. */
async function shownDraft(request: Request): Promise<string> {
	const form = await request.formData();
	const problem = formProblem(form);
	if (problem) throw new templates.TemplateError(problem.field, problem.message);
	const sha256 = form.get('sha256');
	if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) throw new templates.TemplateError('sha256', 'This form does not say which draft it showed, so nothing was changed. Reload the page.');
	return sha256;
}

const href = (key: string, version: string) => `/templates/${encodeURIComponent(key)}/${encodeURIComponent(version)}`;

export const actions: Actions = {
	newDraft: (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		let draft;
		try {
			draft = templates.newDraftFrom(user.actor, event.params.key, event.params.version);
		} catch (err) {
			return templateFailure('newDraft', err);
		}
		redirect(303, `${href(draft.key, draft.doc.version)}/edit`);
	},
	publish: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		try {
			templates.publish(user.actor, event.params.key, event.params.version, await shownDraft(event.request));
			return { action: 'publish', done: `Version ${event.params.version} is published and can no longer change.` };
		} catch (err) {
			return templateFailure('publish', err);
		}
	},
	retire: (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		try {
			templates.retire(user.actor, event.params.key, event.params.version);
			return { action: 'retire', done: `Version ${event.params.version} is retired: kept for history, not offered for new assessments.` };
		} catch (err) {
			return templateFailure('retire', err);
		}
	},
	deleteDraft: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		try {
			templates.deleteDraft(user.actor, event.params.key, event.params.version, await shownDraft(event.request));
		} catch (err) {
			return templateFailure('deleteDraft', err);
		}
		redirect(303, `/templates/${encodeURIComponent(event.params.key)}`);
	}
};
