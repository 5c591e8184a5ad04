// The whole compare view lives in its URL, so a link shows a colleague exactly
// what you see: the candidates (and which assessment of each), the weights,
// the heatmap filter, the robustness spread and which charts show as tables.
//   ?c=12&c=15@88  platform 12's latest final assessment, platform 15's assessment 88
//   &w=governance:2,hiring:1.5  &profile=4  &heat=spread  &vary=25  &tables=ranking,radar
import { MAX_WEIGHT } from '../scoring/defaults';
import { HEAT_FILTERS, type HeatFilter } from './heatmap';

/** The scoring schema's id pattern (not imported: that module brings the whole validator to the browser). */
const SECTION_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const MIN_CANDIDATES = 2;
export const MAX_CANDIDATES = 12;
export const VARY_DEFAULT = 25;
export const VARY_MAX = 100;

/** The charts of the view, each of which can show as a table instead. */
export const VIEWS = ['ranking', 'radar', 'sections', 'heatmap', 'assurance', 'trends'] as const;
export type CompareView = (typeof VIEWS)[number];

export interface CandidatePick {
	platformId: number;
	/** null: the platform's latest final assessment. */
	assessmentId: number | null;
}

export interface CompareState {
	candidates: CandidatePick[];
	/** null: the starting weights (the profile's, or the template's). */
	weights: Record<string, number> | null;
	profile: number | null;
	heat: HeatFilter;
	vary: number;
	tables: CompareView[];
}

export type StateProblems = Partial<Record<'c' | 'w' | 'profile' | 'heat' | 'vary' | 'tables', string>>;

/** Plain decimals only: Number() would also read 0x10, 1e3 and '' as numbers. */
const DECIMAL = /^[0-9]{1,7}(\.[0-9]{1,20})?$/;

const positiveId = (s: string) => (/^[1-9][0-9]{0,14}$/.test(s) ? Number(s) : null);

function parseCandidates(values: string[], problems: StateProblems, duplicates: number[]): CandidatePick[] {
	const picks: CandidatePick[] = [];
	for (const token of values.flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean)) {
		const [platform, assessment, ...rest] = token.split('@');
		const platformId = positiveId(platform);
		const assessmentId = assessment === undefined ? null : positiveId(assessment);
		if (platformId === null || (assessment !== undefined && assessmentId === null) || rest.length) {
			problems.c ??= `“${token.slice(0, 40)}” is not a platform (a platform number of at most 15 digits, optionally @ an assessment number).`;
			continue;
		}
		if (picks.some((p) => p.platformId === platformId)) {
			if (!duplicates.includes(platformId)) duplicates.push(platformId);
			continue;
		}
		picks.push({ platformId, assessmentId });
	}
	if (picks.length > MAX_CANDIDATES) problems.c ??= `Compare at most ${MAX_CANDIDATES} platforms at once; ${picks.length} were given.`;
	return picks;
}

/**
 * A link's weights, all or none. A weight outside 0 to MAX_WEIGHT is refused,
 * not clamped: `w` names the pair and the bound, and the view shows the
 * starting weights instead. Clamping would show figures under weights the
 * link never gave, and a review pinned from it would keep them.
 */
function parseWeights(raw: string | null, problems: StateProblems): Record<string, number> | null {
	if (raw === null || raw.trim() === '') return null;
	const weights: Record<string, number> = Object.create(null);
	for (const pair of raw.split(',')) {
		const at = pair.lastIndexOf(':');
		const id = pair.slice(0, at).trim();
		const text = pair.slice(at + 1).trim();
		const weight = Number(text);
		if (at >= 1 && !SECTION_ID.test(id)) {
			problems.w = `“${id.slice(0, 40)}” is not a section id.`;
			return null;
		}
		if (at < 1 || !DECIMAL.test(text) || !Number.isFinite(weight) || weight < 0 || weight > MAX_WEIGHT) {
			problems.w = `Each weight reads section:number, the number from 0 to ${MAX_WEIGHT}; “${pair.slice(0, 40)}” does not.`;
			return null;
		}
		weights[id] = weight;
	}
	if (!Object.values(weights).some((w) => w > 0)) {
		problems.w = 'At least one section needs a weight above 0.';
		return null;
	}
	return weights;
}

/** `duplicates`: platforms the link lists more than once (compared once; worth a word, not a refusal). */
export function parseState(params: URLSearchParams): { state: CompareState; problems: StateProblems; duplicates: number[] } {
	const problems: StateProblems = {};
	const duplicates: number[] = [];
	const candidates = parseCandidates(params.getAll('c'), problems, duplicates);
	const weights = parseWeights(params.get('w'), problems);

	const profileRaw = params.get('profile');
	const profile = profileRaw ? positiveId(profileRaw) : null;
	if (profileRaw && profile === null) problems.profile = 'The weight profile is not a profile number.';

	const heatRaw = params.get('heat') ?? 'all';
	const heat = (HEAT_FILTERS as readonly string[]).includes(heatRaw) ? (heatRaw as HeatFilter) : 'all';
	if (heat !== heatRaw) problems.heat = `The heatmap filter is one of ${HEAT_FILTERS.join(', ')}.`;

	const varyRaw = params.get('vary');
	let vary = VARY_DEFAULT;
	if (varyRaw !== null) {
		const n = Number(varyRaw);
		if (/^[0-9]{1,3}$/.test(varyRaw) && n <= VARY_MAX) vary = n;
		else problems.vary = `The weight variation is a whole percentage from 0 to ${VARY_MAX}.`;
	}

	const tables: CompareView[] = [];
	for (const t of (params.get('tables') ?? '').split(',').filter(Boolean)) {
		if ((VIEWS as readonly string[]).includes(t)) {
			if (!tables.includes(t as CompareView)) tables.push(t as CompareView);
		} else problems.tables ??= `“${t.slice(0, 40)}” is not a view; views are ${VIEWS.join(', ')}.`;
	}
	return { state: { candidates, weights, profile, heat, vary, tables }, problems, duplicates };
}

/** A weight as plain decimal digits (never 1e-7): what DECIMAL accepts. */
function decimal(w: number): string {
	const text = String(w);
	return /e/i.test(text) ? w.toFixed(20).replace(/\.?0+$/, '') : text;
}

/** Weights as the `w` parameter reads them: section:weight pairs. */
export function weightsParam(weights: Readonly<Record<string, number>>): string {
	// Full precision: a rounded weight could read back as another (or as 0).
	return Object.entries(weights).map(([id, w]) => `${id}:${decimal(w)}`).join(',');
}

/** The query string for a state, leaving out what equals the defaults. */
export function stateQuery(state: CompareState): string {
	const params = new URLSearchParams();
	for (const c of state.candidates) params.append('c', c.assessmentId === null ? String(c.platformId) : `${c.platformId}@${c.assessmentId}`);
	if (state.profile !== null) params.set('profile', String(state.profile));
	if (state.weights) params.set('w', weightsParam(state.weights));
	if (state.heat !== 'all') params.set('heat', state.heat);
	if (state.vary !== VARY_DEFAULT) params.set('vary', String(state.vary));
	if (state.tables.length) params.set('tables', state.tables.join(','));
	// Commas and colons read better in a shared link than their escapes, and are safe in a query.
	return params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%40/g, '@');
}
