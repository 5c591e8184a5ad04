import { error, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/http';
import { templateFailure } from '$lib/server/templates';
import * as templates from '$lib/server/templates';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

const SHA256 = /^[0-9a-f]{64}$/;

/** A refused save or publish; after a conflict, what the draft is now, for the page to show and the next save to be based on. */
function draftFailure(action: string, err: unknown, basedOn: string, extra: Record<string, unknown> = {}) {
	if (err instanceof templates.DraftConflict) {
		const { draft, by } = err.current;
		return templateFailure(action, err, { ...extra, sha256: draft?.sha256 ?? basedOn, conflict: draft && { ...draft, by } });
	}
	return templateFailure(action, err, { ...extra, sha256: basedOn });
}

const versionHref = (key: string, version: string) => `/templates/${encodeURIComponent(key)}/${encodeURIComponent(version)}`;

export const load: PageServerLoad = ({ params }) => {
	const found = templates.getVersion(params.key, params.version);
	if (!found) error(404, 'There is no such template version.');
	// Only drafts are edited; a published version offers "new draft" instead.
	if (found.row.status !== 'draft') redirect(303, versionHref(params.key, params.version));
	return { key: params.key, doc: found.doc, json: found.row.json, sha256: found.row.sha256 };
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const form = await event.request.formData();
		const text = String(form.get('json') ?? '');
		const then = String(form.get('then') ?? 'stay');
		// The draft the editor was opened with: a draft saved by someone else since is not replaced.
		const basedOn = String(form.get('sha256') ?? '');
		const problem = formProblem(form);
		let saved;
		try {
			if (problem) throw new templates.TemplateError(problem.field, problem.message);
			if (!SHA256.test(basedOn)) throw new templates.TemplateError('sha256', 'This form does not say which draft it was opened with, so nothing was saved. Reload the page (copy your text first).');
			if (text.length > 1_000_000) throw new templates.TemplateError('json', 'The template is larger than 1 MB.');
			saved = templates.saveDraft(user.actor, event.params.key, event.params.version, templates.parseJson(text), basedOn);
		} catch (err) {
			// The user's text comes back so nothing they typed is lost, with the
			// draft it is based on: theirs after a conflict, so saving again replaces it knowingly.
			return draftFailure('save', err, basedOn, { json: text });
		}
		if (then === 'view' || saved.doc.version !== event.params.version) {
			redirect(303, then === 'view' ? versionHref(saved.key, saved.doc.version) : `${versionHref(saved.key, saved.doc.version)}/edit`);
		}
		return { action: 'save', done: 'Draft saved.', sha256: saved.row.sha256 };
	},
	publish: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const form = await event.request.formData();
		const basedOn = String(form.get('sha256') ?? '');
		try {
			const problem = formProblem(form);
			if (problem) throw new templates.TemplateError(problem.field, problem.message);
			if (!SHA256.test(basedOn)) throw new templates.TemplateError('sha256', 'This form does not say which draft it was opened with, so nothing was published. Reload the page.');
			templates.publish(user.actor, event.params.key, event.params.version, basedOn);
		} catch (err) {
			return draftFailure('publish', err, basedOn);
		}
		redirect(303, versionHref(event.params.key, event.params.version));
	}
};
