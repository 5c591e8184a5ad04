// rankRobustness: how likely each platform is to hold each rank if the
// section weights were a little different, and the one weight change that
// would swap the top two.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankRobustness, score, type RobustnessCandidate } from '../../../src/lib/scoring/index';
import { valid } from './helpers';
import { assessmentArb, answersArb } from './arbitraries';

const candidate = (id: string, scores: Record<string, number | null>, weights: Record<string, number> = {}): RobustnessCandidate => ({
	id,
	sections: Object.entries(scores).map(([section, s]) => ({ id: section, weight: weights[section] ?? 1, score: s }))
});

/** Overall score of a candidate with one section's weight replaced. */
function rescored(c: RobustnessCandidate, section: string, weight: number): number | null {
	let num = 0;
	let den = 0;
	for (const s of c.sections) {
		const w = s.id === section ? weight : s.weight;
		if (s.score === null || !(w > 0)) continue;
		num += w * s.score;
		den += w;
	}
	return den > 0 ? num / den : null;
}

/** Whether score x is ahead of score y by more than rounding noise (10⁻⁹ points); no score is behind any score. */
function ahead(x: number | null, y: number | null): boolean {
	return x !== null && (y === null || x - y > 1e-9);
}

const candidatesArb = fc
	.record({
		weights: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 10, noNaN: true })), { minLength: 1, maxLength: 5 }),
		count: fc.integer({ min: 1, max: 6 })
	})
	.chain(({ weights, count }) =>
		fc
			.array(
				fc.array(fc.option(fc.oneof(fc.constantFrom(0, 50, 100), fc.double({ min: 0, max: 100, noNaN: true })), { freq: 6 }), {
					minLength: weights.length,
					maxLength: weights.length
				}),
				{ minLength: count, maxLength: count }
			)
			.map((rows) =>
				rows.map((row, c) => ({
					id: `c${c}`,
					sections: row.map((s, k) => ({ id: `s${k}`, weight: weights[k], score: s }))
				}))
			)
	);

describe('rankRobustness', () => {
	it('gives the same answer for the same seed', () => {
		fc.assert(
			fc.property(candidatesArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (candidates, sigma, seed) => {
				const options = { sigma, seed, samples: 200 };
				expect(rankRobustness(candidates, options)).toEqual(rankRobustness(candidates, options));
			}),
			{ numRuns: 100 }
		);
	});

	it("has each candidate's rank probabilities sum to 1, and each rank's over the candidates", () => {
		fc.assert(
			fc.property(candidatesArb, fc.double({ min: 0, max: 2, noNaN: true }), fc.integer(), (candidates, sigma, seed) => {
				const result = rankRobustness(candidates, { sigma, seed, samples: 200 });
				const n = candidates.length;
				for (const c of result.candidates) {
					expect(c.rankProbabilities).toHaveLength(n);
					expect(Math.abs(c.rankProbabilities.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
					for (const p of c.rankProbabilities) expect(p >= 0 && p <= 1 + 1e-12).toBe(true);
				}
				for (let r = 0; r < n; r++) {
					const sum = result.candidates.reduce((acc, c) => acc + c.rankProbabilities[r], 0);
					expect(Math.abs(sum - 1)).toBeLessThan(1e-9);
				}
			}),
			{ numRuns: 150 }
		);
	});

	it('with no jitter, every candidate holds its current rank for certain', () => {
		const result = rankRobustness([candidate('a', { x: 80, y: 60 }), candidate('b', { x: 90, y: 70 }), candidate('c', { x: 10, y: 20 })], {
			sigma: 0,
			samples: 50
		});
		expect(result.candidates.map((c) => [c.id, c.rank, c.rankProbabilities])).toEqual([
			['a', 2, [0, 1, 0]],
			['b', 1, [1, 0, 0]],
			['c', 3, [0, 0, 1]]
		]);
	});

	it('splits tied ranks equally between tied candidates, whatever their input order', () => {
		const result = rankRobustness([candidate('a', { x: 50, y: 50 }), candidate('b', { x: 50, y: 50 }), candidate('c', { x: 10, y: 90 })], {
			sigma: 0.3,
			samples: 500,
			seed: 7
		});
		const [a, b] = result.candidates;
		expect(a.rank).toBe(b.rank);
		expect(a.rankProbabilities).toEqual(b.rankProbabilities);
	});

	it('ranks a candidate with no applicable section last', () => {
		const result = rankRobustness([candidate('empty', { x: null }), candidate('scored', { x: 0 })], { sigma: 0.5, samples: 100 });
		expect(result.candidates[0].score).toBeNull();
		expect(result.candidates[0].rank).toBe(2);
		expect(result.candidates[0].rankProbabilities).toEqual([0, 1]);
	});

	it('finds that cutting one section weight by 10% swaps the top two in a worked case', () => {
		// a: (100·wx + 0·wy)/(wx + wy) = 50; b: (0·wx + 90·wy)/(wx + wy) = 45.
		// Lowering wx to 0.9 ties them (−10%); raising wy to 10/9 would need +11.1%.
		const result = rankRobustness([candidate('a', { x: 100, y: 0 }), candidate('b', { x: 0, y: 90 })]);
		expect(result.swap).not.toBeNull();
		const swap = result.swap!;
		expect(swap).toMatchObject({ leader: 'a', runnerUp: 'b', section: 'x', from: 1, direction: 'lower' });
		expect(swap.to).toBeCloseTo(0.9, 9);
		expect(swap.relativeChange!).toBeCloseTo(-0.1, 9);
	});

	it('reports no swap when the leader is ahead in every section', () => {
		const result = rankRobustness([candidate('a', { x: 100, y: 80 }), candidate('b', { x: 60, y: 50 })]);
		expect(result.swap).toBeNull();
		expect(rankRobustness([candidate('alone', { x: 1 })]).swap).toBeNull();
	});

	it('reports a swap that really swaps, and none smaller exists in any section', () => {
		fc.assert(
			fc.property(candidatesArb, (candidates) => {
				fc.pre(candidates.length >= 2);
				const result = rankRobustness(candidates, { samples: 1 });
				const swap = result.swap;
				const leader = candidates.find((c) => c.id === swap?.leader);
				const runnerUp = candidates.find((c) => c.id === swap?.runnerUp);
				const bLeads = (section: string, w: number) => ahead(rescored(runnerUp!, section, w), rescored(leader!, section, w));
				if (swap) {
					// Past the tipping point (or at 0, when lowering to 0), the runner-up gets ahead.
					expect(swap.direction === 'raise' ? swap.to >= swap.from : swap.to <= swap.from).toBe(true);
					const steps = [1e-30, 1e-20, 1e-12, 1e-9, 1e-7, 1e-4, 1e-2, 0.1, 1].flatMap((f) => [f, f * swap.to]);
					const beyond = steps.map((step) => (swap.direction === 'raise' ? swap.to + step : Math.max(0, swap.to - step)));
					expect(beyond.some((w) => bLeads(swap.section, w))).toBe(true);
				}
				// No section swaps the two with a smaller relative change (checked on a grid).
				const [first, second] = [...result.candidates].sort((x, y) => x.rank - y.rank);
				if (!swap && (first.score === null || second.score === null)) return;
				// Two candidates within a millionth of a point of each other have no
				// meaningful "top two": the engine's own tie tolerance is 1e-9 points.
				fc.pre(first.score === null || second.score === null || Math.abs(first.score - second.score) > 1e-6);
				const a = swap ? leader! : candidates.find((c) => c.id === first.id)!;
				const b = swap ? runnerUp! : candidates.find((c) => c.id === second.id)!;
				const limit = swap?.relativeChange === null || swap === null ? Infinity : Math.abs(swap.relativeChange);
				for (const s of a.sections) {
					if (!(s.weight > 0)) continue;
					for (const rel of [-0.999, -0.9, -0.5, -0.25, -0.1, -0.01, 0.01, 0.1, 0.25, 0.5, 1, 2, 10, 100]) {
						if (Math.abs(rel) >= limit * (1 - 1e-6)) continue;
						const w = s.weight * (1 + rel);
						expect(ahead(rescored(b, s.id, w), rescored(a, s.id, w)), `${s.id} ×${1 + rel}`).toBe(false);
					}
				}
			}),
			{ numRuns: Number(process.env.SWAP_RUNS ?? 200) }
		);
	});

	it('accepts the section results of score() as they are', () => {
		const arb = assessmentArb.chain((one) => fc.tuple(fc.constant(one), answersArb(one.template), answersArb(one.template)));
		fc.assert(
			fc.property(arb, ([raw, second, third]) => {
				const platforms = [raw.answers, second, third].map((answers, i) => {
					const docs = valid({ template: raw.template, answers, profile: raw.profile });
					const result = score(docs.template, docs.answers, docs.profile);
					return { id: `p${i}`, sections: result.sections, overall: result.overall.score };
				});
				const ranked = rankRobustness(platforms, { samples: 20 });
				ranked.candidates.forEach((c, i) => {
					if (platforms[i].overall === null) expect(c.score).toBeNull();
					else expect(Math.abs(c.score! - platforms[i].overall!)).toBeLessThan(1e-9);
				});
			}),
			{ numRuns: 50 }
		);
	});

	it('refuses weights that differ between candidates, and non-finite numbers', () => {
		expect(() => rankRobustness([candidate('a', { x: 1 }, { x: 1 }), candidate('b', { x: 1 }, { x: 2 })])).toThrow(RangeError);
		expect(() => rankRobustness([candidate('a', { x: NaN })])).toThrow(RangeError);
		expect(() => rankRobustness([candidate('a', { x: 1 }, { x: Infinity })])).toThrow(RangeError);
		expect(() => rankRobustness([candidate('a', { x: 1 })], { sigma: -1 })).toThrow(RangeError);
		expect(() => rankRobustness([candidate('a', { x: 1 })], { samples: 0.5 })).toThrow(RangeError);
	});
});
