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

export interface CompareCandidate {
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
	/** Question id → value; only questions the template scores. */
	questions: Record<string, QuestionValue>;
	/** The platform's final assessments on this template key, oldest first (includes this one). */
	trend: TrendPoint[];
}

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

export interface CompareData {
	candidates: CompareCandidate[];
	/** By template version id. */
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
