// The compare view's URL: a shared link must show exactly the same view, and a
// mangled one must say which parameter is wrong instead of guessing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEAT_FILTERS } from '../../../src/lib/compare/heatmap';
import { MAX_CANDIDATES, parseState, stateQuery, VARY_DEFAULT, VIEWS, weightsParam, type CompareState } from '../../../src/lib/compare/url-state';

const parse = (query: string) => parseState(new URLSearchParams(query));

describe('parseState on a good link', () => {
	it('reads candidates, weights, profile, filter, variation and tables', () => {
		const { state, problems } = parse('c=12&c=15@88&w=governance:2,hiring:1.5&profile=4&heat=spread&vary=10&tables=ranking,radar');
		expect(problems).toEqual({});
		expect(state).toEqual({
			candidates: [
				{ platformId: 12, assessmentId: null },
				{ platformId: 15, assessmentId: 88 }
			],
			weights: { governance: 2, hiring: 1.5 },
			profile: 4,
			heat: 'spread',
			vary: 10,
			tables: ['ranking', 'radar']
		});
	});

	it('falls back to the defaults for an empty link', () => {
		expect(parse('')).toEqual({
			state: { candidates: [], weights: null, profile: null, heat: 'all', vary: VARY_DEFAULT, tables: [] },
			problems: {},
			duplicates: []
		});
		expect(parse('w=&profile=&tables=').problems).toEqual({});
	});

	it('accepts candidates as a comma list too, and the weight and variation limits', () => {
		const { state, problems } = parse('c=1,2@3, 4&w=a:0,b:1000&vary=0');
		expect(problems).toEqual({});
		expect(state.candidates.map((c) => [c.platformId, c.assessmentId])).toEqual([
			[1, null],
			[2, 3],
			[4, null]
		]);
		expect(state.weights).toEqual({ a: 0, b: 1000 });
		expect(parse('vary=100').state.vary).toBe(100);
	});

	it('collapses a platform given twice to its first mention', () => {
		const { state, problems, duplicates } = parse('c=5&c=6&c=5@9&c=6');
		expect(problems).toEqual({});
		// Not a refusal, but worth a word on the page.
		expect(duplicates).toEqual([5, 6]);
		expect(state.candidates).toEqual([
			{ platformId: 5, assessmentId: null },
			{ platformId: 6, assessmentId: null }
		]);
	});

	it('takes each view once, in the order given', () => {
		expect(parse('tables=trends,ranking,trends').state.tables).toEqual(['trends', 'ranking']);
	});
});

describe('parseState on a bad link', () => {
	it.each(['abc', '0', '-1', '1.5', '01', '1@', '1@x', '1@0', '1@2@3', '@4'])('names c for the candidate “%s”', (token) => {
		const { state, problems } = parse(`c=7&c=${encodeURIComponent(token)}`);
		expect(Object.keys(problems)).toEqual(['c']);
		expect(problems.c).toContain(`“${token}”`);
		expect(state.candidates).toEqual([{ platformId: 7, assessmentId: null }]);
	});

	it(`refuses more than ${MAX_CANDIDATES} platforms, but not ${MAX_CANDIDATES}`, () => {
		const ids = (n: number) => Array.from({ length: n }, (_, i) => `c=${i + 1}`).join('&');
		expect(parse(ids(MAX_CANDIDATES)).problems).toEqual({});
		expect(parse(ids(MAX_CANDIDATES + 1)).problems.c).toBe('Compare at most 12 platforms at once; 13 were given.');
		// Repeats of one platform are not counted twice.
		expect(parse(`${ids(MAX_CANDIDATES)}&c=3&c=3@5`).problems).toEqual({});
	});

	it.each([
		['a:NaN', 'not a number'],
		['a:-1', 'negative'],
		['a:Infinity', 'infinite'],
		['a:1e999', 'infinite when read'],
		['a:1000000.5', 'over 1,000,000'],
		['a:9999999', 'seven digits, over 1,000,000'],
		['a:1e308', 'huge, in exponent form'],
		['a:0x10', 'in hexadecimal'],
		['a:1e3', 'in exponent form'],
		['a:', 'without a number'],
		['a', 'without a colon'],
		[':1', 'without a section'],
		['A:1', 'not a section id'],
		['a:1,,b:2', 'with an empty pair'],
		['__proto__:1', 'a prototype key']
	])('names w for “%s” (%s)', (w) => {
		const { state, problems } = parse(`w=${encodeURIComponent(w)}`);
		expect(Object.keys(problems)).toEqual(['w']);
		// A bad section id is named as such; anything else gets the format.
		expect(problems.w).toMatch(/is not a section id|section:number, the number from 0 to 1000/);
		if (/^(A|__proto__):/.test(w)) expect(problems.w).toBe(`“${w.split(':')[0]}” is not a section id.`);
		expect(state.weights).toBeNull();
	});

	it('names w when every weight is 0', () => {
		const { state, problems } = parse('w=a:0,b:0');
		expect(problems).toEqual({ w: 'At least one section needs a weight above 0.' });
		expect(state.weights).toBeNull();
	});

	it('keeps weights for sections named like Object members in an object without a prototype', () => {
		const { state, problems } = parse('w=constructor:2,hasownproperty:3,__proto__:1');
		expect(problems.w).toBeDefined(); // __proto__ is not a section id
		expect(state.weights).toBeNull();

		const ok = parse('w=constructor:2,hasownproperty:3').state.weights!;
		expect(Object.getPrototypeOf(ok)).toBeNull();
		expect(Object.entries(ok)).toEqual([
			['constructor', 2],
			['hasownproperty', 3]
		]);
		// Nothing leaked onto ordinary objects.
		expect(({} as Record<string, unknown>).constructor).toBe(Object);
		expect(Object.prototype).not.toHaveProperty('hasownproperty');
	});

	it.each(['x', '0', '-3', '1.5', '1e2'])('names profile for “%s”', (profile) => {
		const { state, problems } = parse(`profile=${profile}`);
		expect(problems).toEqual({ profile: 'The weight profile is not a profile number.' });
		expect(state.profile).toBeNull();
	});

	it.each(['hot', '', 'ALL'])('names heat for “%s” and shows all questions', (heat) => {
		const { state, problems } = parse(`heat=${heat}`);
		expect(problems).toEqual({ heat: 'The heatmap filter is one of all, knockouts, spread.' });
		expect(state.heat).toBe('all');
	});

	it.each(['101', '-1', '2.5', 'abc', '', ' '])('names vary for “%s” and keeps the default', (vary) => {
		const { state, problems } = parse(`vary=${encodeURIComponent(vary)}`);
		expect(problems).toEqual({ vary: 'The weight variation is a whole percentage from 0 to 100.' });
		expect(state.vary).toBe(VARY_DEFAULT);
	});

	it('names tables for an unknown view and keeps the known ones', () => {
		const { state, problems } = parse('tables=ranking,pie,radar');
		expect(problems).toEqual({ tables: `“pie” is not a view; views are ${VIEWS.join(', ')}.` });
		expect(state.tables).toEqual(['ranking', 'radar']);
	});

	it('names every bad parameter at once', () => {
		const { problems } = parse('c=x&w=a:-1&profile=y&heat=z&vary=200&tables=pie');
		expect(Object.keys(problems).sort()).toEqual(['c', 'heat', 'profile', 'tables', 'vary', 'w']);
	});
});

describe('stateQuery', () => {
	it('writes a readable link and leaves the defaults out', () => {
		const state: CompareState = {
			candidates: [
				{ platformId: 12, assessmentId: null },
				{ platformId: 15, assessmentId: 88 }
			],
			weights: { governance: 2, hiring: 1.5 },
			profile: null,
			heat: 'all',
			vary: VARY_DEFAULT,
			tables: []
		};
		expect(stateQuery(state)).toBe('c=12&c=15@88&w=governance:2,hiring:1.5');
	});

	it('writes weights at full precision, so they read back exactly', () => {
		expect(weightsParam({ a: 1 / 3, b: 2 })).toBe('a:0.3333333333333333,b:2');
		expect(weightsParam({ a: 4e-7, b: 1 })).toBe('a:0.0000004,b:1');
		for (const w of [1 / 3, 4e-7, 123456.789, 0.1 + 0.2]) {
			expect(parseState(new URLSearchParams({ w: weightsParam({ a: w, b: 1 }) })).state.weights?.a).toBe(w);
		}
	});

	const sectionId = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,11}$/);
	// Weights the sliders and links produce.
	const weight = fc.oneof(fc.constantFrom(0, 1, 1000), fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 10_000));
	const stateArb: fc.Arbitrary<CompareState> = fc.record({
		candidates: fc.uniqueArray(
			fc.record({ platformId: fc.integer({ min: 1, max: 999_999_999_999_999 }), assessmentId: fc.option(fc.integer({ min: 1, max: 2 ** 31 }), { nil: null }) }),
			{ selector: (c) => c.platformId, maxLength: MAX_CANDIDATES }
		),
		weights: fc.option(
			fc.dictionary(sectionId, weight, { minKeys: 1, maxKeys: 8 }).filter((w) => Object.values(w).some((x) => x > 0)),
			{ nil: null }
		),
		profile: fc.option(fc.integer({ min: 1, max: 999_999_999_999_999 }), { nil: null }),
		heat: fc.constantFrom(...HEAT_FILTERS),
		vary: fc.integer({ min: 0, max: 100 }),
		tables: fc.uniqueArray(fc.constantFrom(...VIEWS))
	});

	// A weight past the spec's bound overflowed the weighted sums: NaN scores, every grade F.
	it('yields only weights from 0 to 1,000,000, or names w and yields none, whatever the link says', () => {
		const number = fc.oneof(
			fc.double({ noNaN: false }).map(String),
			fc.constantFrom('1e308', '1000001', '1000000.5', '1000000', '0', '-0', 'NaN', 'Infinity', '-1', '0x10', '1e3', '9'.repeat(400), '', ' 1', '1 ')
		);
		const pair = fc.tuple(fc.oneof(sectionId, fc.constantFrom('__proto__', 'A', '')), number).map(([id, n]) => `${id}:${n}`);
		fc.assert(
			fc.property(fc.array(pair, { minLength: 1, maxLength: 6 }), (pairs) => {
				const { state, problems } = parseState(new URLSearchParams({ w: pairs.join(',') }));
				if (state.weights === null) {
					expect(problems.w).toMatch(/./);
				} else {
					expect(problems.w).toBeUndefined();
					for (const w of Object.values(state.weights)) expect(Number.isFinite(w) && w >= 0 && w <= 1_000_000, String(w)).toBe(true);
				}
			}),
			{ numRuns: 2000 }
		);
	});

	it('reads back as the same state, with no problems', () => {
		fc.assert(
			fc.property(stateArb, (state) => {
				const { state: back, problems } = parseState(new URLSearchParams(stateQuery(state)));
				expect(problems).toEqual({});
				expect(back).toEqual(state);
			}),
			{ numRuns: 500 }
		);
	});
});
