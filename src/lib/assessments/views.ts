// What the assessment pages and their components are shown of an assessment:
// plain data, safe in the browser. The server builds these from its rows
// (server/assessments); the names of states and origins are defined here
// once, and the database schema takes them from here.
import type { Answer, PlatformKind, ScoreResult, Template } from '../scoring/index';
import type { VerificationView } from './verified-answers';

export const ASSESSMENT_STATES = ['draft', 'in_review', 'final'] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];
/** Who answered: an analyst, or the platform itself through an invitation. */
export const ASSESSMENT_ORIGINS = ['analyst', 'self'] as const;
export type AssessmentOrigin = (typeof ASSESSMENT_ORIGINS)[number];

/** An assessment's own columns, as stored. */
export interface AssessmentRecord {
	id: number;
	platformId: number;
	templateVersionId: number;
	origin: AssessmentOrigin;
	state: AssessmentState;
	/** JSON array of user ids. */
	assessors: string;
	dueDate: string | null;
	validUntil: string | null;
	amendsId: number | null;
	createdBy: number | null;
	createdAt: number;
	updatedAt: number;
	submittedAt: number | null;
	/** Who submitted it for review (null for a platform's respondent); four eyes: not who finalises it. */
	submittedBy: number | null;
	finalizedAt: number | null;
	finalizedBy: number | null;
}

export interface AnswerView {
	questionId: string;
	value: Answer['value'] | null;
	na: boolean;
	assurance: 'claimed' | 'evidenced' | 'verified';
	note: string;
	/** An N/A answered when the assessment started, because the question does not apply to this kind of platform; null when a person answered. */
	notApplicableTo: PlatformKind | null;
	version: number;
	updatedAt: number;
	updatedBy: string | null;
}

export interface EvidenceView {
	id: number;
	questionId: string;
	kind: 'file' | 'link';
	url: string | null;
	label: string | null;
	sha256: string | null;
	filename: string | null;
	mediaType: string | null;
	size: number | null;
	createdAt: number;
}

/** An evidence-required question let through without evidence, and why. */
export interface WaiverView {
	questionId: string;
	reason: string;
	waivedBy: string | null;
	waivedAt: number;
}

export interface StoredResult {
	templateSha256: string;
	result: ScoreResult;
	/** Self-assessments: the platform's claims as scored when finalised. */
	claimedResult: ScoreResult | null;
	computedAt: number;
}

export interface AssessmentDetail {
	assessment: AssessmentRecord & { assessorIds: number[] };
	platform: { id: number; name: string; kind: string };
	template: { key: string; version: string; sha256: string; doc: Template };
	answers: Record<string, AnswerView>;
	evidence: EvidenceView[];
	/** Evidence waivers, by question id. */
	waivers: Record<string, WaiverView>;
	/** Self-assessments: the analyst's decision on each answer, by question id. */
	verifications: Record<string, VerificationView>;
	result: StoredResult | null;
}
