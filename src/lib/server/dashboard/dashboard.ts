// The portfolio at a glance. Every figure comes from stored snapshots
// (assessment_results) and indexed columns, never from rescoring, so the page
// stays fast however many assessments there are.
import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, lte, ne, sql } from 'drizzle-orm';
import type { ScoreResult } from '../../scoring/index';
import { getDb } from '../db/index';
import { assessment, assessmentResult, auditEvent, finding, invitation, PIPELINE_STATUSES, platform, templateVersion, type PipelineStatus } from '../db/schema';
import { knockoutLabel, questionNames, type KnockoutLabel } from '../../assessments/knockouts';
import { templateDoc } from '../templates';
import { DUE_SOON_DAYS } from '../../components/platforms/format';
import { statusOf, type InvitationStatus } from '../invitations';
import { isLatestFinal, isLatestResult, latestFinal, latestResult } from '../platforms';
import { dueBy as findingsDueBy, expiringBy, findingLines, type FindingLine } from '../findings';
import { openConditions, type ConditionView } from '../conditions';

const DAY = 86_400_000;
/** A glance, not the whole queue: the full list is the platform list sorted by due date. */
export const DUE_SHOWN = 12;
/** Latest finals valid until `horizon` or earlier: the rows shown and the count share it. */
const dueBy = (horizon: string) => and(isNotNull(latestFinal.validUntil), lte(latestFinal.validUntil, horizon));

export interface DueRow {
	platformId: number;
	platform: string;
	assessmentId: number;
	validUntil: string;
	grade: string | null;
	overdue: boolean;
}

export interface InvitationRow {
	id: number;
	platformId: number;
	platform: string;
	assessmentId: number;
	respondentName: string;
	status: InvitationStatus;
	expiresAt: number;
	submittedAt: number | null;
}

export interface KnockoutRow {
	platformId: number;
	platform: string;
	assessmentId: number;
	finalizedAt: number;
	grade: string | null;
	/** Named by their questions' prompts: an id alone means nothing on a dashboard. */
	knockouts: KnockoutLabel[];
}

export interface ActivityRow {
	seq: number;
	at: string;
	actor: string;
	action: string;
	/** What it was about, as a reader names it, with a link. */
	subject: { label: string; href: string } | null;
}

/** Findings and conditions come due within this many days; acceptances are flagged this long before they run out. */
export const FINDINGS_DUE_DAYS = 14;
export const ACCEPTANCE_WARNING_DAYS = 30;

export interface FindingsGlance {
	/** Owed and due within FINDINGS_DUE_DAYS or overdue, most urgent first; `total` counts them all. */
	due: { rows: FindingLine[]; total: number; overdue: number };
	/** The platform says fixed: an analyst verifies. */
	toVerify: { rows: FindingLine[]; total: number };
	/** Accepted risks running out within ACCEPTANCE_WARNING_DAYS. */
	expiring: { rows: FindingLine[]; total: number };
}

export interface Dashboard {
	platforms: number;
	/** Platforms by the grade of their latest final assessment; null: not assessed yet. */
	byGrade: Array<{ grade: string | null; count: number }>;
	byStatus: Array<{ status: PipelineStatus; count: number }>;
	/** The DUE_SHOWN most urgent of `dueCount`; the platform list sorted by due date has the rest. */
	due: DueRow[];
	dueCount: number;
	invitations: InvitationRow[];
	knockouts: KnockoutRow[];
	activity: ActivityRow[];
	findings: FindingsGlance;
	/** Conditions still open, most urgent first (DUE_SHOWN of `conditionCount`). */
	conditions: ConditionView[];
	conditionCount: number;
	today: string;
}

/** What "recent activity" shows: the moves that change where a platform stands. */
export const ACTIVITY_ACTIONS = [
	'platform.create',
	'assessment.create',
	'assessment.submit',
	'assessment.finalize',
	'assessment.amend',
	'assessment.clarification_requested',
	'invitation.create',
	'invitation.submit'
] as const;

export function dashboard(now = Date.now()): Dashboard {
	const db = getDb();
	const byGrade = db
		.select({ grade: latestResult.grade, count: count() })
		.from(platform)
		.leftJoin(latestFinal, isLatestFinal)
		.leftJoin(latestResult, isLatestResult)
		.groupBy(latestResult.grade)
		.orderBy(sql`${latestResult.grade} IS NULL`, asc(latestResult.grade))
		.all();
	const statusCounts = new Map(db.select({ status: platform.status, count: count() }).from(platform).groupBy(platform.status).all().map((r) => [r.status, r.count]));
	const byStatus = PIPELINE_STATUSES.map((status) => ({ status, count: statusCounts.get(status) ?? 0 }));

	const today = new Date(now).toISOString().slice(0, 10);
	const horizon = new Date(now + DUE_SOON_DAYS * DAY).toISOString().slice(0, 10);
	const due = db
		.select({ platformId: platform.id, platform: platform.name, assessmentId: latestFinal.id, validUntil: latestFinal.validUntil, grade: latestResult.grade })
		.from(platform)
		.leftJoin(latestFinal, isLatestFinal)
		.leftJoin(latestResult, isLatestResult)
		.where(dueBy(horizon))
		.orderBy(asc(latestFinal.validUntil), asc(sql`lower(${platform.name})`))
		.limit(DUE_SHOWN)
		.all()
		// The filter leaves only rows with a latest final that has a date.
		.map((r) => ({ ...r, assessmentId: r.assessmentId!, validUntil: r.validUntil!, overdue: r.validUntil! < today }));
	const dueCount = db.select({ n: count() }).from(platform).leftJoin(latestFinal, isLatestFinal).where(dueBy(horizon)).get()!.n;

	// Links still in play: not revoked, not replaced, and either open or submitted and awaiting the analyst.
	const invitations = db
		.select({ inv: invitation, platformId: platform.id, platform: platform.name })
		.from(invitation)
		.innerJoin(assessment, eq(assessment.id, invitation.assessmentId))
		.innerJoin(platform, eq(platform.id, assessment.platformId))
		.where(and(isNull(invitation.revokedAt), isNull(invitation.replacedById), ne(assessment.state, 'final')))
		.orderBy(desc(invitation.createdAt))
		.limit(50)
		.all()
		.map(({ inv, platformId, platform: name }) => ({
			id: inv.id,
			platformId,
			platform: name,
			assessmentId: inv.assessmentId,
			respondentName: inv.respondentName,
			status: statusOf(inv, now),
			expiresAt: inv.expiresAt,
			submittedAt: inv.submittedAt
		}))
		.filter((r) => r.status !== 'expired');

	const knockouts = db
		.select({
			platformId: platform.id,
			platform: platform.name,
			assessmentId: assessment.id,
			finalizedAt: assessment.finalizedAt,
			grade: assessmentResult.grade,
			result: assessmentResult.result,
			templateVersionId: templateVersion.id,
			templateSha256: templateVersion.sha256
		})
		.from(assessmentResult)
		.innerJoin(assessment, eq(assessment.id, assessmentResult.assessmentId))
		.innerJoin(platform, eq(platform.id, assessment.platformId))
		.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
		.where(and(gt(assessmentResult.knockouts, 0), eq(assessment.state, 'final')))
		.orderBy(desc(assessment.finalizedAt), desc(assessment.id))
		.limit(8)
		.all()
		// A final assessment has its finalisation time.
		// Templates are parsed once and shared (templates/docs.ts): naming costs a map lookup per knock-out.
		.map(({ result, templateVersionId, templateSha256, ...r }) => {
			const names = questionNames(templateDoc(templateVersionId, templateSha256));
			return { ...r, finalizedAt: r.finalizedAt!, knockouts: (JSON.parse(result) as ScoreResult).knockouts.map((k) => knockoutLabel(k, names)) };
		});

	const events = db
		.select({ seq: auditEvent.seq, at: auditEvent.at, actor: auditEvent.actor, action: auditEvent.action, entityType: auditEvent.entityType, entityId: auditEvent.entityId })
		.from(auditEvent)
		.where(inArray(auditEvent.action, [...ACTIVITY_ACTIONS]))
		.orderBy(desc(auditEvent.seq))
		.limit(30)
		.all()
		// A respondent's submission is one event to a reader: the invitation's, not also the assessment's move.
		.filter((e) => !(e.action === 'assessment.submit' && e.actor.startsWith('respondent:')))
		.slice(0, 15);
	const activity = events.map(({ entityType, entityId, ...e }) => ({ ...e, subject: subjectOf(entityType, entityId) }));

	const conditionsOpen = openConditions({ now });
	return {
		platforms: byGrade.reduce((n, g) => n + g.count, 0),
		byGrade,
		byStatus,
		due,
		dueCount,
		invitations,
		knockouts,
		activity,
		findings: findingsGlance(now),
		conditions: conditionsOpen.slice(0, DUE_SHOWN),
		conditionCount: conditionsOpen.length,
		today
	};
}

/** The findings that ask something soon: counted over findings_due_idx, never by loading them all. */
export function findingsGlance(now = Date.now()): FindingsGlance {
	const today = new Date(now).toISOString().slice(0, 10);
	const yesterday = new Date(now - DAY).toISOString().slice(0, 10);
	const due = findingLines(findingsDueBy(today, new Date(now + FINDINGS_DUE_DAYS * DAY).toISOString().slice(0, 10)), 'due', DUE_SHOWN);
	const overdue = due.rows.some((r) => r.dueOn! < today) ? findingLines(findingsDueBy(today, yesterday), 'due', 1).total : 0;
	return {
		due: { ...due, overdue },
		toVerify: findingLines(eq(finding.status, 'remediated'), 'due', DUE_SHOWN),
		expiring: findingLines(expiringBy(today, new Date(now + ACCEPTANCE_WARNING_DAYS * DAY).toISOString().slice(0, 10)), 'expiry', DUE_SHOWN)
	};
}

/** An audited entity as a link: platforms by name, assessments and invitations by their platform. */
function subjectOf(entityType: string, entityId: string | null): ActivityRow['subject'] {
	const id = Number(entityId);
	if (!Number.isSafeInteger(id)) return null;
	const db = getDb();
	if (entityType === 'platform') {
		const p = db.select({ name: platform.name }).from(platform).where(eq(platform.id, id)).get();
		return p ? { label: p.name, href: `/platforms/${id}` } : null;
	}
	const assessmentId =
		entityType === 'assessment' ? id : entityType === 'invitation' ? db.select({ a: invitation.assessmentId }).from(invitation).where(eq(invitation.id, id)).get()?.a : undefined;
	if (assessmentId === undefined) return null;
	const a = db.select({ name: platform.name, origin: assessment.origin }).from(assessment).innerJoin(platform, eq(platform.id, assessment.platformId)).where(eq(assessment.id, assessmentId)).get();
	return a ? { label: `${a.name}, ${a.origin === 'self' ? 'self-assessment' : 'assessment'} #${assessmentId}`, href: `/assessments/${assessmentId}` } : null;
}
