import { DomainError } from '$lib/server/errors';
import { fail } from '@sveltejs/kit';
import { pickerChoices } from '$lib/compare/picker';
import { MIN_CANDIDATES, parseState } from '$lib/compare/url-state';
import { MAX_WEIGHT } from '$lib/scoring/defaults';
import { profileWeightsOverBound } from '$lib/templates/weight-bound';
import * as compare from '$lib/server/compare';
import { requireRole } from '$lib/server/http';
import { cachedRead } from '$lib/server/db/read-cache';
import * as profiles from '$lib/server/profiles';
import { openBySeverity } from '$lib/server/findings';
import { severityCounts } from '$lib/findings/conditions';
import { TemplateError } from '$lib/server/templates';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

// Every role compares (the route policy has checked): the figures come from
// final assessments, which every role may read, and are the same for every
// reader: computed once per change to the database (see read-cache).
export const load: PageServerLoad = ({ url }) => {
	const { state, problems, duplicates } = parseState(url.searchParams);
	const all = cachedRead('compare:platforms', compare.platformOptions);
	let comparison: ReturnType<typeof compare.summary> | null = null;
	let refusal = problems.c ?? null;
	if (!refusal && state.candidates.length >= MIN_CANDIDATES) {
		try {
			// The whole comparison is cached (the details endpoint reads the same entry);
			// the page sends only its summary: answers and history arrive when shown.
			const key = JSON.stringify(state.candidates);
			comparison = cachedRead(`compare-summary:${key}`, () => compare.summary(cachedRead(`compare:${key}`, () => compare.load(state.candidates))));
		} catch (err) {
			if (!(err instanceof compare.CompareError)) throw err;
			refusal = err.message;
		}
	}
	const key = comparison ? comparison.templates[comparison.candidates[0].templateVersionId].key : null;
	const listed = key ? profiles.list(key).map(({ id, name, sections }) => ({ id, name, sections })) : [];
	// A profile saved before weights were bounded would score every candidate
	// NaN, grade F: it is not offered, and a link naming it says why.
	const unusable = listed.filter((p) => profileWeightsOverBound(p.sections).length);
	const saved = listed.filter((p) => !unusable.includes(p));
	const named = unusable.find((p) => p.id === state.profile);
	if (named) problems.profile = `The weight profile “${named.name}” has a weight over ${MAX_WEIGHT.toLocaleString('en')}, saved before weights were bounded, so it is not used; the template’s weights are shown. Its template’s page names the weight to fix.`;
	else if (state.profile !== null && key && !saved.some((p) => p.id === state.profile)) problems.profile = 'The weight profile in the link no longer exists; the template’s weights are shown.';
	const ids = state.candidates.map((c) => c.platformId);
	const options = cachedRead(`compare-options:${ids.join(',')}`, () => compare.assessmentOptions(ids));
	const picker = pickerChoices(all, ids, url.searchParams.get('find'));
	// Open findings by severity, as of today: one grouped read over findings_platform_idx, kept with the figures.
	const today = new Date().toISOString().slice(0, 10);
	const findings = comparison
		? cachedRead(`compare-findings:${today}:${ids.join(',')}`, () => Object.fromEntries(Object.entries(openBySeverity(ids, today)).map(([id, n]) => [id, severityCounts(n)])))
		: {};
	return { state, problems, duplicates, refusal, picker, options, comparison, profiles: saved, templateKey: key, findings };
};

export const actions: Actions = {
	// Save the sliders' weights as a new profile. Replacing a profile is left to
	// the template page, so a committee member cannot silently change one the
	// analysts rely on.
	saveProfile: async (event) => {
		const user = requireRole(event);
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '').trim();
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'saveProfile', field: problem.field, message: problem.message, name: '' });
		const key = String(form.get('template') ?? '');
		const weights = parseState(new URLSearchParams({ w: String(form.get('weights') ?? '') }));
		if (!name) return fail(400, { action: 'saveProfile', field: 'name', message: 'Give the profile a name.', name });
		if (weights.problems.w || !weights.state.weights) return fail(400, { action: 'saveProfile', field: 'weights', message: weights.problems.w ?? 'There are no weights to save.', name });
		try {
			const saved = profiles.save(user.actor, key, { format: 'clearance-profile/1', name, sections: weights.state.weights }, { replace: false });
			return { action: 'saveProfile', done: `Saved profile “${saved.name}”.`, profile: saved.id };
		} catch (err) {
			if (!(err instanceof DomainError)) throw err;
			const detail = err instanceof TemplateError && err.problems.length ? ` ${err.problems.map((p) => `${p.path}: ${p.message}`).join(' ')}` : '';
			return fail(err.status, { action: 'saveProfile', field: err.field, message: err.message + detail, name });
		}
	}
};
