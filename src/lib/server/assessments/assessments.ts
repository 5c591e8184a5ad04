// Assessments: a platform answered against one published template version.
// draft → in_review → final. Answers carry versions so that two analysts
// never overwrite each other silently; a final assessment is locked and its
// figures are stored as a snapshot that lists and dashboards read.
import { DomainError } from '../errors';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { toEntry } from '../../assessments/answer-input';
import { notApplicableAnswers } from '../../assessments/not-applicable';
import { trustGap, type TrustGap } from '../../assessments/trust-gap';
import { verifiedAnswers, type VerificationView } from '../../assessments/verified-answers';
import type { AnswerView, AssessmentDetail, EvidenceView, StoredResult } from '../../assessments/views';
import {
	explain,
	score,
	type Answer,
	type AnswerSet,
	type ExplainResult,
	type ScoreResult,
	type Template as TemplateDoc
} from '../../scoring/index';
import { record, type Actor } from '../audit';
import { getDb, write, type Db } from '../db/index';
import { prepared, preparedStatement } from '../db/prepared';
import * as users from '../auth';
import { compiledTemplate, templateDoc } from '../templates';
import {
	answer,
	assessment,
	assessmentResult,
	evidence,
	platform,
	template,
	templateVersion,
	user,
	verification,
	type AnswerRow,
	type Assessment,
	type AssessmentOrigin,
	type AssessmentState,
	type Evidence
} from '../db/schema';

export type { AnswerView, AssessmentDetail, EvidenceView, StoredResult } from '../../assessments/views';

export class AssessmentError extends DomainError {}

/** A save based on an answer someone else has changed since. */
export class ConflictError extends AssessmentError {
	constructor(readonly current: AnswerView) {
		super('version', `${current.updatedBy ?? 'Someone'} changed this answer meanwhile; compare with theirs before saving again.`, 409);
	}
}

const WRITABLE: AssessmentState[] = ['draft', 'in_review'];

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
interface StoredAnswer {
	questionId: string;
	value: string | null;
	na: 0 | 1;
	assurance: AnswerView['assurance'];
	note: string | null;
	notApplicableTo: AnswerView['notApplicableTo'];
	version: number;
	updatedAt: number;
	updatedBy: string | null;
}

function storedView(a: StoredAnswer): AnswerView {
	return {
		questionId: a.questionId,
		value: a.value === null ? null : (JSON.parse(a.value) as Answer['value']),
		na: a.na === 1,
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
	return storedView({ ...row, na: row.na ? 1 : 0, updatedBy });
}

export function nameOf(userId: number | null): string | null {
	return userId === null ? null : (users.findById(userId)?.name ?? null);
}

// The queries behind get(): an assessment is opened on every page view and
// several times in every write, so they are built once (see db/prepared).
const detailQueries = {
	row: prepared((db) =>
		db
			.select({ a: assessment, p: { id: platform.id, name: platform.name, kind: platform.kind }, v: { id: templateVersion.id, version: templateVersion.version, sha256: templateVersion.sha256 }, key: template.key })
			.from(assessment)
			.innerJoin(platform, eq(platform.id, assessment.platformId))
			.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
			.innerJoin(template, eq(template.id, templateVersion.templateId))
			.where(eq(assessment.id, sql.placeholder('id')))
			.prepare()
	),
	/** A plain statement: tens of rows on every open, which drizzle's row mapping made the costliest part. */
	answers: preparedStatement(
		`SELECT a.question_id AS questionId, a.value, a.na, a.assurance, a.note, a.not_applicable_to AS notApplicableTo, a.version, a.updated_at AS updatedAt, u.name AS updatedBy
		 FROM answers a LEFT JOIN users u ON u.id = a.updated_by WHERE a.assessment_id = @id`
	),
	evidence: prepared((db) =>
		db
			.select({
				id: evidence.id,
				questionId: evidence.questionId,
				kind: evidence.kind,
				url: evidence.url,
				label: evidence.label,
				sha256: evidence.sha256,
				filename: evidence.filename,
				mediaType: evidence.mediaType,
				size: evidence.size,
				createdAt: evidence.createdAt
			})
			.from(evidence)
			.where(eq(evidence.assessmentId, sql.placeholder('id')))
			.orderBy(asc(evidence.id))
			.prepare()
	),
	result: prepared((db) => db.select().from(assessmentResult).where(eq(assessmentResult.assessmentId, sql.placeholder('id'))).prepare()),
	verifications: prepared((db) =>
		db
			.select({ row: verification, by: user.name })
			.from(verification)
			.leftJoin(user, eq(user.id, verification.decidedBy))
			.where(eq(verification.assessmentId, sql.placeholder('id')))
			.prepare()
	)
};

export function get(id: number): AssessmentDetail | undefined {
	const row = detailQueries.row().get({ id });
	if (!row) return undefined;
	const answers = detailQueries.answers().all({ id }) as StoredAnswer[];
	const files = detailQueries.evidence().all({ id });
	const stored = detailQueries.result().get({ id });
	const decisions = detailQueries.verifications().all({ id });
	return {
		assessment: { ...row.a, assessorIds: JSON.parse(row.a.assessors) },
		platform: row.p,
		template: { key: row.key, version: row.v.version, sha256: row.v.sha256, doc: templateDoc(row.v.id, row.v.sha256) },
		answers: Object.fromEntries(answers.map((a) => [a.questionId, storedView(a)])),
		evidence: files,
		verifications: Object.fromEntries(
			decisions.map(({ row: v, by }) => [
				v.questionId,
				{
					questionId: v.questionId,
					decision: v.decision,
					value: v.value === null ? null : JSON.parse(v.value),
					na: v.na,
					rationale: v.rationale ?? '',
					comment: v.comment ?? '',
					claimVersion: v.claimVersion,
					answeredAt: v.answeredAt,
					decidedBy: v.decidedBy === null ? null : by,
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

/** One row, joined to its template version: what a save checks its rules and answers against. */
const outlineQuery = prepared((db) =>
	db
		.select({ state: assessment.state, origin: assessment.origin, versionId: templateVersion.id, version: templateVersion.version, sha256: templateVersion.sha256, key: template.key })
		.from(assessment)
		.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.where(eq(assessment.id, sql.placeholder('id')))
		.prepare()
);

/**
 * The outline of an assessment: a cheap read for the rules of a save (inside
 * its transaction) and for a route parsing a form against the questionnaire
 * (a template version never changes, so that needs no transaction).
 */
export function outline(id: number): Outline | undefined {
	const row = outlineQuery().get({ id });
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

export interface NewAssessment {
	platformId: number;
	templateKey: string;
	/** A published version; the latest published when omitted. */
	templateVersion?: string;
	/** Active analysts or admins. */
	assessorIds: number[];
	/** YYYY-MM-DD, from today on; or null. */
	dueDate: string | null;
}

// Built once (see db/prepared): a bulk load creates thousands of assessments.
const createQueries = {
	platform: prepared((db) => db.select({ id: platform.id, kind: platform.kind }).from(platform).where(eq(platform.id, sql.placeholder('platformId'))).prepare()),
	/** The version asked for, or the latest published one. */
	version: (latest: boolean) => (latest ? createQueries.latestVersion() : createQueries.namedVersion()),
	namedVersion: prepared((db) => versionQuery(db, eq(templateVersion.version, sql.placeholder('version')))),
	latestVersion: prepared((db) => versionQuery(db, eq(templateVersion.status, 'published'))),
	assessor: prepared((db) => db.select({ name: user.name, role: user.role, disabled: user.disabled }).from(user).where(eq(user.id, sql.placeholder('id'))).prepare()),
	insert: prepared((db) =>
		db
			.insert(assessment)
			.values({
				platformId: sql.placeholder('platformId'),
				templateVersionId: sql.placeholder('templateVersionId'),
				origin: sql.placeholder('origin'),
				state: 'draft',
				assessors: sql.placeholder('assessors'),
				dueDate: sql.placeholder('dueDate'),
				createdBy: sql.placeholder('createdBy'),
				createdAt: sql.placeholder('createdAt'),
				updatedAt: sql.placeholder('createdAt')
			})
			.returning({ id: assessment.id })
			.prepare()
	)
};

function versionQuery(db: Db, which: SQL) {
	return db
		.select({ id: templateVersion.id, version: templateVersion.version, status: templateVersion.status, sha256: templateVersion.sha256 })
		.from(templateVersion)
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.where(and(eq(template.key, sql.placeholder('key')), which))
		.orderBy(desc(templateVersion.publishedAt), desc(templateVersion.id))
		.limit(1)
		.prepare();
}

/** A day that exists (Date.parse alone reads 2099-02-30 as 2 March), from today on. */
function checkDueDate(value: string, now: number): void {
	const ms = Date.parse(`${value}T00:00:00Z`);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
		throw new AssessmentError('dueDate', 'Enter the due date as YYYY-MM-DD.');
	}
	if (value < new Date(now).toISOString().slice(0, 10)) throw new AssessmentError('dueDate', 'Choose a due date from today on.');
}

/** Each assessor is an active analyst or admin, as their account stands now (in the caller's transaction). */
function checkAssessors(ids: number[]): void {
	for (const id of ids) {
		const person = createQueries.assessor().get({ id });
		if (!person) throw new AssessmentError('assessors', 'Assessors are active analysts or admins; choose from the list.');
		if (person.disabled || (person.role !== 'analyst' && person.role !== 'admin')) {
			const now = person.disabled ? 'their account is disabled' : `they are ${person.role === 'committee' ? 'a committee member' : person.role}`;
			throw new AssessmentError('assessors', `${person.name} cannot be an assessor: only active analysts and admins can, and ${now}. Nothing was created; choose the assessors again.`, 409);
		}
	}
}

/**
 * Start an assessment. The platform, the template version and the assessors
 * are read in the transaction that creates it: a version retired or an
 * assessor disabled a moment before is refused, not assessed against. Every
 * question that does not apply to the platform's kind, as it is then, is
 * answered N/A in the same transaction (spec §6), marked with that kind so
 * that pages tell it from an N/A a person chose, and a later change of kind
 * leaves it as it is.
 */
export function create(actor: Actor, input: NewAssessment, options: { origin?: 'analyst' | 'self'; now?: number } = {}): AssessmentDetail {
	const now = options.now ?? Date.now();
	if (input.dueDate !== null) checkDueDate(input.dueDate, now);
	const origin = options.origin ?? 'analyst';
	const assessors = [...new Set(input.assessorIds)];
	const id = write((tx) => {
		// The transaction holds the connection these prepared queries run on.
		const subject = createQueries.platform().get({ platformId: input.platformId });
		if (!subject) throw new AssessmentError('platformId', 'There is no such platform.', 404);
		const version = createQueries.version(!input.templateVersion).get({ key: input.templateKey, version: input.templateVersion });
		if (!version || version.status === 'draft') {
			throw new AssessmentError('template', 'Choose a published template version: drafts and retired versions cannot be assessed against.');
		}
		if (version.status !== 'published') {
			throw new AssessmentError('template', `Version ${version.version} of this template was retired, so nothing was created: choose a published version.`, 409);
		}
		checkAssessors(assessors);
		const row = createQueries.insert().get({
			platformId: input.platformId,
			templateVersionId: version.id,
			origin,
			assessors: JSON.stringify(assessors),
			dueDate: input.dueDate,
			createdBy: actor.id,
			createdAt: now
		})!;
		const notApplicable = notApplicableAnswers(templateDoc(version.id, version.sha256), subject.kind);
		if (notApplicable.length) {
			tx.insert(answer)
				.values(notApplicable.map(({ questionId, note }) => ({ assessmentId: row.id, questionId, value: null, na: true, assurance: 'claimed' as const, note, notApplicableTo: subject.kind, version: 1, updatedBy: null, updatedAt: now })))
				.run();
		}
		record(tx, actor, {
			action: 'assessment.create',
			entityType: 'assessment',
			entityId: row.id,
			details: {
				platformId: input.platformId,
				template: input.templateKey,
				version: version.version,
				origin,
				...(notApplicable.length ? { notApplicable: { kind: subject.kind, questions: notApplicable.map((a) => a.questionId) } } : {})
			}
		});
		return row.id;
	});
	return mustGet(id);
}

/** A second draft from one final assessment: the page points to the one already started. */
export class AmendmentOpen extends AssessmentError {
	constructor(readonly amendmentId: number, state: AssessmentState) {
		super(
			'amendment',
			`Assessment #${amendmentId} already amends this one and is ${state === 'draft' ? 'a draft' : 'in review'}, so no second draft was started: carry on with #${amendmentId}.`,
			409
		);
	}
}

/** An amendment of `id` still open (a draft or in review); amend() keeps it to one at a time. */
function openAmendmentIn(db: Pick<Db, 'select'>, id: number): { id: number; state: AssessmentState } | null {
	return (
		db
			.select({ id: assessment.id, state: assessment.state })
			.from(assessment)
			.where(and(eq(assessment.amendsId, id), inArray(assessment.state, WRITABLE)))
			.orderBy(asc(assessment.id))
			.get() ?? null
	);
}

/** The amendment of a final assessment that is still open, if any, for the page to lead to. */
export function openAmendment(id: number): { id: number; state: AssessmentState } | null {
	return openAmendmentIn(getDb(), id);
}

/**
 * A new draft that starts from a final assessment's answers and evidence.
 * One at a time: while an amendment is open (a draft or in review), a second
 * is refused, checked in the transaction that would create it.
 */
export function amend(actor: Actor, id: number): AssessmentDetail {
	const newId = write((tx) => {
		const source = mustGet(id);
		if (source.assessment.state !== 'final') throw new AssessmentError('state', 'Only a final assessment is amended; edit this one directly.');
		const open = openAmendmentIn(tx, id);
		if (open) throw new AmendmentOpen(open.id, open.state);
		const now = Date.now();
		const row = tx
			.insert(assessment)
			.values({
				platformId: source.assessment.platformId,
				templateVersionId: source.assessment.templateVersionId,
				origin: 'analyst',
				state: 'draft',
				assessors: source.assessment.assessors,
				amendsId: id,
				createdBy: actor.id,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: assessment.id })
			.get();
		const rows = tx.select().from(answer).where(eq(answer.assessmentId, id)).all();
		// A self-assessment's amendment starts from what was verified, not from the claims.
		const verified = source.assessment.origin === 'self' ? answersDocument(source).answers : null;
		const questions = new Set([...rows.map((a) => a.questionId), ...Object.keys(verified ?? {})]);
		for (const questionId of questions) {
			const a = rows.find((r) => r.questionId === questionId);
			const v = verified?.[questionId];
			const values = v
				? {
						value: v.na ? null : JSON.stringify(v.value),
						na: v.na === true,
						assurance: v.assurance ?? 'claimed',
						note: typeof v.note === 'string' ? v.note : (a?.note ?? null),
						// Still the N/A given for the platform's kind, unless the analyst's decision replaced it.
						notApplicableTo: v.na && a?.na ? a.notApplicableTo : null
					}
				: { value: a!.value, na: a!.na, assurance: a!.assurance, note: a!.note, notApplicableTo: a!.notApplicableTo };
			tx.insert(answer).values({ assessmentId: row.id, questionId, ...values, version: 1, updatedBy: actor.id, updatedAt: now }).run();
		}
		const proof = tx.select().from(evidence).where(eq(evidence.assessmentId, id)).all();
		for (const { id: _id, assessmentId: _a, ...e } of proof) tx.insert(evidence).values({ ...e, assessmentId: row.id }).run();
		record(tx, actor, { action: 'assessment.amend', entityType: 'assessment', entityId: row.id, details: { amends: id, answers: rows.length, evidence: proof.length } });
		return row.id;
	});
	return mustGet(newId);
}
