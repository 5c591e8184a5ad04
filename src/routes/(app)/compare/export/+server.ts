// The comparison as CSV, with the same candidates and weights as the view's URL.
import { error } from '@sveltejs/kit';
import { compareFigures, ranked } from '$lib/compare/figures';
import { commonSections } from '$lib/compare/sections';
import { comparisonTable } from '$lib/compare/table';
import { MIN_CANDIDATES, parseState } from '$lib/compare/url-state';
import { resolveWeights } from '$lib/compare/weights';
import { MAX_WEIGHT } from '$lib/scoring/defaults';
import { profileWeightsOverBound } from '$lib/templates/weight-bound';
import * as compare from '$lib/server/compare';
import { csvResponse, requireRole } from '$lib/server/http';
import * as profiles from '$lib/server/profiles';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireRole(event);
	const { state, problems } = parseState(event.url.searchParams);
	// Only what changes the figures matters here; the view's display settings do not.
	const bad = Object.entries(problems).find(([field]) => field === 'c' || field === 'w' || field === 'profile');
	if (bad) error(400, `${bad[0]}: ${bad[1]}`);
	if (state.candidates.length < MIN_CANDIDATES) error(400, `c: choose at least ${MIN_CANDIDATES} platforms to compare.`);
	let data;
	try {
		data = compare.load(state.candidates);
	} catch (err) {
		if (err instanceof compare.CompareError) error(400, `${err.field}: ${err.message}`);
		throw err;
	}
	const common = commonSections(data);
	const profile = state.profile === null ? null : profiles.list(common.newest.key).find((p) => p.id === state.profile);
	if (state.profile !== null && !profile) error(400, 'profile: there is no such weight profile for this template.');
	// Saved before weights were bounded: it would export NaN scores and grade F for everyone.
	if (profile && profileWeightsOverBound(profile.sections).length) {
		error(400, `profile: “${profile.name}” has a weight over ${MAX_WEIGHT.toLocaleString('en')}, saved before weights were bounded; fix it on its template's page.`);
	}
	const { weights } = resolveWeights(common, profile?.sections ?? null, state.weights);
	const rows = ranked(compareFigures(data, common, weights, state.weights ? 'Custom weights' : (profile?.name ?? null)));
	return csvResponse(comparisonTable(data, common, rows, weights), `clearance-comparison-${new Date().toISOString().slice(0, 10)}.csv`);
};
