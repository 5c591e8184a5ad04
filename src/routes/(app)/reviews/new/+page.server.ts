import { DomainError } from '$lib/server/errors';
import { error, fail, redirect } from '@sveltejs/kit';
import { commonSections } from '$lib/compare/sections';
import { MIN_CANDIDATES, parseState } from '$lib/compare/url-state';
import { resolveWeights, sameWeights } from '$lib/compare/weights';
import * as compare from '$lib/server/compare';
import { requireRole } from '$lib/server/http';
import * as profiles from '$lib/server/profiles';
import * as reviews from '$lib/server/reviews';
import { viewerOf } from '$lib/server/reviews';
import * as users from '$lib/server/auth';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

/** The candidates and weights of the comparison the review starts from (its URL's state). */
function fromComparison(params: URLSearchParams) {
	const { state, problems: problems0 } = parseState(params);
	if (problems0.c) return { refusal: problems0.c };
	if (state.candidates.length < MIN_CANDIDATES) return { refusal: `Pick at least ${MIN_CANDIDATES} platforms in the comparison first.` };
	let data;
	try {
		data = compare.load(state.candidates);
	} catch (err) {
		if (err instanceof compare.CompareError) return { refusal: err.message };
		throw err;
	}
	const common = commonSections(data);
	const profile = state.profile === null ? null : (profiles.list(common.newest.key).find((p) => p.id === state.profile) ?? null);
	// A review's weights never change, so a link whose weights cannot be read
	// is refused here rather than quietly replaced by the template's.
	const problems = [
		...(['w', 'profile'] as const).filter((k) => problems0[k]).map((k) => `${k}: ${problems0[k]}`),
		...(state.profile !== null && !profile ? [`profile: there is no weight profile ${state.profile} for ${common.newest.title}.`] : [])
	];
	const { weights, ignored } = resolveWeights(common, profile?.sections ?? null, state.weights);
	if (ignored.length) problems.push(`w: ${ignored.join(', ')} ${ignored.length === 1 ? 'is not a section' : 'are not sections'} of this comparison.`);
	const base = resolveWeights(common, profile?.sections ?? null, null).weights;
	const name = !sameWeights(weights, base) ? 'Custom weights' : (profile?.name ?? null);
	return {
		problems,
		candidates: data.candidates.map((c) => ({ platformId: c.platformId, platformName: c.platformName, assessmentId: c.assessmentId, finalizedAt: c.finalizedAt, version: data.templates[c.templateVersionId].version })),
		sections: common.sections.map((s) => ({ id: s.id, title: s.title, weight: weights[s.id] })),
		weights: { name, sections: weights }
	};
}

export const load: PageServerLoad = ({ url, locals }) => {
	const me = locals.user!;
	const people = users
		.list()
		.filter((u) => !u.disabled && u.id !== me.id)
		.map((u) => ({ id: u.id, name: u.name, role: u.role }));
	return { from: fromComparison(url.searchParams), people, query: url.search };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event);
		const form = await event.request.formData();
		const problem = formProblem(form, { lists: ['c', 'member'] });
		if (problem) error(400, problem.message);
		// The assessments shown when the form was drawn, not whatever is latest by now.
		const params = new URLSearchParams(event.url.searchParams);
		params.delete('c');
		for (const c of form.getAll('c')) params.append('c', String(c));
		const from = fromComparison(params);
		if ('refusal' in from) error(400, from.refusal);
		if (from.problems.length) error(400, `The comparison's weights cannot be pinned: ${from.problems.join(' ')}`);
		const values = { title: String(form.get('title') ?? ''), mandate: String(form.get('mandate') ?? ''), members: form.getAll('member').map(String) };
		try {
			const created = reviews.create(
				viewerOf(user),
				{
					title: values.title,
					mandate: values.mandate,
					candidates: from.candidates.map((c) => ({ platformId: c.platformId, assessmentId: c.assessmentId })),
					weights: from.weights,
					members: values.members.map(Number)
				}
			);
			redirect(303, `/reviews/${created.id}`);
		} catch (err) {
			if (!(err instanceof DomainError)) throw err;
			return fail(err.status, { field: err.field, message: err.message, problems: (err instanceof reviews.ReviewError && err.problems) || {}, values });
		}
	}
};
