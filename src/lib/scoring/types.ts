// The three interchange documents (after validation, defaults filled in) and
// the figures the engine derives from them. See docs/methodology.md.

export const TEMPLATE_FORMAT = 'clearance-template/1';
export const ANSWERS_FORMAT = 'clearance-answers/1';
export const PROFILE_FORMAT = 'clearance-profile/1';

export const QUESTION_TYPES = [
	'yes_no',
	'yes_partial_no',
	'maturity',
	'choice',
	'multi_choice',
	'number',
	'percent',
	'text'
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const ASSURANCE_LEVELS = ['claimed', 'evidenced', 'verified'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

export const EVIDENCE_HINTS = ['none', 'optional', 'required'] as const;
export type EvidenceHint = (typeof EVIDENCE_HINTS)[number];

/**
 * The kinds of platform a section or question can be limited to (spec §1,
 * `appliesTo`). The one list of kinds: the platforms table, the platform form
 * and the template editor take it from here, since scoring imports nothing.
 */
export const PLATFORM_KINDS = ['exchange', 'custodian', 'defi', 'market_maker', 'wallet', 'other'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];

export interface Grade {
	grade: string;
	min: number;
}

export type AssuranceMultipliers = Record<AssuranceLevel, number>;

export interface Critical {
	minScore: number;
	capGrade: string;
}

export interface ChoiceOption {
	value: string;
	label: string;
	score: number;
}

export interface Band {
	min?: number;
	max?: number;
	score: number;
}

interface QuestionBase {
	id: string;
	prompt?: string;
	/** For whoever answers, the platform included. */
	guidance?: string;
	/** For the reviewing analyst only: never shown to a respondent. */
	reviewGuidance?: string;
	source?: string;
	/** The kinds this question asks about; without it, its section's (see applicability). */
	appliesTo?: PlatformKind[];
	weight: number;
	allowNA: boolean;
	evidence: EvidenceHint;
	critical?: Critical;
}

export type Question = QuestionBase &
	(
		| { type: 'yes_no' }
		| { type: 'yes_partial_no' }
		| { type: 'maturity'; levels?: string[] }
		| { type: 'choice'; options: ChoiceOption[] }
		| { type: 'multi_choice'; options: ChoiceOption[] }
		| { type: 'number'; unit?: string; bands: Band[] }
		| { type: 'percent'; bands?: Band[] }
		| { type: 'text' }
	);

export interface Section {
	id: string;
	title?: string;
	description?: string;
	weight: number;
	/** The kinds this section asks about; without it, every kind. */
	appliesTo?: PlatformKind[];
	questions: Question[];
}

export interface Template {
	format: typeof TEMPLATE_FORMAT;
	key: string;
	version: string;
	title: string;
	description?: string;
	grades: Grade[];
	assurance: AssuranceMultipliers;
	sections: Section[];
}

export type AnswerValue = string | number | string[];

/** One entry of an answer set: either a `value` or `na: true`. */
export interface Answer {
	value?: AnswerValue;
	na?: boolean;
	assurance?: AssuranceLevel;
	note?: unknown;
	evidence?: unknown;
}

export interface TemplateRef {
	key: string;
	version: string;
}

export interface AnswerSet {
	format: typeof ANSWERS_FORMAT;
	template: TemplateRef;
	/** Keyed by question id. Validated sets use a null-prototype object. */
	answers: Readonly<Record<string, Answer>>;
}

export interface Profile {
	format: typeof PROFILE_FORMAT;
	/** Optional: §3 of the spec does not require it. Reported as the result's `profile`. */
	name?: string;
	/** Section id → weight. Validated profiles use a null-prototype object. */
	sections: Readonly<Record<string, number>>;
}

/** The four figures computed for a section and, as weighted means, overall. */
export interface Figures {
	score: number | null;
	assuredScore: number | null;
	answeredScore: number | null;
	coverage: number | null;
}

export interface OverallResult extends Figures {
	bandGrade: string | null;
	grade: string | null;
}

export interface SectionResult extends Figures {
	id: string;
	/** The section's weight after any profile. */
	weight: number;
	/** False when every scored question is N/A or weighs 0; the figures are then null. */
	applicable: boolean;
}

export type KnockoutReason = 'unanswered' | 'below';

export interface Knockout {
	question: string;
	section: string;
	capGrade: string;
	reason: KnockoutReason;
}

export interface ScoreResult {
	template: TemplateRef;
	/** The profile's name, or null when scored with the template's weights. */
	profile: string | null;
	overall: OverallResult;
	sections: SectionResult[];
	knockouts: Knockout[];
}

export interface QuestionExplanation {
	id: string;
	/** The normalised answer in [0, 1]; null when unanswered or N/A. */
	r: number | null;
	na: boolean;
	weight: number;
	/** Points this answer adds to the overall score (0 when it adds none). */
	contribution: number;
}

export interface ExplainedSection extends SectionResult {
	questions: QuestionExplanation[];
}

export interface ExplainResult extends Omit<ScoreResult, 'sections'> {
	sections: ExplainedSection[];
}
