// What the compare view is given: each candidate's stored figures and its
// question-level answers, and the template versions they were scored on.
// Everything here is data from final (locked) assessments; the browser and
// the server derive every figure from it with the same pure functions.
import type { AssessmentOrigin } from '../assessments/views';
import type { Grade, PlatformKind, ScoreResult } from '../scoring/index';

/**
 * A question's normalised answer ×100 (0–100), null when unanswered, 'na'
 * when a person answered not applicable, and the platform's kind when the
 * question is for other kinds (answered N/A as the assessment started).
 */
export type QuestionValue = number | null | 'na' | { notApplicableTo: PlatformKind };

export interface TrendPoint {
	assessmentId: number;
	finalizedAt: number;
	templateVersionId: number;
	result: ScoreResult;
}

/** What the first view of a comparison needs of a candidate: its figures, not its answers or history. */
export interface CandidateSummary {
	platformId: number;
	platformName: string;
	assessmentId: number;
	origin: AssessmentOrigin;
	finalizedAt: number;
	templateVersionId: number;
	/** The stored snapshot, as finalised. */
	result: ScoreResult;
	/** A self-assessment's claims, scored as given; null for an analyst's assessment. */
	claimedResult: ScoreResult | null;
}

/** What the question-by-question and trend views add; the compare page fetches it after the first view. */
export interface CandidateDetail {
	/** Question id → value; only questions the template scores. */
	questions: Record<string, QuestionValue>;
	/** The platform's final assessments on this template key, oldest first (includes this one). */
	trend: TrendPoint[];
}

export interface CompareCandidate extends CandidateSummary, CandidateDetail {}

export interface CompareQuestion {
	id: string;
	prompt: string;
	/** A knock-out question: below its minimum it caps the grade. */
	critical: boolean;
}

export interface CompareSection {
	id: string;
	title: string;
	weight: number;
	questions: CompareQuestion[];
}

export interface CompareTemplate {
	versionId: number;
	key: string;
	version: string;
	title: string;
	grades: Grade[];
	sections: CompareSection[];
}

/** A comparison's figures: enough for ranking, sections, robustness and assurance. */
export interface CompareSummary<C extends CandidateSummary = CandidateSummary> {
	candidates: C[];
	/** By template version id: at least every candidate's. */
	templates: Record<number, CompareTemplate>;
}

/** The whole comparison, answers and history included (CSV export, reviews, memo). */
export type CompareData = CompareSummary<CompareCandidate>;

/** What `/compare/details` sends: per candidate (in the comparison's order) its answers and history, and the template versions the history was scored on. */
export interface CompareDetails {
	candidates: Array<CandidateDetail & { assessmentId: number }>;
	templates: Record<number, CompareTemplate>;
}

/** A platform that can be compared: it has a final assessment. */
export interface PlatformOption {
	id: number;
	name: string;
	kind: string;
	templateKey: string;
	grade: string | null;
	score: number | null;
}

/** One final assessment of a platform, as the compare picker offers it. */
export interface AssessmentOption {
	id: number;
	finalizedAt: number;
	version: string;
	origin: string;
	score: number | null;
	grade: string | null;
}
