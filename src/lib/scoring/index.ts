// The scoring engine's public API: validate documents, score and explain an
// answer set, and test how firmly a ranking of candidates holds.
// Browser code takes values from the module that defines them (compile,
// score, types, defaults…) instead: this index also builds the zod schemas,
// about 26 KB of script that only pages validating whole documents need.
export * from './types';
export { compileTemplate, CompiledTemplate } from './compile';
export { kindsOf, appliesToKind, acceptsNA } from './applicability';
export { validateTemplate, validateAnswers, validateProfile, type Validation } from './validate';
export { MAX_PROBLEMS, formatPath, type Problem } from './problems';
export { templateSchema, answersSchema, profileSchema } from './schema';
export { ID_PATTERN, DEFAULT_GRADES, DEFAULT_ASSURANCE, MAX_WEIGHT } from './defaults';
export { issueMessage } from './messages';
export { score } from './score';
export { explain } from './explain';
export { reweigh, gradeScale } from './reweigh';
export type { GradeScale } from './figures';
export {
	rankRobustness,
	type RobustnessOptions,
	type RobustnessResult,
	type CandidateRobustness,
	type TopSwap
} from './robustness';
export type { RobustnessCandidate, RobustnessSection } from './candidates';
