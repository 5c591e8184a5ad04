// Starting an assessment: a new one against a published template version,
// or an amendment of a final one that starts from its answers and evidence.
// Part of the assessments API (re-exported there).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { notApplicableAnswers } from '../../assessments/not-applicable';
import { AssessmentError, answersDocument, mustGet, WRITABLE, type AssessmentDetail } from './assessments';
import { record, type Actor } from '../audit';
import { getDb, statement, write, type Db } from '../db/index';
import { answer, assessment, evidence, evidenceWaiver, type AssessmentState, type PlatformKind, type TemplateVersion, type User } from '../db/schema';
import { templateDoc } from '../templates';

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

// Raw: read by every create: one of the write path's statements that took a bulk load from 1.37–1.50× to about 1.0× (0.89–1.08× by round) the CPU of the built-once queries (README, 2026-12-07).
const READS = {
	platform: 'SELECT kind FROM platforms WHERE id = ?',
	assessor: 'SELECT name, role, disabled FROM users WHERE id = ?',
	asked: `SELECT v.id, v.version, v.status, v.sha256 FROM template_versions v JOIN templates t ON t.id = v.template_id
		WHERE t.key = @key AND v.version = @version ORDER BY v.published_at DESC, v.id DESC LIMIT 1`,
	latest: `SELECT v.id, v.version, v.status, v.sha256 FROM template_versions v JOIN templates t ON t.id = v.template_id
		WHERE t.key = @key AND v.status = 'published' ORDER BY v.published_at DESC, v.id DESC LIMIT 1`
};

// Raw, like the reads above.
const INSERT = `INSERT INTO assessments (platform_id, template_version_id, origin, state, assessors, due_date, created_by, created_at, updated_at)
	VALUES (@platformId, @templateVersionId, @origin, 'draft', @assessors, @dueDate, @createdBy, @now, @now)`;

/** The version asked for, or else the latest published one, of the template `key` (in the caller's transaction). */
function versionOf(key: string, version: string | undefined): Pick<TemplateVersion, 'id' | 'version' | 'status' | 'sha256'> | undefined {
	return (version ? statement(READS.asked).get({ key, version }) : statement(READS.latest).get({ key })) as Pick<TemplateVersion, 'id' | 'version' | 'status' | 'sha256'> | undefined;
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
		const found = statement(READS.assessor).get(id) as (Pick<User, 'name' | 'role'> & { disabled: 0 | 1 }) | undefined;
		const person = found && { ...found, disabled: found.disabled === 1 };
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
	const id = write(actor, (tx) => {
		const subject = statement(READS.platform).get(input.platformId) as { kind: PlatformKind } | undefined;
		if (!subject) throw new AssessmentError('platformId', 'There is no such platform.', 404);
		const version = versionOf(input.templateKey, input.templateVersion);
		if (!version || version.status === 'draft') {
			throw new AssessmentError('template', 'Choose a published template version: drafts and retired versions cannot be assessed against.');
		}
		if (version.status !== 'published') {
			throw new AssessmentError('template', `Version ${version.version} of this template was retired, so nothing was created: choose a published version.`, 409);
		}
		checkAssessors(assessors);
		const row = {
			id: Number(
				statement(INSERT).run({ platformId: input.platformId, templateVersionId: version.id, origin, assessors: JSON.stringify(assessors), dueDate: input.dueDate, createdBy: actor.id, now })
					.lastInsertRowid
			)
		};
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
	const newId = write(actor, (tx) => {
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
		// A waiver stands for the answer it was given on: the amendment keeps it until someone withdraws it.
		const waivers = tx.select().from(evidenceWaiver).where(eq(evidenceWaiver.assessmentId, id)).all();
		for (const { id: _id, assessmentId: _a, ...w } of waivers) tx.insert(evidenceWaiver).values({ ...w, assessmentId: row.id }).run();
		record(tx, actor, { action: 'assessment.amend', entityType: 'assessment', entityId: row.id, details: { amends: id, answers: rows.length, evidence: proof.length, waivers: waivers.length } });
		return row.id;
	});
	return mustGet(newId);
}
