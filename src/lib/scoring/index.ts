// The scoring engine's public API: validate documents, score and explain an
// answer set, and test how firmly a ranking of candidates holds.
export * from './types';
export { compileTemplate, CompiledTemplate } from './compile';
export { validateTemplate, validateAnswers, validateProfile, type Validation } from './validate';
export { MAX_PROBLEMS, formatPath, type Problem } from './problems';
export { templateSchema, answersSchema, profileSchema, ID_PATTERN, DEFAULT_GRADES, DEFAULT_ASSURANCE } from './schema';
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
