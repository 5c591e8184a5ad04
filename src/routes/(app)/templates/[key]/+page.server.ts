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

/**
 * The profiles the page listed, name → version, sent back with the profile
 * forms: saving under a listed name replaces that version only, saving under
 * a new name creates only (version 0), so a profile saved or created by
 * someone else meanwhile is never silently replaced. A Map, so a profile may
 * be called anything, "constructor" and "__proto__" included.
 */
type Seen = Map<string, number>;
const UNSEEN = 'This form does not say which profiles it was opened with, so nothing was saved. Reload the page and save again.';

function seenProfiles(form: FormData): Seen | null {
	const raw = form.get('seen');
	if (typeof raw !== 'string') return null;
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return null;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
	const entries = Object.entries(parsed);
	if (entries.length > 10_000 || !entries.every(([, v]) => Number.isSafeInteger(v) && (v as number) >= 1)) return null;
	return new Map(entries as Array<[string, number]>);
}

const seenText = (seen: Seen) => JSON.stringify(Object.fromEntries(seen));

/** A refusal of a profile form; after a conflict, the form knows the profile's version now, so saving again replaces it knowingly. */
function profileFailure(action: string, err: unknown, seen: Seen, extra: Record<string, unknown> = {}) {
	if (err instanceof profiles.ProfileConflict) {
		const { name, profile, by } = err.current;
		const next = new Map(seen);
		if (profile) next.set(name, profile.version);
		else next.delete(name);
		const conflict = { name, sections: profile?.sections ?? null, by, at: profile?.updatedAt ?? null };
		return templateFailure(action, err, { ...extra, conflict, seen: seenText(next) });
	}
	return templateFailure(action, err, { ...extra, seen: seenText(seen) });
}

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
		const seen = seenProfiles(form);
		if (!seen) return fail(400, { action: 'saveProfile', values, errors: { ...errors, seen: UNSEEN }, message: UNSEEN });
		if (Object.keys(errors).length) return fail(400, { action: 'saveProfile', values, errors, seen: seenText(seen) });
		try {
			const saved = profiles.save(user.actor, event.params.key, { format: 'clearance-profile/1', name, sections }, { expectedVersion: seen.get(name) ?? 0 });
			return { action: 'saveProfile', done: `Saved profile “${saved.name}”.` };
		} catch (err) {
			return profileFailure('saveProfile', err, seen, { values });
		}
	},
	importProfile: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const form = await event.request.formData();
		const seen = seenProfiles(form);
		try {
			const text = await uploadedText(form, 'file', 100_000);
			if (!seen) throw new templates.TemplateError('seen', UNSEEN);
			const input = templates.parseJson(text);
			// A file replaces the listed profile of its name, as the form does.
			const name = typeof input === 'object' && input !== null && 'name' in input && typeof input.name === 'string' ? input.name.trim() : '';
			const saved = profiles.save(user.actor, event.params.key, input, { expectedVersion: seen.get(name) ?? 0 });
			return { action: 'importProfile', done: `Imported profile “${saved.name}”.` };
		} catch (err) {
			return profileFailure('importProfile', err, seen ?? new Map());
		}
	},
	deleteProfile: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const form = await event.request.formData();
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'deleteProfile', message: problem.message });
		const id = Number(form.get('profileId'));
		if (!Number.isSafeInteger(id) || id <= 0) return fail(400, { action: 'deleteProfile', message: 'Unknown profile.' });
		const version = Number(form.get('version'));
		if (!Number.isSafeInteger(version) || version <= 0) return fail(400, { action: 'deleteProfile', message: 'This form does not say which version of the profile it lists; reload the page and delete it again.' });
		try {
			profiles.remove(user.actor, event.params.key, id, version);
			return { action: 'deleteProfile', done: 'Profile deleted.' };
		} catch (err) {
			return templateFailure('deleteProfile', err);
		}
	}
};
