// How severe a proposed finding is, and which answers are weak enough to
// propose one: one pure rule, shared by the finalise that proposes and the
// pages and docs that explain it (docs/methodology.md, "Findings").
import type { Grade } from '../scoring/types';
import type { FindingSeverity } from './vocabulary';

/**
 * An answer is weak, and worth a proposed finding, when its normalised value
 * r is below `below` on a question weighing at least `minWeight`. The
 * template format (clearance-template/1) has no field for a per-template
 * threshold, and the spec refuses unknown keys, so every template uses this
 * one until the format grows one.
 */
export const WEAK_ANSWER = Object.freeze({ below: 0.5, minWeight: 3 });

/** Weight at or above which a weak answer is a high finding (the heaviest questions in the shipped templates weigh 5). */
export const HEAVY_WEIGHT = 5;

/**
 * A knock-out's severity, from how far down the template's grade scale it
 * caps the grade: position 0 is the best grade, 1 the worst. A cap in the
 * bottom quarter of the scale (D or F of A–F) is critical, in the bottom
 * half (C) high, anything milder (A, B) medium. A knock-out is never low:
 * it already changes the grade. An unknown cap grade counts as the worst.
 */
export function knockoutSeverity(capGrade: string, grades: readonly Grade[]): FindingSeverity {
	const index = grades.findIndex((g) => g.grade === capGrade);
	const depth = index < 0 || grades.length < 2 ? 1 : index / (grades.length - 1);
	if (depth >= 0.75) return 'critical';
	if (depth >= 0.5) return 'high';
	return 'medium';
}

/** A weak answer's severity, from its question's weight. */
export function weakAnswerSeverity(weight: number): FindingSeverity {
	if (weight >= HEAVY_WEIGHT) return 'high';
	if (weight >= WEAK_ANSWER.minWeight) return 'medium';
	return 'low';
}

/** Whether an answered question's r makes it a weak answer. Unanswered and N/A answers are not weak answers (r is null). */
export function isWeakAnswer(r: number | null, weight: number): boolean {
	return r !== null && r < WEAK_ANSWER.below && weight >= WEAK_ANSWER.minWeight;
}
