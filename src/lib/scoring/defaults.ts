// The defaults and the id rule of the interchange formats (spec §1), apart
// from the zod schemas that apply them: browser code that only needs these
// then does not load zod.
import type { AssuranceMultipliers, Grade } from './types';

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
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
