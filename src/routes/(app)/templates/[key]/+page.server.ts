import { error, fail } from '@sveltejs/kit';
import { MAX_WEIGHT } from '$lib/scoring/defaults';
import { requireRole } from '$lib/server/http';
import * as profiles from '$lib/server/profiles';
import { templateFailure, uploadedText } from '$lib/server/templates';
import * as templates from '$lib/server/templates';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const summary = templates.find(params.key);
	if (!summary) error(404, 'There is no such template.');
	const published = templates.latestPublished(params.key);
	return {
		template: summary,
		published: published ? { version: published.doc.version, sections: published.doc.sections.map((s) => ({ id: s.id, title: s.title ?? s.id, weight: s.weight })) } : null,
		profiles: profiles.list(params.key)
	};
};

export const actions: Actions = {
	saveProfile: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '').trim();
		const sections: Record<string, number | string> = Object.create(null);
		const errors: Record<string, string> = {};
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'saveProfile', values: {}, errors: { [problem.field]: problem.message } });
		for (const [field, value] of form) {
			if (!field.startsWith('weight.') || typeof value !== 'string') continue;
			const id = field.slice('weight.'.length);
			const n = value.trim() === '' ? NaN : Number(value);
			if (!Number.isFinite(n) || n < 0 || n > MAX_WEIGHT) errors[field] = 'Enter a weight from 0 to 1,000,000.';
			else sections[id] = n;
		}
		const values = Object.fromEntries([...form].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
		if (!name) errors.name = 'Give the profile a name.';
		if (Object.keys(errors).length) return fail(400, { action: 'saveProfile', values, errors });
		try {
			const saved = profiles.save({ id: user.id, label: user.email }, event.params.key, { format: 'clearance-profile/1', name, sections });
			return { action: 'saveProfile', done: `Saved profile “${saved.name}”.` };
		} catch (err) {
			return templateFailure('saveProfile', err, { values });
		}
	},
	importProfile: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		try {
			const text = await uploadedText(await event.request.formData(), 'file', 100_000);
			const saved = profiles.save({ id: user.id, label: user.email }, event.params.key, templates.parseJson(text));
			return { action: 'importProfile', done: `Imported profile “${saved.name}”.` };
		} catch (err) {
			return templateFailure('importProfile', err);
		}
	},
	deleteProfile: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const form = await event.request.formData();
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'deleteProfile', message: problem.message });
		const id = Number(form.get('profileId'));
		if (!Number.isSafeInteger(id) || id <= 0) return fail(400, { action: 'deleteProfile', message: 'Unknown profile.' });
		try {
			profiles.remove({ id: user.id, label: user.email }, event.params.key, id);
			return { action: 'deleteProfile', done: 'Profile deleted.' };
		} catch (err) {
			return templateFailure('deleteProfile', err);
		}
	}
};
