// The comparison's figures: which sections count when candidates were scored
// on different template versions, every candidate re-weighed from its stored
// snapshot, the ranking, the trust gap, and how firmly the ranking holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFigures, ranked, restrict, robustness, sigmaFor } from '../../../src/lib/compare/figures';
import { commonSections, defaultWeights } from '../../../src/lib/compare/sections';
import type { CompareData, CompareTemplate } from '../../../src/lib/compare/types';
import { score, type Profile, type Template } from '../../../src/lib/scoring/index';
import { answersArb, templateArb } from '../scoring/arbitraries';
import { valid } from '../scoring/helpers';
import { threePlatforms } from './fixture';

describe('common sections', () => {
	it('are the sections every version has, in the newest version’s order, with what was dropped', () => {
		const common = commonSections(threePlatforms());
		expect(common.sections.map((s) => [s.id, s.title, s.weight])).toEqual([
			['keys', 'Key management', 3],
			['gov', 'Governance', 1]
		]);
		expect(common.dropped).toEqual([{ id: 'ops', title: 'Operations' }]);
		expect(common.newest.versionId).toBe(2);
		expect(common.mixed).toBe(true);
	});

	it('start from the newest version’s weights', () => {
		expect(defaultWeights(commonSections(threePlatforms()))).toEqual({ keys: 3, gov: 1 });
	});

	it('are all sections, unmixed, when every candidate is on one version', () => {
		const data = threePlatforms();
		data.candidates = data.candidates.slice(1);
		const common = commonSections(data);
		expect(common.sections.map((s) => s.id)).toEqual(['keys', 'gov', 'ops']);
		expect(common.dropped).toEqual([]);
		expect(common.mixed).toBe(false);
	});

	it('refuse a comparison without candidates', () => {
		expect(() => commonSections({ candidates: [], templates: {} })).toThrow(RangeError);
	});
});

describe('restrict', () => {
	it('keeps the given sections and only their knock-outs', () => {
		const bravo = threePlatforms().candidates[1].result;
		const cut = restrict(bravo, new Set(['keys', 'gov']));
		expect(cut.sections.map((s) => s.id)).toEqual(['keys', 'gov']);
		expect(cut.knockouts).toEqual([]);
		expect(restrict(bravo, new Set(['ops'])).knockouts.map((k) => k.question)).toEqual(['o1']);
		// The stored result is left as it was.
		expect(bravo.sections).toHaveLength(3);
	});
});

describe('compareFigures', () => {
	const data = threePlatforms();
	const common = commonSections(data);

	it('re-derives each candidate’s figures from the common sections under the newest weights', () => {
		// Weights keys 3, gov 1 (ops is dropped):
		//   Alpha   (3·60 + 1·90) / 4 = 270/4 = 67.5  band B, its gov knock-out caps it at C; assured (3·30 + 45)/4 = 33.75
		//   Bravo   (3·80 + 1·50) / 4 = 290/4 = 72.5  B: its ops knock-out is not counted
		//   Charlie (3·75 + 1·65) / 4 = 290/4 = 72.5  B; claimed (3·90 + 80)/4 = 350/4 = 87.5, A; gap 87.5 − 72.5 = 15
		const [alpha, bravo, charlie] = compareFigures(data, common, defaultWeights(common));
		expect(alpha.result.overall).toEqual({ score: 67.5, assuredScore: 33.75, answeredScore: 67.5, coverage: 1, bandGrade: 'B', grade: 'C' });
		expect(alpha.result.knockouts.map((k) => k.question)).toEqual(['g1']);
		expect(bravo.result.overall).toMatchObject({ score: 72.5, bandGrade: 'B', grade: 'B' });
		expect(bravo.result.knockouts).toEqual([]);
		expect(bravo.result.sections.map((s) => [s.id, s.weight])).toEqual([
			['keys', 3],
			['gov', 1]
		]);
		expect(charlie.result.overall.score).toBe(72.5);
		expect(charlie.claimed!.overall).toMatchObject({ score: 87.5, grade: 'A' });
		expect(charlie.gap).toBe(15);
		expect(alpha.claimed).toBeNull();
		expect(alpha.gap).toBeNull();
	});

	it('gives tied candidates the same rank and the next one the rank after both', () => {
		const rows = compareFigures(data, common, defaultWeights(common));
		expect(rows.map((r) => r.rank)).toEqual([3, 1, 1]);
		// Best first; the tie keeps the candidates' order.
		expect(ranked(rows).map((r) => r.candidate.platformName)).toEqual(['Bravo', 'Charlie', 'Alpha']);
	});

	it('re-ranks under other weights and names the profile', () => {
		// Equal weights: Alpha (60 + 90)/2 = 75, Bravo (80 + 50)/2 = 65, Charlie (75 + 65)/2 = 70.
		const rows = compareFigures(data, common, { keys: 1, gov: 1 }, 'Equal');
		expect(rows.map((r) => r.result.overall.score)).toEqual([75, 65, 70]);
		expect(rows.map((r) => r.rank)).toEqual([1, 3, 2]);
		expect(rows[2].gap).toBe((90 + 80) / 2 - 70);
		expect(rows.every((r) => r.result.profile === 'Equal')).toBe(true);
	});

	it('leaves a candidate with nothing weighed without a score, last', () => {
		const rows = compareFigures(data, common, { keys: 0, gov: 0 });
		expect(rows.map((r) => r.result.overall.score)).toEqual([null, null, null]);
		expect(rows.map((r) => r.rank)).toEqual([1, 1, 1]);
		expect(rows[2].gap).toBeNull();
	});
});

describe('robustness', () => {
	const data = threePlatforms();
	const common = commonSections(data);

	it('reads “vary by 25%” as a log-normal spread of ln 1.25', () => {
		expect(sigmaFor(25)).toBe(Math.log(1.25));
		expect(sigmaFor(0)).toBe(0);
	});

	it('keeps every candidate at its rank for sure when the weights do not vary', () => {
		const rows = compareFigures(data, common, { keys: 1, gov: 1 });
		const r = robustness(rows, 0, 500);
		expect(r.sigma).toBe(0);
		expect(r.candidates.map((c) => c.id)).toEqual(['11', '12', '13']);
		expect(r.candidates.map((c) => c.rank)).toEqual(rows.map((row) => row.rank));
		for (const [i, c] of r.candidates.entries()) {
			const certain = [0, 0, 0];
			certain[rows[i].rank - 1] = 1;
			expect(c.rankProbabilities).toEqual(certain);
		}
	});

	it('splits the ranks of a tie evenly when the weights do not vary', () => {
		const r = robustness(compareFigures(data, common, defaultWeights(common)), 0, 100);
		expect(r.candidates.map((c) => c.rankProbabilities)).toEqual([
			[0, 0, 1],
			[0.5, 0.5, 0],
			[0.5, 0.5, 0]
		]);
	});

	it('finds the smallest single weight change that lets the runner-up overtake the leader', () => {
		// Equal weights: Alpha leads with 75, Charlie follows with 70.
		// Moving gov to g (keys 1): Alpha (60 + 90g) vs Charlie (75 + 65g) tie at 25g = 15, g = 0.6 (−40%).
		// Moving keys to k (gov 1): Alpha (60k + 90) vs Charlie (75k + 65) tie at 15k = 25, k = 5/3 (+67%).
		// The smaller relative change wins: lower gov to 0.6.
		const r = robustness(compareFigures(data, common, { keys: 1, gov: 1 }), 25, 200);
		expect(r.swap).toMatchObject({ leader: '11', runnerUp: '13', section: 'gov', from: 1, direction: 'lower' });
		expect(r.swap!.to).toBeCloseTo(0.6, 9);
	});

	it('answers a repeat of the same inputs from memory, and anything else afresh', () => {
		const rows = compareFigures(data, common, { keys: 1, gov: 1 });
		const first = robustness(rows, 25, 300);
		// The same figures built again (as the next render would) give the very same frozen result.
		expect(robustness(compareFigures(data, common, { keys: 1, gov: 1 }), 25, 300)).toBe(first);
		expect(Object.isFrozen(first.candidates[0].rankProbabilities)).toBe(true);
		// Another spread, another weight or another score is a new computation.
		expect(robustness(rows, 30, 300)).not.toBe(first);
		const reweighted = robustness(compareFigures(data, common, { keys: 2, gov: 1 }), 25, 300);
		expect(reweighted).not.toBe(first);
		expect(reweighted.candidates.map((c) => c.score)).not.toEqual(first.candidates.map((c) => c.score));
		const moved = rows.map((row, i) => (i === 0 ? { ...row, result: { ...row.result, sections: row.result.sections.map((s) => ({ ...s, score: s.score === null ? null : s.score - 10 })) } } : row));
		expect(robustness(moved, 25, 300).candidates[0].score).toBeLessThan(first.candidates[0].score!);
	});
});

/** The compare view of a validated template, as the server builds it. */
function compareTemplate(t: Template, versionId: number): CompareTemplate {
	return {
		versionId,
		key: t.key,
		version: t.version,
		title: t.title,
		grades: t.grades,
		sections: t.sections.map((s) => ({
			id: s.id,
			title: s.title ?? s.id,
			weight: s.weight,
			questions: s.questions.filter((q) => q.type !== 'text').map((q) => ({ id: q.id, prompt: q.prompt ?? q.id, critical: q.critical !== undefined }))
		}))
	};
}

const comparisonArb = templateArb.chain((raw) =>
	fc.record({
		raw: fc.constant(raw),
		answerSets: fc.array(answersArb(raw), { minLength: 1, maxLength: 4 }),
		weights: fc
			.subarray(raw.sections.map((s) => s.id))
			.chain((ids) => fc.tuple(...ids.map(() => fc.oneof(fc.constantFrom(0, 1, 2, 0.5), fc.double({ min: 0.01, max: 50, noNaN: true })))).map((ws) => Object.fromEntries(ids.map((id, i) => [id, ws[i]]))))
	})
);

describe('compareFigures against the scoring engine', () => {
	it('re-weighing stored results equals scoring the answers with those weights as a profile', () => {
		fc.assert(
			fc.property(comparisonArb, ({ raw, answerSets, weights }) => {
				const sets = answerSets.map((answers) => valid({ template: raw, answers }));
				const template = sets[0].template;
				const data: CompareData = {
					templates: { 7: compareTemplate(template, 7) },
					candidates: sets.map(({ answers }, i) => ({
						platformId: i + 1,
						platformName: `P${i + 1}`,
						assessmentId: 100 + i,
						origin: 'analyst',
						finalizedAt: 0,
						templateVersionId: 7,
						result: score(template, answers),
						claimedResult: null,
						questions: {},
						trend: []
					}))
				};
				const common = commonSections(data);
				expect(common.sections.map((s) => s.id)).toEqual(template.sections.map((s) => s.id));
				const profile: Profile = { format: 'clearance-profile/1', name: 'W', sections: weights };
				const rows = compareFigures(data, common, weights, 'W');
				const expected = sets.map(({ answers }) => score(template, answers, profile));
				rows.forEach((row, i) => {
					expect(row.result.overall).toEqual(expected[i].overall);
					expect(row.result.sections).toEqual(expected[i].sections);
					expect(row.result.profile).toBe('W');
				});
				// Ranks compare scores to 10⁻⁹ points, so two roundings of one mean tie.
				const key = (x: number | null) => (x === null ? -Infinity : Math.round(x * 1e9));
				for (const row of rows) {
					const higher = expected.filter((e) => key(e.overall.score) > key(row.result.overall.score)).length;
					expect(row.rank).toBe(1 + higher);
				}
			}),
			{ numRuns: 200 }
		);
	});
});
