// Assessments: a platform answered against one published template version.
// draft → in_review → final. Answers carry versions so that two analysts
// never overwrite each other silently; a final assessment is locked and its
// figures are stored as a snapshot that lists and dashboards read.
import { DomainError } from '../errors';
import { desc, eq } from 'drizzle-orm';
import { toEntry } from '../../assessments/answer-input';
import { trustGap, type TrustGap } from '../../assessments/trust-gap';
import { verifiedAnswers, type VerificationView } from '../../assessments/verified-answers';
import type { AnswerView, AssessmentDetail, EvidenceView } from '../../assessments/views';
import {
	explain,
	score,
	type Answer,
	type AnswerSet,
	type ExplainResult,
	type ScoreResult
} from '../../scoring/index';
import { getDb, statement } from '../db/index';
import * as users from '../auth';
import { compiledTemplate, templateDoc } from '../templates';
import {
	assessment,
	assessmentResult,
	evidenceWaiver,
	template,
	templateVersion,
	user,
	type AnswerRow,
	type Assessment,
	type AssessmentOrigin,
	type AssessmentResult,
	type AssessmentState,
	type Verification
} from '../db/schema';

export type { AnswerView, AssessmentDetail, EvidenceView, StoredResult } from '../../assessments/views';

export class AssessmentError extends DomainError {}

/** A save based on an answer someone else has changed since. */
export class ConflictError extends AssessmentError {
	constructor(readonly current: AnswerView) {
		super('version', `${current.updatedBy ?? 'Someone'} changed this answer meanwhile; compare with theirs before saving again.`, 409);
	}
}

/** The states in which an assessment's answers still change: a final one is locked. */
export const WRITABLE: AssessmentState[] = ['draft', 'in_review'];

/**
 * Who changes an assessment's answers or hands them on: staff (analysts and
 * admins, on the assessment page) or the platform's respondent (through its
 * invitation). Said by the caller, never guessed from the actor.
 */
export type Writer = 'staff' | 'respondent';
export interface WriteAs {
	as: Writer;
}

const LOCKED = 'This assessment is final and locked, so nothing was changed; use “Amend” to start a new draft from it.';
const CLAIMS_KEPT = 'These are the platform’s own answers from its self-assessment. They are kept exactly as it gave them, and only the platform submits them; nothing was changed.';

/**
 * Staff never write into a platform's self-assessment (its answers are the
 * platform's claims), and a respondent writes into nothing else.
 */
export function assertWriter(origin: AssessmentOrigin, as: Writer): void {
	if (as === 'staff' && origin === 'self') throw new AssessmentError('origin', CLAIMS_KEPT, 409);
	if (as === 'respondent' && origin !== 'self') throw new AssessmentError('origin', 'Only a platform’s self-assessment is answered through its link.', 403);
}

/**
 * Whether `as` may change the answers of an assessment in this state, of
 * this origin: read inside the write transaction, so a finalise or a
 * submission that lands first is seen. The platform answers only while the
 * self-assessment is with it (a draft); staff until it is final.
 */
export function assertAnswerable(row: { state: AssessmentState; origin: AssessmentOrigin }, as: Writer): void {
	assertWriter(row.origin, as);
	if (!WRITABLE.includes(row.state)) throw new AssessmentError('state', LOCKED, 409);
	if (as === 'respondent' && row.state !== 'draft') {
		throw new AssessmentError('state', 'These answers are with the investor’s analyst and cannot change now; nothing was changed.', 409);
	}
}

/** An answer as get() reads it: its row's columns, with who last changed it by name. */
type StoredAnswer = Pick<AnswerRow, 'questionId' | 'value' | 'na' | 'assurance' | 'note' | 'notApplicableTo' | 'version' | 'updatedAt'> & { updatedBy: string | null };

function storedView(a: StoredAnswer): AnswerView {
	return {
		questionId: a.questionId,
		value: a.value === null ? null : (JSON.parse(a.value) as Answer['value']),
		na: a.na,
		assurance: a.assurance,
		note: a.note ?? '',
		notApplicableTo: a.notApplicableTo ?? null,
		version: a.version,
		updatedAt: a.updatedAt,
		updatedBy: a.updatedBy
	};
}

/** For the modules that write answers (assessment-answers). */
export function answerView(row: AnswerRow, updatedBy: string | null): AnswerView {
	return storedView({ ...row, updatedBy });
}

export function nameOf(userId: number | null): string | null {
	return userId === null ? null : (users.findById(userId)?.name ?? null);
}

// Raw: 2–3× faster than drizzle's queries (190 vs 590 µs for 60 answers); a bulk load takes 1.20× as long without it (bench, 2026-12-07).
// The assessment's own tables, joined to others only for a name.
const DETAIL = {
	row: `SELECT a.id, a.platform_id AS platformId, a.template_version_id AS templateVersionId, a.origin, a.state, a.assessors, a.due_date AS dueDate,
	             a.valid_until AS validUntil, a.amends_id AS amendsId, a.created_by AS createdBy, a.created_at AS createdAt, a.updated_at AS updatedAt,
	             a.submitted_at AS submittedAt, a.submitted_by AS submittedBy, a.finalized_at AS finalizedAt, a.finalized_by AS finalizedBy,
	             p.name AS platformName, p.kind AS platformKind, v.version, v.sha256, t.key AS templateKey
	      FROM assessments a JOIN platforms p ON p.id = a.platform_id JOIN template_versions v ON v.id = a.template_version_id JOIN templates t ON t.id = v.template_id
	      WHERE a.id = ?`,
	answers: `SELECT a.question_id AS questionId, a.value, a.na, a.assurance, a.note, a.not_applicable_to AS notApplicableTo, a.version, a.updated_at AS updatedAt, u.name AS updatedBy
	          FROM answers a LEFT JOIN users u ON u.id = a.updated_by WHERE a.assessment_id = ?`,
	// The evidence folder's table, read here with the rest (the evidence folder builds on this one, so this one cannot call it):
	// raw, it saves 45 µs a read, and each seeded assessment is read twice.
	evidence: `SELECT id, question_id AS questionId, kind, url, label, sha256, filename, media_type AS mediaType, size, created_at AS createdAt
	           FROM evidence WHERE assessment_id = ? ORDER BY id`,
	result: `SELECT template_sha256 AS templateSha256, result, claimed_result AS claimedResult, computed_at AS computedAt FROM assessment_results WHERE assessment_id = ?`,
	verifications: `SELECT v.question_id AS questionId, v.decision, v.value, v.na, v.rationale, v.comment, v.claim_version AS claimVersion, v.answered_at AS answeredAt,
	                       v.decided_by AS decidedBy, v.decided_at AS decidedAt, u.name AS decidedByName
	                FROM verifications v LEFT JOIN users u ON u.id = v.decided_by WHERE v.assessment_id = ?`
};

type DetailRow = Assessment & { platformName: string; platformKind: string; version: string; sha256: string; templateKey: string };
/** SQLite's 0 or 1 where drizzle would give a boolean. */
type Stored<T> = Omit<T, 'na'> & { na: 0 | 1 };
type DecisionRow = Stored<Omit<Verification, 'id' | 'assessmentId'>> & { decidedByName: string | null };

/** An assessment with everything its page shows and its rules read: opened on every page view and in most writes. */
export function get(id: number): AssessmentDetail | undefined {
	const row = statement(DETAIL.row).get(id) as DetailRow | undefined;
	if (!row) return undefined;
	const { platformName, platformKind, version, sha256, templateKey, ...record } = row;
	const answers = statement(DETAIL.answers).all(id) as Array<Stored<StoredAnswer>>;
	const files = statement(DETAIL.evidence).all(id) as EvidenceView[];
	const waivers = getDb()
		.select({ questionId: evidenceWaiver.questionId, reason: evidenceWaiver.reason, waivedAt: evidenceWaiver.waivedAt, waivedBy: user.name })
		.from(evidenceWaiver)
		.leftJoin(user, eq(user.id, evidenceWaiver.waivedBy))
		.where(eq(evidenceWaiver.assessmentId, id))
		.all();
	const stored = statement(DETAIL.result).get(id) as Omit<AssessmentResult, 'assessmentId'> | undefined;
	const decisions = statement(DETAIL.verifications).all(id) as DecisionRow[];
	return {
		assessment: { ...record, assessorIds: JSON.parse(record.assessors) },
		platform: { id: record.platformId, name: platformName, kind: platformKind },
		template: { key: templateKey, version, sha256, doc: templateDoc(record.templateVersionId, sha256) },
		answers: Object.fromEntries(answers.map((a) => [a.questionId, storedView({ ...a, na: a.na === 1 })])),
		evidence: files,
		waivers: Object.fromEntries(waivers.map((w) => [w.questionId, w])),
		verifications: Object.fromEntries(
			decisions.map((v) => [
				v.questionId,
				{
					questionId: v.questionId,
					decision: v.decision,
					value: v.value === null ? null : JSON.parse(v.value),
					na: v.na === 1,
					rationale: v.rationale ?? '',
					comment: v.comment ?? '',
					claimVersion: v.claimVersion,
					answeredAt: v.answeredAt,
					decidedBy: v.decidedBy === null ? null : v.decidedByName,
					decidedAt: v.decidedAt
				} satisfies VerificationView
			])
		),
		result: stored
			? {
					templateSha256: stored.templateSha256,
					result: JSON.parse(stored.result),
					claimedResult: stored.claimedResult === null ? null : JSON.parse(stored.claimedResult),
					computedAt: stored.computedAt
				}
			: null
	};
}

export function mustGet(id: number): AssessmentDetail {
	const found = get(id);
	if (!found) throw new AssessmentError('id', 'There is no such assessment.', 404);
	return found;
}

/** An assessment's state and origin and its questionnaire, without its answers. */
export interface Outline {
	state: AssessmentState;
	origin: AssessmentOrigin;
	template: AssessmentDetail['template'];
}

// Raw: read by every save: one of the write path's statements that took a bulk load from 1.37–1.50× to about 1.0× (0.89–1.08× by round) the CPU of the built-once queries (README, 2026-12-07).
// One row, joined to its template version: what a save checks its rules and answers against.
const OUTLINE = `SELECT a.state, a.origin, v.id AS versionId, v.version, v.sha256, t.key
	FROM assessments a JOIN template_versions v ON v.id = a.template_version_id JOIN templates t ON t.id = v.template_id WHERE a.id = ?`;

/**
 * The outline of an assessment: a cheap read for the rules of a save (inside
 * its transaction) and for a route parsing a form against the questionnaire
 * (a template version never changes, so that needs no transaction).
 */
export function outline(id: number): Outline | undefined {
	const row = statement(OUTLINE).get(id) as { state: AssessmentState; origin: AssessmentOrigin; versionId: number; version: string; sha256: string; key: string } | undefined;
	if (!row) return undefined;
	return { state: row.state, origin: row.origin, template: { key: row.key, version: row.version, sha256: row.sha256, doc: templateDoc(row.versionId, row.sha256) } };
}

/** What the answer documents are made from: an assessment, or the same parts read in bulk (the benchmark's rescore). */
export type AnswerSource = {
	assessment: Pick<AssessmentDetail['assessment'], 'origin'>;
	template: Pick<AssessmentDetail['template'], 'key' | 'version' | 'doc'>;
} & Pick<AssessmentDetail, 'answers' | 'evidence' | 'verifications'>;

/**
 * The answers as a clearance-answers/1 document: what the CLI rescores and
 * what the assessment's score is. For a self-assessment, the verified set.
 */
export function answersDocument(detail: AnswerSource): AnswerSet {
	const claims = claimsDocument(detail);
	return detail.assessment.origin === 'self' ? verifiedAnswers(claims, detail.verifications) : claims;
}

/** Each stored answer's version, by question id: what decisions are checked against. */
export function claimVersions(detail: AssessmentDetail): Record<string, number> {
	return Object.fromEntries(Object.values(detail.answers).map((a) => [a.questionId, a.version]));
}

/** The answers exactly as stored: for a self-assessment, the platform's claims. */
export function claimsDocument(detail: Omit<AnswerSource, 'assessment' | 'verifications'>): AnswerSet {
	const answers: Record<string, Answer> = {};
	for (const q of detail.template.doc.sections.flatMap((s) => s.questions)) {
		const a = detail.answers[q.id];
		if (!a) continue;
		const entry = toEntry({ value: a.value ?? null, na: a.na, assurance: a.assurance, note: a.note });
		if (!entry) continue;
		if (a.note) entry.note = a.note;
		const proof = detail.evidence.filter((e) => e.questionId === q.id);
		if (proof.length) entry.evidence = proof.map((e) => (e.kind === 'link' ? { url: e.url, label: e.label } : { file: e.filename, sha256: e.sha256 }));
		answers[q.id] = entry;
	}
	return { format: 'clearance-answers/1', template: { key: detail.template.key, version: detail.template.version }, answers };
}

/** The score as the answers stand now. */
export function currentScore(detail: AssessmentDetail): ScoreResult {
	return score(compiledTemplate(detail.template.doc), answersDocument(detail));
}

/** Each scored question's normalised answer as the answers stand now (the verified set for a self-assessment). */
export function explainCurrent(detail: AssessmentDetail): ExplainResult {
	return explain(compiledTemplate(detail.template.doc), answersDocument(detail));
}

/** Self-assessments: the platform's claims scored as given. */
export function claimedScore(detail: AssessmentDetail): ScoreResult {
	return score(compiledTemplate(detail.template.doc), claimsDocument(detail));
}

/** Self-assessments: claimed minus verified, per section and overall. */
export function trustGapOf(detail: AssessmentDetail): TrustGap {
	const ct = compiledTemplate(detail.template.doc);
	return trustGap(detail.template.doc, ct, claimsDocument(detail), answersDocument(detail), detail.verifications);
}

export function listForPlatform(platformId: number) {
	return getDb()
		.select({
			id: assessment.id,
			state: assessment.state,
			origin: assessment.origin,
			createdAt: assessment.createdAt,
			finalizedAt: assessment.finalizedAt,
			dueDate: assessment.dueDate,
			validUntil: assessment.validUntil,
			amendsId: assessment.amendsId,
			templateKey: template.key,
			templateVersion: templateVersion.version,
			templateVersionId: templateVersion.id,
			templateSha256: templateVersion.sha256,
			score: assessmentResult.score,
			assuredScore: assessmentResult.assuredScore,
			claimedScore: assessmentResult.claimedScore,
			coverage: assessmentResult.coverage,
			grade: assessmentResult.grade,
			knockouts: assessmentResult.knockouts,
			result: assessmentResult.result
		})
		.from(assessment)
		.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.leftJoin(assessmentResult, eq(assessmentResult.assessmentId, assessment.id))
		.where(eq(assessment.platformId, platformId))
		.orderBy(desc(assessment.createdAt), desc(assessment.id))
		.all()
		.map(({ result, ...row }) => ({ ...row, result: result === null ? null : (JSON.parse(result) as ScoreResult) }));
}
