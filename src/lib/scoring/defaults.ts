// The defaults and the id rule of the interchange formats (spec §1), apart
// from the zod schemas that apply them: browser code that only needs these
// then does not load zod.
import type { AssuranceMultipliers, Grade } from './types';

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/**
 * The largest section or question weight (spec §1, §3). Scoring sums weight ×
 * figure over every section: a weight near 1e308 overflows those sums to
 * Infinity, and the scores to NaN. A million to one is more contrast than
 * any questionnaire needs.
 */
export const MAX_WEIGHT = 1_000_000;
export const DEFAULT_GRADES: readonly Grade[] = Object.freeze([
	{ grade: 'A', min: 85 },
	{ grade: 'B', min: 70 },
	{ grade: 'C', min: 55 },
	{ grade: 'D', min: 40 },
	{ grade: 'F', min: 0 }
]);
export const DEFAULT_ASSURANCE: Readonly<AssuranceMultipliers> = Object.freeze({
	claimed: 0.5,
	evidenced: 0.8,
	verified: 1
});
