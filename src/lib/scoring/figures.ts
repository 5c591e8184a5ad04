// From a section's sums to its figures, and from the counted sections to the
// overall figures and the grade (spec §4 tables).
import type { CompiledTemplate } from './compile';
import type { Knockout, OverallResult, SectionResult } from './types';

/** 100·x/y, kept at or below 100 when rounding would nudge it over. */
function percent(x: number, y: number): number {
	const p = (100 * x) / y;
	return p > 100 ? 100 : p;
}

/** A section's figures from its sums; all null when no scored question applies. */
export function sectionFigures(
	id: string,
	weight: number,
	applicable: number,
	earned: number,
	assured: number,
	answered: number
): SectionResult {
	if (!(applicable > 0)) {
		return { id, weight, applicable: false, score: null, assuredScore: null, answeredScore: null, coverage: null };
	}
	return {
		id,
		weight,
		applicable: true,
		score: percent(earned, applicable),
		assuredScore: percent(assured, applicable),
		answeredScore: answered > 0 ? percent(earned, answered) : null,
		coverage: answered / applicable
	};
}

/** What the overall figures need of a template: its grades, best first. */
export type GradeScale = Pick<CompiledTemplate, 'gradeNames' | 'gradeMins'>;

/** Weighted means over the counted sections (applicable, weight > 0), the band grade and the capped grade. */
export function overallFigures(ct: GradeScale, sections: readonly SectionResult[], knockouts: readonly Knockout[] | null): OverallResult {
	let weight = 0;
	let score = 0;
	let assured = 0;
	let coverage = 0;
	let answeredWeight = 0;
	let answered = 0;
	for (const s of sections) {
		if (!s.applicable || !(s.weight > 0)) continue;
		weight += s.weight;
		score += s.weight * s.score!;
		assured += s.weight * s.assuredScore!;
		coverage += s.weight * s.coverage!;
		if (s.answeredScore !== null) {
			answeredWeight += s.weight;
			answered += s.weight * s.answeredScore;
		}
	}
	if (!(weight > 0)) {
		return { score: null, assuredScore: null, answeredScore: null, coverage: null, bandGrade: null, grade: null };
	}
	const mean = Math.min(100, score / weight);
	const band = bandIndex(ct, mean);
	let worst = band;
	if (knockouts) for (const k of knockouts) worst = Math.max(worst, ct.gradeNames.indexOf(k.capGrade));
	return {
		score: mean,
		assuredScore: Math.min(100, assured / weight),
		answeredScore: answeredWeight > 0 ? Math.min(100, answered / answeredWeight) : null,
		coverage: coverage / weight,
		bandGrade: ct.gradeNames[band],
		grade: ct.gradeNames[worst]
	};
}

/** The first grade whose min the score reaches (the last grade's min is 0). */
function bandIndex(ct: GradeScale, score: number): number {
	const mins = ct.gradeMins;
	for (let g = 0; g < mins.length; g++) if (mins[g] <= score) return g;
	return mins.length - 1;
}
