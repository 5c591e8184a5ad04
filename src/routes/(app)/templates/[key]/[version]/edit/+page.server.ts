import { error, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/http';
import { templateFailure } from '$lib/server/templates';
import * as templates from '$lib/server/templates';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

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
		const problem = formProblem(form);
		let saved;
		try {
			if (problem) throw new templates.TemplateError(problem.field, problem.message);
			if (text.length > 1_000_000) throw new templates.TemplateError('json', 'The template is larger than 1 MB.');
			saved = templates.saveDraft({ id: user.id, label: user.email }, event.params.key, event.params.version, templates.parseJson(text));
		} catch (err) {
			// The user's text comes back so nothing they typed is lost.
			return templateFailure('save', err, { json: text });
		}
		if (then === 'view' || saved.doc.version !== event.params.version) {
			redirect(303, then === 'view' ? versionHref(saved.key, saved.doc.version) : `${versionHref(saved.key, saved.doc.version)}/edit`);
		}
		return { action: 'save', done: 'Draft saved.', sha256: saved.row.sha256 };
	},
	publish: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		try {
			templates.publish({ id: user.id, label: user.email }, event.params.key, event.params.version);
		} catch (err) {
			return templateFailure('publish', err);
		}
		redirect(303, versionHref(event.params.key, event.params.version));
	}
};
