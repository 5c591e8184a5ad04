// The portfolio at a glance. Every figure comes from stored snapshots
// (assessment_results) and indexed columns, never from rescoring, so the page
// stays fast however many assessments there are.
import { and, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Knockout, ScoreResult } from '../../scoring/index';
import { getDb, handle } from '../db/index';
import { assessment, auditEvent, invitation, PIPELINE_STATUSES, platform, type PipelineStatus } from '../db/schema';
import { DUE_SOON_DAYS } from '../../components/platforms/format';
import { statusOf, type InvitationStatus } from '../invitations';
import { LATEST_FINAL } from '../platforms';

const DAY = 86_400_000;
/** A glance, not the whole queue: the full list is the platform list sorted by due date. */
export const DUE_SHOWN = 12;
/** Latest finals valid until @horizon or earlier: the rows shown and the count share it. */
const DUE_WHERE = 'WHERE a.valid_until IS NOT NULL AND a.valid_until <= @horizon';

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
	knockouts: Array<Pick<Knockout, 'question' | 'capGrade'>>;
}

export interface ActivityRow {
	seq: number;
	at: string;
	actor: string;
	action: string;
	/** What it was about, as a reader names it, with a link. */
	subject: { label: string; href: string } | null;
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
	const { sqlite } = handle();
	const byGrade = sqlite.prepare(`SELECT r.grade AS grade, count(*) AS count ${LATEST_FINAL} GROUP BY r.grade ORDER BY r.grade IS NULL, r.grade`).all() as Dashboard['byGrade'];
	const statusCounts = new Map((sqlite.prepare(`SELECT status, count(*) AS count FROM platforms GROUP BY status`).all() as Array<{ status: PipelineStatus; count: number }>).map((r) => [r.status, r.count]));
	const byStatus = PIPELINE_STATUSES.map((status) => ({ status, count: statusCounts.get(status) ?? 0 }));

	const today = new Date(now).toISOString().slice(0, 10);
	const horizon = new Date(now + DUE_SOON_DAYS * DAY).toISOString().slice(0, 10);
	const due = (
		sqlite
			.prepare(
				`SELECT p.id AS platformId, p.name AS platform, a.id AS assessmentId, a.valid_until AS validUntil, r.grade AS grade
				 ${LATEST_FINAL} ${DUE_WHERE} ORDER BY a.valid_until ASC, lower(p.name) ASC LIMIT ${DUE_SHOWN}`
			)
			.all({ horizon }) as Array<Omit<DueRow, 'overdue'>>
	).map((r) => ({ ...r, overdue: r.validUntil < today }));
	const dueCount = (sqlite.prepare(`SELECT count(*) AS n ${LATEST_FINAL} ${DUE_WHERE}`).get({ horizon }) as { n: number }).n;

	// Links still in play: not revoked, not replaced, and either open or submitted and awaiting the analyst.
	const invitations = getDb()
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

	const knockouts = (
		sqlite
			.prepare(
				`SELECT p.id AS platformId, p.name AS platform, a.id AS assessmentId, a.finalized_at AS finalizedAt, r.grade AS grade, r.result AS result
				 FROM assessment_results r JOIN assessments a ON a.id = r.assessment_id JOIN platforms p ON p.id = a.platform_id
				 WHERE r.knockouts > 0 AND a.state = 'final' ORDER BY a.finalized_at DESC, a.id DESC LIMIT 8`
			)
			.all() as Array<Omit<KnockoutRow, 'knockouts'> & { result: string }>
	).map(({ result, ...r }) => ({ ...r, knockouts: (JSON.parse(result) as ScoreResult).knockouts.map((k) => ({ question: k.question, capGrade: k.capGrade })) }));

	const events = getDb()
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

	return { platforms: byGrade.reduce((n, g) => n + g.count, 0), byGrade, byStatus, due, dueCount, invitations, knockouts, activity };
}

/** An audited entity as a link: platforms by name, assessments and invitations by their platform. */
function subjectOf(entityType: string, entityId: string | null): ActivityRow['subject'] {
	const id = Number(entityId);
	if (!Number.isSafeInteger(id)) return null;
	const { sqlite } = handle();
	if (entityType === 'platform') {
		const p = sqlite.prepare('SELECT name FROM platforms WHERE id = ?').get(id) as { name: string } | undefined;
		return p ? { label: p.name, href: `/platforms/${id}` } : null;
	}
	const assessmentId =
		entityType === 'assessment' ? id : entityType === 'invitation' ? (sqlite.prepare('SELECT assessment_id AS a FROM invitations WHERE id = ?').get(id) as { a: number } | undefined)?.a : undefined;
	if (assessmentId === undefined) return null;
	const a = sqlite.prepare('SELECT p.name AS name, a.origin AS origin FROM assessments a JOIN platforms p ON p.id = a.platform_id WHERE a.id = ?').get(assessmentId) as { name: string; origin: string } | undefined;
	return a ? { label: `${a.name}, ${a.origin === 'self' ? 'self-assessment' : 'assessment'} #${assessmentId}`, href: `/assessments/${assessmentId}` } : null;
}
