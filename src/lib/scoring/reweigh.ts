// A result under other section weights, without the answers. A section's
// figures do not depend on any section weight, and knock-outs do not depend on
// weights at all, so re-weighing a stored result only re-derives the overall
// figures and the grade. This is what lets a committee move a slider and see
// every candidate re-ranked at once, in the browser, from stored snapshots.
import { overallFigures, type GradeScale } from './figures';
import type { Grade, ScoreResult } from './types';

/** The grade scale of a template's grades (best first, as validated templates keep them). */
export function gradeScale(grades: readonly Grade[]): GradeScale {
	return { gradeNames: grades.map((g) => g.grade), gradeMins: Float64Array.from(grades, (g) => g.min) };
}

/**
 * `result` with each section listed in `weights` weighed anew; other sections
 * keep theirs. For the answers that produced `result` this equals
 * `score(template, answers, profile)` with `profile.sections = weights`.
 * `grades` are the template's, from the same template version as `result`.
 */
export function reweigh(
	result: ScoreResult,
	grades: readonly Grade[] | GradeScale,
	weights: Readonly<Record<string, number>>,
	profileName: string | null = null
): ScoreResult {
	const scale = 'gradeNames' in grades ? grades : gradeScale(grades);
	const sections = result.sections.map((s) => (Object.hasOwn(weights, s.id) ? { ...s, weight: weights[s.id] } : { ...s }));
	return {
		template: { ...result.template },
		profile: profileName,
		overall: overallFigures(scale, sections, result.knockouts),
		sections,
		knockouts: result.knockouts.map((k) => ({ ...k }))
	};
}
