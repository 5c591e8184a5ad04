import { fail, redirect } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { ID_PATTERN } from '$lib/scoring/index';
import { requireRole } from '$lib/server/http';
import { templateFailure, uploadedText } from '$lib/server/templates';
import * as templates from '$lib/server/templates';
import { controlCharactersMessage, hasControlCharacters } from '$lib/validation/text';
import { formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ templates: templates.list() });

export const actions: Actions = {
	import: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		try {
			const text = await uploadedText(await event.request.formData(), 'file');
			const saved = templates.importDocument(user.actor, templates.parseJson(text));
			redirect(303, `/templates/${encodeURIComponent(saved.key)}/${encodeURIComponent(saved.doc.version)}`);
		} catch (err) {
			return templateFailure('import', err);
		}
	},
	create: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const { fields, problem } = formFields(await event.request.formData());
		const key = (fields.key ?? '').trim();
		const title = (fields.title ?? '').trim();
		const values = { key, title };
		if (problem) return fail(400, { action: 'create', values, errors: { [problem.field]: problem.message } });
		if (!ID_PATTERN.test(key)) {
			return fail(400, { action: 'create', values, errors: { key: 'Use 1–64 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.' } });
		}
		if (!title || title.length > 200) return fail(400, { action: 'create', values, errors: { title: 'Give the template a title (at most 200 characters).' } });
		if (hasControlCharacters(title)) return fail(400, { action: 'create', values, errors: { title: controlCharactersMessage('A title') } });
		let saved;
		try {
			saved = templates.createBlank(user.actor, { key, title });
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { action: 'create', values, errors: { [err.field]: err.message } });
			throw err;
		}
		redirect(303, `/templates/${encodeURIComponent(saved.key)}/${encodeURIComponent(saved.doc.version)}/edit`);
	}
};
