// Assessments: a platform answered against one published template version.
// draft → in_review → final. Answers carry versions so that two analysts
// never overwrite each other silently; a final assessment is locked and its
// figures are stored as a snapshot that lists and dashboards read.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { toEntry, type AnswerInput } from '../assessments/answer-input';
import { trustGap, type TrustGap } from '../assessments/trust-gap';
import { verificationProgress, verifiedAnswers, type VerificationView } from '../assessments/verified-answers';
import { controlCharactersMessage, hasControlCharacters } from '../validation/text';
import {
	ASSURANCE_LEVELS,
	explain,
	score,
	validateAnswers,
	type Answer,
	type AnswerSet,
	type ExplainResult,
	type ScoreResult,
	type Template as TemplateDoc
} from '../scoring/index';
import { record, recordAll, type Actor } from './audit';
import { canonicalJson } from './canonical-json';
import { getDb, write, type Db, type Tx } from './db/index';
import { prepared, preparedStatement } from './db/prepared';
import * as users from './users';
import { compiledTemplate, templateDoc } from './template-docs';
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
	type AssessmentState,
	type Evidence
} from './db/schema';

export class AssessmentError extends Error {
	constructor(
		readonly field: string,
		message: string
	) {
		super(message);
	}
}

export interface AnswerView {
	questionId: string;
	value: Answer['value'] | null;
	na: boolean;
	assurance: 'claimed' | 'evidenced' | 'verified';
	note: string;
	version: number;
	updatedAt: number;
	updatedBy: string | null;
}

/** A save based on an answer someone else has changed since. */
export class ConflictError extends AssessmentError {
	constructor(readonly current: AnswerView) {
		super('version', `${current.updatedBy ?? 'Someone'} changed this answer meanwhile; compare with theirs before saving again.`);
	}
}

export type EvidenceView = Pick<Evidence, 'id' | 'questionId' | 'kind' | 'url' | 'label' | 'sha256' | 'filename' | 'mediaType' | 'size' | 'createdAt'>;

export interface AssessmentDetail {
	assessment: Assessment & { assessorIds: number[] };
	platform: { id: number; name: string; kind: string };
	template: { key: string; version: string; sha256: string; doc: TemplateDoc };
	answers: Record<string, AnswerView>;
	evidence: EvidenceView[];
	/** Self-assessments: the analyst's decision on each answer, by question id. */
	verifications: Record<string, VerificationView>;
	result: StoredResult | null;
}

export interface StoredResult {
	templateSha256: string;
	result: ScoreResult;
	/** Self-assessments: the platform's claims as scored when finalised. */
	claimedResult: ScoreResult | null;
	computedAt: number;
}

const WRITABLE: AssessmentState[] = ['draft', 'in_review'];
/** Characters in a note or a written answer. */
const TEXT_LIMIT = 10_000;

/** An answer as get() reads it: its row's columns, with who last changed it by name. */
interface StoredAnswer {
	questionId: string;
	value: string | null;
	na: 0 | 1;
	assurance: AnswerView['assurance'];
	note: string | null;
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
		version: a.version,
		updatedAt: a.updatedAt,
		updatedBy: a.updatedBy
	};
}

function answerView(row: AnswerRow, updatedBy: string | null): AnswerView {
	return storedView({ ...row, na: row.na ? 1 : 0, updatedBy });
}

function nameOf(userId: number | null): string | null {
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
		`SELECT a.question_id AS questionId, a.value, a.na, a.assurance, a.note, a.version, a.updated_at AS updatedAt, u.name AS updatedBy
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
	if (!found) throw new AssessmentError('id', 'There is no such assessment.');
	return found;
}

export function assertWritable(detail: AssessmentDetail): void {
	if (!WRITABLE.includes(detail.assessment.state)) {
		throw new AssessmentError('state', 'This assessment is final and locked; use “Amend” to start a new draft from it.');
	}
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
	assessorIds: number[];
	dueDate: string | null;
}

// Built once (see db/prepared): a bulk load creates thousands of assessments.
const createQueries = {
	platform: prepared((db) => db.select({ id: platform.id }).from(platform).where(eq(platform.id, sql.placeholder('platformId'))).prepare()),
	/** The version asked for, or the latest published one. */
	version: (latest: boolean) => (latest ? createQueries.latestVersion() : createQueries.namedVersion()),
	namedVersion: prepared((db) => versionQuery(db, eq(templateVersion.version, sql.placeholder('version')))),
	latestVersion: prepared((db) => versionQuery(db, eq(templateVersion.status, 'published'))),
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
		.select({ id: templateVersion.id, version: templateVersion.version, status: templateVersion.status })
		.from(templateVersion)
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.where(and(eq(template.key, sql.placeholder('key')), which))
		.orderBy(desc(templateVersion.publishedAt), desc(templateVersion.id))
		.limit(1)
		.prepare();
}

export function create(actor: Actor, input: NewAssessment, options: { origin?: 'analyst' | 'self'; now?: number } = {}): AssessmentDetail {
	if (!createQueries.platform().get({ platformId: input.platformId })) {
		throw new AssessmentError('platformId', 'There is no such platform.');
	}
	const version = createQueries.version(!input.templateVersion).get({ key: input.templateKey, version: input.templateVersion });
	if (!version || version.status !== 'published') {
		throw new AssessmentError('template', 'Choose a published template version: drafts and retired versions cannot be assessed against.');
	}
	if (input.dueDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) throw new AssessmentError('dueDate', 'Enter the due date as YYYY-MM-DD.');
	const origin = options.origin ?? 'analyst';
	const id = write((tx) => {
		const now = options.now ?? Date.now();
		// The transaction holds the connection this prepared query runs on.
		const row = createQueries.insert().get({
			platformId: input.platformId,
			templateVersionId: version.id,
			origin,
			assessors: JSON.stringify([...new Set(input.assessorIds)]),
			dueDate: input.dueDate,
			createdBy: actor.id,
			createdAt: now
		})!;
		record(tx, actor, {
			action: 'assessment.create',
			entityType: 'assessment',
			entityId: row.id,
			details: { platformId: input.platformId, template: input.templateKey, version: version.version, origin }
		});
		return row.id;
	});
	return mustGet(id);
}

/** Check one answer against its question; the problem names the question's path. */
export function checkAnswer(detail: AssessmentDetail, questionId: string, input: AnswerInput): void {
	checkEntry(detail, questionId, input, false);
}

/**
 * Check a form's answers: the problem with each, by question id. The common
 * case, every answer sound, costs one validation of the whole set (answers
 * are read one by one, so the set is valid exactly when each one is); only a
 * set with a problem is checked answer by answer, to name each.
 */
function answerProblems(detail: AssessmentDetail, entries: BatchEntry[]): Record<string, string> {
	const answers: Record<string, Answer> = {};
	for (const { questionId, input } of entries) {
		const entry = toEntry(input);
		if (entry) answers[questionId] = entry;
	}
	const distinct = new Set(entries.map((e) => e.questionId)).size === entries.length;
	const valid = distinct && validateAnswers({ format: 'clearance-answers/1', template: { key: detail.template.key, version: detail.template.version }, answers }, compiledTemplate(detail.template.doc)).ok;
	const errors: Record<string, string> = {};
	for (const e of entries) {
		try {
			checkEntry(detail, e.questionId, e.input, valid);
		} catch (err) {
			if (err instanceof AssessmentError) errors[e.questionId] = err.message;
			else throw err;
		}
	}
	return errors;
}

function checkEntry(detail: AssessmentDetail, questionId: string, input: AnswerInput, validated: boolean): void {
	if (!compiledTemplate(detail.template.doc).questionIndex.has(questionId)) throw new AssessmentError('questionId', `The template has no question ${questionId}.`);
	if (!validated) {
		const entry = toEntry(input);
		const doc = { format: 'clearance-answers/1', template: { key: detail.template.key, version: detail.template.version }, answers: entry ? { [questionId]: entry } : {} };
		const result = validateAnswers(doc, compiledTemplate(detail.template.doc));
		if (!result.ok) throw new AssessmentError(questionId, result.problems[0].message);
	}
	// Checked here too: an unanswered entry carries its assurance and note past the validator.
	if (!(ASSURANCE_LEVELS as readonly string[]).includes(input.assurance)) throw new AssessmentError(questionId, 'Choose an assurance level: claimed, evidenced or verified.');
	if (typeof input.value === 'string' && input.value.length > TEXT_LIMIT) throw new AssessmentError(questionId, 'A written answer has at most 10,000 characters.');
	if (typeof input.value === 'string' && hasControlCharacters(input.value, { multiline: true })) throw new AssessmentError(questionId, controlCharactersMessage('An answer', { multiline: true }));
	if (input.note.length > TEXT_LIMIT) throw new AssessmentError(questionId, 'A note has at most 10,000 characters.');
	if (hasControlCharacters(input.note, { multiline: true })) throw new AssessmentError(questionId, controlCharactersMessage('A note', { multiline: true }));
}

// The statements of every save, built once (see db/prepared); they run on the
// connection the caller's transaction holds.
const writeQueries = {
	answers: prepared((db) => db.select().from(answer).where(eq(answer.assessmentId, sql.placeholder('assessmentId'))).prepare()),
	/** A plain statement: a form of 70 answers is 70 inserts (see db/prepared). */
	insert: preparedStatement(
		`INSERT INTO answers (assessment_id, question_id, value, na, assurance, note, version, updated_by, updated_at)
		 VALUES (@assessmentId, @questionId, @value, @na, @assurance, @note, @version, @updatedBy, @updatedAt)`
	),
	touch: prepared((db) => db.update(assessment).set({ updatedAt: sql`${sql.placeholder('now')}` }).where(eq(assessment.id, sql.placeholder('assessmentId'))).prepare())
};

/** Insert a new answer; the row is known but for its id, so it is not read back (a form of 70 answers is 70 rows). */
function inserted(row: Omit<AnswerRow, 'id'>): AnswerRow {
	return { id: Number(writeQueries.insert().run({ ...row, na: row.na ? 1 : 0 }).lastInsertRowid), ...row };
}

/**
 * Write answers in the caller's transaction, each checked against the version
 * its form started from, each with its audit event. One read of the current
 * rows and one read of the audit chain's end serve the whole set.
 */
function writeAnswers(tx: Tx, actor: Actor, detail: AssessmentDetail, entries: BatchEntry[], now: number): AnswerRow[] {
	const assessmentId = detail.assessment.id;
	const current = new Map(writeQueries.answers().all({ assessmentId }).map((row) => [row.questionId, row]));
	const seen = new Set<string>();
	const planned = entries.map(({ questionId, input, expectedVersion }) => {
		if (seen.has(questionId)) throw new AssessmentError(questionId, 'This question appears twice in the form; reload the page.');
		seen.add(questionId);
		const before = current.get(questionId);
		if (!before && expectedVersion !== 0) throw new AssessmentError('version', 'This form is out of date; reload the page.');
		if (before && before.version !== expectedVersion) throw new ConflictError(answerView(before, nameOf(before.updatedBy)));
		const values = {
			value: input.na || input.value === null ? null : JSON.stringify(input.value),
			na: input.na,
			assurance: input.assurance,
			note: input.note || null,
			updatedBy: actor.id,
			updatedAt: now
		};
		return { questionId, before, values };
	});
	// The transaction holds the connection these prepared queries run on.
	const rows = planned.map(({ questionId, before, values }) =>
		before ? tx.update(answer).set({ ...values, version: before.version + 1 }).where(eq(answer.id, before.id)).returning().get()! : inserted({ ...values, assessmentId, questionId, version: 1 })
	);
	recordAll(
		tx,
		actor,
		planned.map(({ questionId, before, values }, i) => ({
			action: 'answer.save',
			entityType: 'assessment',
			entityId: assessmentId,
			details: {
				question: questionId,
				version: rows[i].version,
				from: before ? { value: before.value, na: before.na, assurance: before.assurance, note: before.note } : null,
				to: { value: values.value, na: values.na, assurance: values.assurance, note: values.note }
			}
		}))
	);
	if (planned.length) writeQueries.touch().run({ assessmentId, now });
	return rows;
}

/**
 * Save one answer. `expectedVersion` is the version the person started from
 * (0 for a question not answered before); anything else is a conflict.
 */
export function saveAnswer(actor: Actor, id: number, questionId: string, input: AnswerInput, expectedVersion: number): AnswerView {
	const detail = mustGet(id);
	assertWritable(detail);
	checkAnswer(detail, questionId, input);
	const [row] = write((tx) => writeAnswers(tx, actor, detail, [{ questionId, input, expectedVersion }], Date.now()));
	return answerView(row, nameOf(row.updatedBy));
}

export interface BatchEntry {
	questionId: string;
	input: AnswerInput;
	expectedVersion: number;
}

/** The form sends an answer as it stands (a never-answered question as an empty claim). */
function unchanged(stored: AnswerView | undefined, input: AnswerInput): boolean {
	const before = stored ?? { value: null, na: false, assurance: 'claimed', note: '' };
	// An N/A answer has no value, whatever the form sent with it.
	const value = input.na ? null : input.value;
	return before.na === input.na && before.assurance === input.assurance && before.note === input.note && JSON.stringify(before.value ?? null) === JSON.stringify(value ?? null);
}

/**
 * Save several answers (a section submitted without JavaScript). Unchanged
 * entries are skipped; every problem and conflict is reported, and nothing is
 * saved while any remain, so a person fixes and resubmits the whole form.
 */
export function saveAnswers(actor: Actor, id: number, entries: BatchEntry[]): { saved: number; errors: Record<string, string>; conflicts: AnswerView[] } {
	const detail = mustGet(id);
	assertWritable(detail);
	const changed = entries.filter((e) => !unchanged(detail.answers[e.questionId], e.input));
	const errors = answerProblems(detail, changed);
	const stale = changed.filter((e) => (detail.answers[e.questionId]?.version ?? 0) !== e.expectedVersion);
	const conflicts = stale.map((e) => detail.answers[e.questionId]).filter((a): a is AnswerView => a !== undefined);
	// A version for an answer that was never saved is a form out of step, not someone else's change.
	for (const e of stale) if (!detail.answers[e.questionId]) errors[e.questionId] ??= 'This form is out of date; reload the page.';
	if (Object.keys(errors).length || conflicts.length) return { saved: 0, errors, conflicts };
	write((tx) => {
		writeAnswers(tx, actor, detail, changed, Date.now());
	});
	return { saved: changed.length, errors, conflicts };
}

/**
 * A state change's UPDATE, built once per set of columns it writes (submit
 * sets one more, finalise three): see db/prepared.
 */
const moves = prepared(() => new Map<string, ReturnType<typeof buildMove>>());

function buildMove(db: Db, columns: Array<keyof Assessment>) {
	return db
		.update(assessment)
		.set(Object.fromEntries(columns.map((c) => [c, sql`${sql.placeholder(c)}`])))
		.where(and(eq(assessment.id, sql.placeholder('id')), eq(assessment.state, sql.placeholder('from'))))
		.prepare();
}

function moveQuery(columns: Array<keyof Assessment>) {
	const built = moves();
	const key = columns.join(',');
	let query = built.get(key);
	if (!query) built.set(key, (query = buildMove(getDb(), columns)));
	return query;
}

const stateOf = prepared((db) => db.select({ state: assessment.state }).from(assessment).where(eq(assessment.id, sql.placeholder('id'))).prepare());

export interface TransitionSteps {
	/** Refusals beyond the state, checked first (throw an AssessmentError). */
	check?: (detail: AssessmentDetail) => void;
	/** Columns to set with the move; `detail()` reads the assessment (once) when they depend on it. */
	extra?: (tx: Tx, now: number, detail: () => AssessmentDetail) => Partial<Assessment>;
	/** Other work that moves with it (once the move has succeeded); returns what the audit entry adds. */
	alongside?: (tx: Tx, now: number) => Record<string, unknown>;
}

/**
 * Move an assessment from one state to another, in one transaction with its
 * audit entry. The assessment is read under the write lock, so the checks
 * and any figures stored with the move see exactly the answers it moves.
 */
export function transition(actor: Actor, id: number, from: AssessmentState, to: AssessmentState, action: string, steps: TransitionSteps = {}): void {
	write((tx) => {
		// Read only as far as needed: a plain move needs the state, not the answers.
		let loaded: AssessmentDetail | undefined;
		const detail = () => (loaded ??= mustGet(id));
		if (steps.check) steps.check(detail());
		const state = loaded ? loaded.assessment.state : stateOf().get({ id })?.state;
		if (state === undefined) throw new AssessmentError('id', 'There is no such assessment.');
		if (state !== from) {
			throw new AssessmentError('state', `This assessment is ${state.replace('_', ' ')}; only a ${from.replace('_', ' ')} one can become ${to.replace('_', ' ')}.`);
		}
		const now = Date.now();
		const changes = steps.extra?.(tx, now, detail) ?? {};
		const set: Partial<Assessment> = { state: to, updatedAt: now, ...changes };
		const done = moveQuery(Object.keys(set) as Array<keyof Assessment>).run({ ...set, id, from });
		if (done.changes !== 1) throw new AssessmentError('state', 'Someone changed this assessment meanwhile; reload and try again.');
		record(tx, actor, { action, entityType: 'assessment', entityId: id, details: { from, to, ...changes, ...steps.alongside?.(tx, now) } });
	});
}

export function submit(actor: Actor, id: number): void {
	transition(actor, id, 'draft', 'in_review', 'assessment.submit', { extra: (_tx, now) => ({ submittedAt: now }) });
}

export function reopen(actor: Actor, id: number): void {
	transition(actor, id, 'in_review', 'draft', 'assessment.reopen', {
		check: (detail) => {
			if (detail.assessment.origin === 'self') {
				throw new AssessmentError('state', 'A self-assessment goes back to the platform only with questions: ask for clarification on the answers in doubt.');
			}
		}
	});
}

/** It is frozen with the assessment, so it must be a real date, from today, at most five years on. */
function checkValidUntil(value: string, now: number): void {
	const ms = Date.parse(`${value}T00:00:00Z`);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
		throw new AssessmentError('validUntil', 'Enter the date as YYYY-MM-DD.');
	}
	const today = new Date(now).toISOString().slice(0, 10);
	if (value < today) throw new AssessmentError('validUntil', 'The valid-until date cannot be in the past.');
	if (value > addMonths(now, 60)) throw new AssessmentError('validUntil', 'Reassess within five years: choose an earlier date.');
}

function addMonths(ms: number, months: number): string {
	const d = new Date(ms);
	d.setUTCMonth(d.getUTCMonth() + months);
	return d.toISOString().slice(0, 10);
}

function storeResult(detail: AssessmentDetail, result: ScoreResult, now: number): void {
	const claimed = detail.assessment.origin === 'self' ? claimedScore(detail) : null;
	const figures: Record<(typeof FIGURES)[number], unknown> = {
		templateSha256: detail.template.sha256,
		score: result.overall.score,
		assuredScore: result.overall.assuredScore,
		answeredScore: result.overall.answeredScore,
		coverage: result.overall.coverage,
		grade: result.overall.grade,
		bandGrade: result.overall.bandGrade,
		knockouts: result.knockouts.length,
		result: JSON.stringify(result),
		claimedScore: claimed?.overall.score ?? null,
		claimedResult: claimed ? JSON.stringify(claimed) : null,
		computedAt: now
	};
	// The transaction holds the connection this prepared statement runs on.
	storeQuery().run({ assessmentId: detail.assessment.id, ...figures });
}

const FIGURES = ['templateSha256', 'score', 'assuredScore', 'answeredScore', 'coverage', 'grade', 'bandGrade', 'knockouts', 'result', 'claimedScore', 'claimedResult', 'computedAt'] as const;

/** A final assessment's stored figures, written or (recompute) rewritten; built once (see db/prepared). */
const storeQuery = prepared((db) =>
	db
		.insert(assessmentResult)
		// Every column a placeholder, named as the figures are.
		.values(Object.fromEntries(['assessmentId', ...FIGURES].map((c) => [c, sql.placeholder(c)])) as unknown as typeof assessmentResult.$inferInsert)
		.onConflictDoUpdate({ target: assessmentResult.assessmentId, set: Object.fromEntries(FIGURES.map((c) => [c, sql.raw(`excluded.${assessmentResult[c].name}`)])) })
		.prepare()
);

/** Lock the assessment and store its figures. */
export function finalize(actor: Actor, id: number, options: { validUntil?: string | null; now?: number } = {}): void {
	if (options.validUntil) checkValidUntil(options.validUntil, options.now ?? Date.now());
	transition(actor, id, 'in_review', 'final', 'assessment.finalize', {
		check: (detail) => {
			if (detail.assessment.origin === 'self' && detail.assessment.state === 'in_review') assertVerified(detail);
		},
		extra: (tx, now, detail) => {
			const at = options.now ?? now;
			const locked = detail();
			// The snapshot goes in first: once the row is final, the triggers lock it.
			storeResult(locked, currentScore(locked), at);
			return { finalizedAt: at, finalizedBy: actor.id, validUntil: options.validUntil || addMonths(at, 12) };
		}
	});
}

/** A self-assessment is finalised only once every claim has a current decision and no question is open. */
function assertVerified(detail: AssessmentDetail): void {
	const progress = verificationProgress(detail.template.doc, claimsDocument(detail), detail.verifications, claimVersions(detail));
	if (progress.clarification) {
		throw new AssessmentError('verification', `${progress.clarification} answer${progress.clarification === 1 ? ' awaits' : 's await'} clarification: send the questions to the platform, or decide them, before finalising.`);
	}
	if (progress.stale.length) {
		throw new AssessmentError('verification', `The platform changed ${progress.stale.length === 1 ? 'an answer' : `${progress.stale.length} answers`} after you decided on ${progress.stale.length === 1 ? 'it' : 'them'}: decide again before finalising.`);
	}
	if (progress.undecided.length) {
		throw new AssessmentError('verification', `${progress.undecided.length} of the platform's answers ${progress.undecided.length === 1 ? 'is' : 'are'} not verified yet: accept or adjust every answer before finalising.`);
	}
}

/** A new draft that starts from a final assessment's answers and evidence. */
export function amend(actor: Actor, id: number): AssessmentDetail {
	const source = mustGet(id);
	if (source.assessment.state !== 'final') throw new AssessmentError('state', 'Only a final assessment is amended; edit this one directly.');
	const newId = write((tx) => {
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
				? { value: v.na ? null : JSON.stringify(v.value), na: v.na === true, assurance: v.assurance ?? 'claimed', note: typeof v.note === 'string' ? v.note : (a?.note ?? null) }
				: { value: a!.value, na: a!.na, assurance: a!.assurance, note: a!.note };
			tx.insert(answer).values({ assessmentId: row.id, questionId, ...values, version: 1, updatedBy: actor.id, updatedAt: now }).run();
		}
		const proof = tx.select().from(evidence).where(eq(evidence.assessmentId, id)).all();
		for (const { id: _id, assessmentId: _a, ...e } of proof) tx.insert(evidence).values({ ...e, assessmentId: row.id }).run();
		record(tx, actor, { action: 'assessment.amend', entityType: 'assessment', entityId: row.id, details: { amends: id, answers: rows.length, evidence: proof.length } });
		return row.id;
	});
	return mustGet(newId);
}

/** Re-derive a final assessment's stored figures; report and record any difference. */
export function recompute(actor: Actor, id: number): { changed: boolean; before: ScoreResult | null; after: ScoreResult } {
	const detail = mustGet(id);
	if (detail.assessment.state !== 'final') throw new AssessmentError('state', 'Only final assessments have stored figures.');
	const after = currentScore(detail);
	const before = detail.result?.result ?? null;
	const changed = before === null || canonicalJson(before) !== canonicalJson(after) || detail.result?.templateSha256 !== detail.template.sha256;
	write((tx) => {
		if (changed) storeResult(detail, after, Date.now());
		record(tx, actor, {
			action: 'assessment.recompute',
			entityType: 'assessment',
			entityId: id,
			// The whole superseded result stays on record: committees may have cited it.
			details: changed ? { changed, before, after } : { changed }
		});
	});
	return { changed, before, after };
}
