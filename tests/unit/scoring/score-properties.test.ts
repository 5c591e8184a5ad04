// Facts about the scoring rules that must hold for every template and answer
// set, checked on generated ones (fast-check prints the seed on failure).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explain, reweigh, score, type ScoreResult, type Template } from '../../../src/lib/scoring/index';
import { assessmentArb, valueArb, type RawAnswers, type RawTemplate } from './arbitraries';
import { valid } from './helpers';

const RUNS = { numRuns: 300 };
const EPS = 1e-9;

function scoreRaw(raw: { template: unknown; answers: unknown; profile?: unknown }): ScoreResult {
	const { template, answers, profile } = valid(raw);
	return score(template, answers, profile);
}

function allFigures(result: ScoreResult) {
	return [result.overall, ...result.sections];
}

function gradeIndex(template: Template, grade: string | null): number {
	return grade === null ? -1 : template.grades.findIndex((g) => g.grade === grade);
}

/** Whether a score sits so close to a grade boundary that rounding alone could change its grade. */
function nearBoundary(template: Template, s: number | null): boolean {
	return s !== null && template.grades.some((g) => Math.abs(g.min - s) < 1e-6);
}

function closeOrBothNull(a: number | null, b: number | null): boolean {
	return a === null || b === null ? a === b : Math.abs(a - b) <= EPS * Math.max(1, Math.abs(b));
}

const FIGURES = ['score', 'assuredScore', 'answeredScore', 'coverage'] as const;

describe('scoring properties', () => {
	it('a section score is its answered score times its coverage', () => {
		fc.assert(
			fc.property(assessmentArb, (raw) => {
				for (const s of scoreRaw(raw).sections) {
					if (!s.applicable) continue;
					if (s.answeredScore === null) {
						expect(s.score).toBe(0);
						expect(s.coverage).toBe(0);
					} else {
						expect(Math.abs(s.score! - s.answeredScore * s.coverage!)).toBeLessThanOrEqual(EPS);
					}
				}
			}),
			RUNS
		);
	});

	it('every score lies in 0–100 and every coverage in 0–1', () => {
		fc.assert(
			fc.property(assessmentArb, (raw) => {
				for (const f of allFigures(scoreRaw(raw))) {
					for (const key of ['score', 'assuredScore', 'answeredScore'] as const) {
						const v = f[key];
						if (v !== null) expect(v >= 0 && v <= 100, `${key} ${v}`).toBe(true);
					}
					if (f.coverage !== null) expect(f.coverage >= 0 && f.coverage <= 1).toBe(true);
				}
			}),
			RUNS
		);
	});

	it('the assured score never exceeds the score', () => {
		fc.assert(
			fc.property(assessmentArb, (raw) => {
				for (const f of allFigures(scoreRaw(raw))) {
					if (f.score !== null) expect(f.assuredScore!).toBeLessThanOrEqual(f.score);
				}
			}),
			RUNS
		);
	});

	it('the grade is never better than the band grade', () => {
		fc.assert(
			fc.property(assessmentArb, (raw) => {
				const { template } = valid(raw);
				const { overall, knockouts } = scoreRaw(raw);
				if (overall.score === null) {
					expect(overall.grade).toBeNull();
					return;
				}
				expect(gradeIndex(template, overall.grade)).toBeGreaterThanOrEqual(gradeIndex(template, overall.bandGrade));
				if (knockouts.length === 0) expect(overall.grade).toBe(overall.bandGrade);
			}),
			RUNS
		);
	});

	it('raising one answer never lowers a score or worsens the grade', () => {
		const arb = assessmentArb.chain((raw) => {
			const answered = Object.entries(raw.answers.answers).filter(([, e]) => e.value !== undefined);
			if (answered.length === 0) return fc.constant(null);
			return fc.constantFrom(...answered).chain(([id]) => {
				const question = raw.template.sections.flatMap((s) => s.questions).find((q) => q.id === id)!;
				return fc.tuple(valueArb(question), valueArb(question)).map(([v1, v2]) => ({ raw, id, v1, v2 }));
			});
		});
		fc.assert(
			fc.property(arb, (picked) => {
				if (!picked) return;
				const { raw, id, v1, v2 } = picked;
				const withValue = (value: unknown) => {
					const answers: RawAnswers = structuredClone(raw.answers);
					answers.answers[id] = { ...answers.answers[id], value };
					const docs = valid({ ...raw, answers });
					const explained = explain(docs.template, docs.answers, docs.profile);
					const r = explained.sections.flatMap((s) => s.questions).find((q) => q.id === id)?.r ?? 0;
					return { r, result: score(docs.template, docs.answers, docs.profile), template: docs.template };
				};
				let [low, high] = [withValue(v1), withValue(v2)];
				if (low.r > high.r) [low, high] = [high, low];
				for (const [i, f] of allFigures(high.result).entries()) {
					const before = allFigures(low.result)[i];
					for (const key of ['score', 'assuredScore', 'answeredScore'] as const) {
						if (before[key] !== null) expect(f[key]!).toBeGreaterThanOrEqual(before[key]!);
					}
				}
				expect(gradeIndex(high.template, high.result.overall.grade)).toBeLessThanOrEqual(
					gradeIndex(low.template, low.result.overall.grade)
				);
			}),
			RUNS
		);
	});

	it('scaling every weight by a power of two changes no figure, grade or knock-out', () => {
		const arb = fc.tuple(assessmentArb, fc.integer({ min: -8, max: 8 }), fc.integer({ min: -8, max: 8 }));
		fc.assert(
			fc.property(arb, ([raw, e1, e2]) => {
				const scaled = scaleWeights(raw, 2 ** e1, 2 ** e2);
				const before = scoreRaw(raw);
				const after = scoreRaw(scaled);
				expect(after.overall).toEqual(before.overall);
				expect(after.knockouts).toEqual(before.knockouts);
				expect(after.sections.map(({ weight: _, ...s }) => s)).toEqual(before.sections.map(({ weight: _, ...s }) => s));
			}),
			RUNS
		);
	});

	it('scaling every weight by any constant changes no figure (to rounding) and no grade away from a boundary', () => {
		const factor = fc.double({ min: 0.001, max: 1000, noNaN: true });
		fc.assert(
			fc.property(fc.tuple(assessmentArb, factor, factor), ([raw, c1, c2]) => {
				const before = scoreRaw(raw);
				const after = scoreRaw(scaleWeights(raw, c1, c2));
				for (const [i, f] of allFigures(after).entries()) {
					for (const key of FIGURES) expect(closeOrBothNull(f[key], allFigures(before)[i][key])).toBe(true);
				}
				if (!nearBoundary(valid(raw).template, before.overall.score)) expect(after.overall.grade).toBe(before.overall.grade);
			}),
			RUNS
		);
	});

	it("explain's contributions add up to each section's share and to the overall score", () => {
		fc.assert(
			fc.property(assessmentArb, (raw) => {
				const { template, answers, profile } = valid(raw);
				const result = explain(template, answers, profile);
				const counted = result.sections.filter((s) => s.applicable && s.weight > 0);
				const totalW = counted.reduce((sum, s) => sum + s.weight, 0);
				let total = 0;
				for (const s of result.sections) {
					const sum = s.questions.reduce((acc, q) => acc + q.contribution, 0);
					const share = counted.includes(s) ? (s.weight * s.score!) / totalW : 0;
					expect(Math.abs(sum - share)).toBeLessThanOrEqual(EPS);
					total += sum;
				}
				if (result.overall.score === null) expect(total).toBe(0);
				else expect(Math.abs(total - result.overall.score)).toBeLessThanOrEqual(EPS);
			}),
			RUNS
		);
	});

	it('explain gives the same figures as score, plus one line per scored question', () => {
		fc.assert(
			fc.property(assessmentArb, (raw) => {
				const { template, answers, profile } = valid(raw);
				const explained = explain(template, answers, profile);
				const plain = score(template, answers, profile);
				expect(explained.sections.map(({ questions: _, ...s }) => s)).toEqual(plain.sections);
				expect(explained.overall).toEqual(plain.overall);
				const scored = template.sections.map((s) => s.questions.filter((q) => q.type !== 'text').map((q) => q.id));
				expect(explained.sections.map((s) => s.questions.map((q) => q.id))).toEqual(scored);
			}),
			RUNS
		);
	});

	it('re-weighing a stored result equals scoring the answers under the profile, exactly', () => {
		fc.assert(
			fc.property(assessmentArb, (raw) => {
				const { template, answers, profile } = valid(raw);
				const stored = score(template, answers);
				// Through JSON, as a snapshot comes out of the database.
				const snapshot = JSON.parse(JSON.stringify(stored)) as ScoreResult;
				const reweighed = reweigh(snapshot, template.grades, profile?.sections ?? {}, profile?.name ?? null);
				expect(reweighed).toEqual(score(template, answers, profile));
			}),
			RUNS
		);
	});

	it('reordering sections changes no overall figure, and no grade away from a boundary', () => {
		const arb = assessmentArb.chain((raw) =>
			fc.shuffledSubarray(raw.template.sections, { minLength: raw.template.sections.length }).map((sections) => ({
				raw,
				reordered: { ...raw, template: { ...raw.template, sections } }
			}))
		);
		fc.assert(
			fc.property(arb, ({ raw, reordered }) => {
				const before = scoreRaw(raw);
				const after = scoreRaw(reordered);
				for (const key of FIGURES) expect(closeOrBothNull(after.overall[key], before.overall[key])).toBe(true);
				if (!nearBoundary(valid(raw).template, before.overall.score)) {
					expect(after.overall.bandGrade).toBe(before.overall.bandGrade);
					expect(after.overall.grade).toBe(before.overall.grade);
				}
				const byQuestion = (r: ScoreResult) => [...r.knockouts].sort((a, b) => a.question.localeCompare(b.question));
				expect(byQuestion(after)).toEqual(byQuestion(before));
			}),
			RUNS
		);
	});
});

/** The same assessment with every question weight × c1 and every section (and profile) weight × c2. */
function scaleWeights<T extends { template: RawTemplate; profile?: { sections: Record<string, number> } }>(raw: T, c1: number, c2: number): T {
	const template = structuredClone(raw.template);
	for (const s of template.sections) {
		s.weight = (s.weight ?? 1) * c2;
		for (const q of s.questions) if (q.type !== 'text') q.weight = (q.weight ?? 1) * c1;
	}
	const profile = raw.profile && {
		...raw.profile,
		sections: Object.fromEntries(Object.entries(raw.profile.sections).map(([id, w]) => [id, w * c2]))
	};
	return { ...raw, template, profile };
}
