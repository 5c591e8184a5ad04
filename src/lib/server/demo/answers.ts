// One demo assessment's answers, drawn from the platform's profile: each
// question lands near its section's maturity, with a wobble that is the same
// for a question across a platform's assessments (so trends read as trends)
// plus a little noise per assessment. Seeded, so every run gives the same data.
import type { AnswerInput } from '../../assessments/answer-input';
import { appliesToKind, type AnswerValue, type AssuranceLevel, type Band, type ChoiceOption, type Question, type Template } from '../../scoring/index';
import { Random } from '../../scoring/prng';
import { fillNote, noteFor, qualityOf, type NoteMemory } from './notes';
import type { PlannedAssessment, PlatformProfile } from './profiles';

export interface GeneratedAnswer {
	questionId: string;
	input: AnswerInput;
	/** The normalised answer, for comparing with the next assessment; null when N/A or text. */
	r: number | null;
}

export interface AssessmentContext {
	profile: PlatformProfile;
	plan: PlannedAssessment;
	/** Maturity per section for this assessment, after the trajectory. */
	level: (sectionId: string) => number;
	/** When the assessment was carried out (ms). */
	at: number;
	/** The previous assessment's r per question, and when it was. */
	previous: { at: number; r: Map<string, number> } | null;
	rng: Random;
	/** Notes draw from their own stream, so that their wording (which has dates in it) never shifts the answers. */
	noteRng: Random;
	memory: NoteMemory;
}

/** Questions where even strong platforms tend to lag: the industry is early on these. */
const HARD: Record<string, number> = {
	'social.pretext-exercises': -0.12,
	'social.signer-exercise': -0.08,
	'insider.live-reverification': -0.1,
	'keys.ccss-level': -0.08,
	'hiring.osint-footprint': -0.06,
	'supply-chain.signing-device-apps': -0.05
};

export function seedOf(...parts: string[]): number {
	let h = 0x811c9dc5;
	for (const ch of parts.join('\u0000')) {
		h ^= ch.codePointAt(0)!;
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const pick = <T>(rng: Random, xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)];

export function generateAnswers(doc: Template, ctx: AssessmentContext): GeneratedAnswer[] {
	const { profile, plan, rng } = ctx;
	// Questions for other kinds of platform were answered N/A when the assessment started.
	const questions = doc.sections.flatMap((s) => s.questions.filter((q) => appliesToKind(s, q, profile.platform.kind)).map((q) => ({ q, section: s.id })));
	const scored = questions.filter(({ q }) => q.type !== 'text').length;
	const optional = questions.filter(({ q }) => q.type !== 'text' && !q.critical).length;
	// Gaps fall on questions that are not knock-outs, so the missing share of those is larger.
	const skipChance = Math.min(1, ((1 - plan.coverage) * scored) / optional);
	const answered = Math.round(plan.coverage * questions.length);
	const out: GeneratedAnswer[] = [];

	const texts: Record<string, string> = {
		'governance.programme-owner': plan.programmeOwner ?? profile.programmeOwner,
		'response.last-incident': plan.lastIncident
	};

	questions.forEach(({ q, section }, index) => {
		// A draft is filled in from the top; elsewhere a few questions are still open.
		const open = plan.state === 'draft' ? index >= answered : q.type !== 'text' && !q.critical && rng.uniform() < skipChance;
		if (open) return;
		if (q.type === 'text') {
			if (texts[q.id]) out.push({ questionId: q.id, input: { value: texts[q.id], na: false, assurance: 'claimed', note: '' }, r: null });
			return;
		}
		const level = ctx.level(section);
		const reason = q.allowNA ? profile.notApplicable[q.id] : undefined;
		if (reason !== undefined) {
			const note = fillNote(reason, { profile, at: ctx.at, rng: ctx.noteRng, section, value: null, count: 0 });
			out.push({ questionId: q.id, input: { value: null, na: true, assurance: level > 0.6 ? 'evidenced' : 'claimed', note }, r: null });
			return;
		}
		const bias = new Random(seedOf(profile.short, q.id)).normal() * 0.14 + (HARD[q.id] ?? 0);
		const target = clamp01(level + bias + rng.normal() * 0.05);
		const constraint = q.critical ? (plan.knockouts.includes(q.id) ? 'fail' : 'pass') : null;
		const chosen = choose(candidates(q, rng), target, constraint, q.critical?.minScore ?? 0, rng);
		const before = ctx.previous?.r.get(q.id);
		const change = before === undefined ? 0 : chosen.r - before;
		const quality = qualityOf(chosen.r);
		let assured = assurance(level, chosen.r, rng);
		// The request is listed field by field, not spread from ctx: copying the
		// whole context for every question was a large share of the generator's time.
		const note = noteFor({
			profile,
			at: ctx.at,
			previous: ctx.previous,
			memory: ctx.memory,
			rng: ctx.noteRng,
			questionId: q.id,
			section,
			quality,
			value: chosen.value,
			count: Array.isArray(chosen.value) ? chosen.value.length : 0,
			change,
			critical: Boolean(q.critical)
		});
		// A note on a good answer describes what we saw, so the answer cannot rest on a claim alone.
		if (note && quality === 'good' && assured === 'claimed') assured = 'evidenced';
		out.push({ questionId: q.id, input: { value: chosen.value, na: false, assurance: assured, note: note ?? '' }, r: chosen.r });
	});
	return out;
}

/** Strong platforms show their evidence; weak ones mostly tell us. */
function assurance(level: number, r: number, rng: Random): AssuranceLevel {
	const a = (2 * level + r) / 3 + rng.normal() * 0.1;
	return a > 0.82 ? 'verified' : a > 0.55 ? 'evidenced' : 'claimed';
}

interface Candidate {
	value: AnswerValue;
	r: number;
}

/** The answer nearest the target, among those on the required side of a knock-out. */
function choose(all: Candidate[], target: number, constraint: 'pass' | 'fail' | null, min: number, rng: Random): Candidate {
	const pool = constraint === null ? all : all.filter((c) => (constraint === 'pass' ? c.r >= min : c.r < min));
	if (!pool.length) throw new Error('No answer satisfies the knock-out constraint.');
	const best = Math.min(...pool.map((c) => Math.abs(c.r - target)));
	return pick(rng, pool.filter((c) => Math.abs(c.r - target) <= best + 0.03));
}

function candidates(q: Question, rng: Random): Candidate[] {
	switch (q.type) {
		case 'yes_no':
			return [{ value: 'yes', r: 1 }, { value: 'no', r: 0 }];
		case 'yes_partial_no':
			return [{ value: 'yes', r: 1 }, { value: 'partial', r: 0.5 }, { value: 'no', r: 0 }];
		case 'maturity':
			return [0, 1, 2, 3, 4, 5].map((v) => ({ value: v, r: v / 5 }));
		case 'choice':
			return q.options.map((o) => ({ value: o.value, r: o.score }));
		case 'multi_choice':
			return subsets(q.options);
		case 'number':
			// From the bottom band, its upper part (a 3-minute quorum is not believable);
			// from the others, values near the band's start (a 700-hour revocation neither).
			return banded(q.bands, NUMBERS, rng, (group) => (group[0] <= 1 ? group.slice(Math.floor(group.length / 3)) : group.filter((v) => v <= 3 * group[0])));
		case 'percent':
			if (!q.bands) return PERCENTS.map((v) => ({ value: v, r: v / 100 }));
			// The top half of a band: "62 %" reads truer for a weak answer than "3 %".
			return banded(q.bands, PERCENTS, rng, (group) => group.slice(Math.floor(group.length / 2)));
		default:
			return [];
	}
}

// The candidates of a multiple-choice question, and the plausible values in
// each band of a number, depend only on the (shared, frozen) question: worked
// out once per question rather than once per answer of a bulk seed.
const subsetsOf = new WeakMap<ChoiceOption[], Candidate[]>();
const bandValuesOf = new WeakMap<Band[], Map<number[], Array<number[] | null>>>();

function subsets(options: ChoiceOption[]): Candidate[] {
	let known = subsetsOf.get(options);
	if (!known) subsetsOf.set(options, (known = allSubsets(options)));
	return known;
}

function allSubsets(options: ChoiceOption[]): Candidate[] {
	const out: Candidate[] = [];
	for (let mask = 0; mask < 1 << options.length; mask++) {
		const chosen = options.filter((_, i) => mask & (1 << i));
		out.push({ value: chosen.map((o) => o.value), r: Math.min(1, chosen.reduce((sum, o) => sum + o.score, 0)) });
	}
	return out;
}

/** Values people actually report for hours, days, minutes and counts. */
const NUMBERS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 15, 16, 18, 20, 21, 24, 30, 36, 40, 45, 48, 60, 72, 75, 90, 96, 100, 120, 150, 180, 240, 300, 360, 480, 720];
const PERCENTS = Array.from({ length: 101 }, (_, i) => i);

/**
 * One candidate per band: a plausible value that falls in it, and the band's
 * score. Each grid comes with one `plausible` rule, so the values are kept by
 * band list and grid; only the pick among them is drawn each time.
 */
function banded(bands: Band[], grid: number[], rng: Random, plausible: (group: number[]) => number[]): Candidate[] {
	let byGrid = bandValuesOf.get(bands);
	if (!byGrid) bandValuesOf.set(bands, (byGrid = new Map()));
	let values = byGrid.get(grid);
	if (!values) byGrid.set(grid, (values = bandValues(bands, grid, plausible)));
	return values.flatMap((choices, i) => (choices === null ? [] : [{ value: pick(rng, choices), r: bands[i].score }]));
}

/** Per band, the values to pick from (null for a band no value of the grid falls in). */
function bandValues(bands: Band[], grid: number[], plausible: (group: number[]) => number[]): Array<number[] | null> {
	const groups = bands.map(() => [] as number[]);
	for (const v of grid) {
		const i = bands.findIndex((b) => v >= (b.min ?? -Infinity) && v <= (b.max ?? Infinity));
		if (i >= 0) groups[i].push(v);
	}
	return groups.map((group) => {
		if (!group.length) return null;
		// Zero only where nothing else fits: no one revokes access in 0 hours.
		const nonZero = group.filter((v) => v > 0);
		const choices = plausible(nonZero.length ? nonZero : group);
		return choices.length ? choices : group;
	});
}
