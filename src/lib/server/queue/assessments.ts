// Staff queues over assessments and invitations: my drafts, what waits for a
// second analyst to finalise, self-assessments to verify, clarifications the
// platform answered, and invitations about to lapse. Read-only.
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, ne, or } from 'drizzle-orm';
import { getDb } from '../db/index';
import { assessment, invitation, platform, user, verification } from '../db/schema';
import { ago, DAY, within } from './time';
import type { WorkItem, Worker } from './types';

/** An invitation this close to expiring is worth a reminder or a re-issue. */
export const EXPIRY_WARNING_MS = 3 * DAY;

/** Mine: I started it or I am one of its assessors. */
function isMine(row: { createdBy: number | null; assessors: string }, me: number): boolean {
	if (row.createdBy === me) return true;
	try {
		const ids: unknown = JSON.parse(row.assessors);
		return Array.isArray(ids) && ids.includes(me);
	} catch {
		return false;
	}
}

const today = (now: number) => new Date(now).toISOString().slice(0, 10);

// Names are read by id after the queue's rows, never joined into the queue's
// query: joined, SQLite may walk every platform and look up its assessments
// (each a cheap index step, but a thousand of them on every page view).
function namesOf(table: typeof platform | typeof user, ids: Array<number | null>): Map<number, string> {
	const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
	if (!wanted.length) return new Map();
	const rows: Array<{ id: number; name: string }> = getDb().select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, wanted)).all();
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** Drafts I started or assess: overdue first, then by due date, then the longest untouched. */
export function drafts(me: Worker, now: number): WorkItem[] {
	const rows = getDb()
		.select({ id: assessment.id, platformId: assessment.platformId, assessors: assessment.assessors, createdBy: assessment.createdBy, dueDate: assessment.dueDate, updatedAt: assessment.updatedAt })
		.from(assessment)
		// A self-assessment in draft is with the platform, not with me.
		.where(and(eq(assessment.state, 'draft'), eq(assessment.origin, 'analyst')))
		.all()
		.filter((r) => isMine(r, me.id));
	const due = (r: (typeof rows)[number]) => r.dueDate ?? '9999-12-31';
	rows.sort((a, b) => due(a).localeCompare(due(b)) || a.updatedAt - b.updatedAt || a.id - b.id);
	const platforms = namesOf(platform, rows.map((r) => r.platformId));
	return rows.map((r) => {
		const overdue = r.dueDate !== null && r.dueDate < today(now);
		const dueText = r.dueDate === null ? '' : overdue ? `overdue since ${r.dueDate}; ` : `due ${r.dueDate}; `;
		return { key: `a${r.id}`, href: `/assessments/${r.id}`, title: platforms.get(r.platformId) ?? '', why: `${dueText}last changed ${ago(r.updatedAt, now)}`, urgent: overdue };
	});
}

/** Analyst assessments in review that someone else submitted: a second analyst finalises. Oldest first. */
export function toFinalise(me: Worker, now: number): WorkItem[] {
	const rows = getDb()
		.select({ id: assessment.id, platformId: assessment.platformId, submittedAt: assessment.submittedAt, submittedBy: assessment.submittedBy })
		.from(assessment)
		.where(and(eq(assessment.state, 'in_review'), eq(assessment.origin, 'analyst'), ne(assessment.submittedBy, me.id)))
		.orderBy(asc(assessment.submittedAt), asc(assessment.id))
		.all();
	const platforms = namesOf(platform, rows.map((r) => r.platformId));
	const people = namesOf(user, rows.map((r) => r.submittedBy));
	return rows.map((r) => ({
		key: `a${r.id}`,
		href: `/assessments/${r.id}`,
		title: platforms.get(r.platformId) ?? '',
		why: `submitted by ${people.get(r.submittedBy!) ?? 'a colleague'} ${r.submittedAt === null ? '' : ago(r.submittedAt, now)}`.trim(),
		urgent: r.submittedAt !== null && now - r.submittedAt > 7 * DAY
	}));
}

/** Self-assessments I started or assess that the platform submitted, split by whether answers to my questions came back. */
export function selfAssessments(me: Worker, now: number): { toVerify: WorkItem[]; clarifications: WorkItem[] } {
	const db = getDb();
	const rows = db
		.select({ id: assessment.id, platformId: assessment.platformId, assessors: assessment.assessors, createdBy: assessment.createdBy, submittedAt: assessment.submittedAt })
		.from(assessment)
		.where(and(eq(assessment.state, 'in_review'), eq(assessment.origin, 'self')))
		.orderBy(asc(assessment.submittedAt), asc(assessment.id))
		.all()
		.filter((r) => isMine(r, me.id));
	if (!rows.length) return { toVerify: [], clarifications: [] };
	// Questions asked of the platform and answered, still waiting for my decision.
	const answered = new Map<number, { count: number; last: number }>();
	for (const v of db
		.select({ assessmentId: verification.assessmentId, answeredAt: verification.answeredAt })
		.from(verification)
		.where(and(inArray(verification.assessmentId, rows.map((r) => r.id)), eq(verification.decision, 'clarification'), isNotNull(verification.answeredAt)))
		.all()) {
		const seen = answered.get(v.assessmentId) ?? { count: 0, last: 0 };
		answered.set(v.assessmentId, { count: seen.count + 1, last: Math.max(seen.last, v.answeredAt!) });
	}
	const platforms = namesOf(platform, rows.map((r) => r.platformId));
	const toVerify: WorkItem[] = [];
	const clarifications: WorkItem[] = [];
	for (const r of rows) {
		const back = answered.get(r.id);
		if (back) {
			clarifications.push({
				key: `a${r.id}`,
				href: `/assessments/${r.id}`,
				title: platforms.get(r.platformId) ?? '',
				why: `the platform answered ${back.count} question${back.count === 1 ? '' : 's'} ${ago(back.last, now)}`,
				urgent: false
			});
		} else {
			toVerify.push({
				key: `a${r.id}`,
				href: `/assessments/${r.id}`,
				title: platforms.get(r.platformId) ?? '',
				why: `submitted by the platform ${r.submittedAt === null ? '' : ago(r.submittedAt, now)}`.trim(),
				urgent: r.submittedAt !== null && now - r.submittedAt > 7 * DAY
			});
		}
	}
	return { toVerify, clarifications };
}

/** Live invitations I sent (or for self-assessments I started) that lapse within three days, soonest first. */
export function expiringInvitations(me: Worker, now: number): WorkItem[] {
	return getDb()
		.select({ id: invitation.id, expiresAt: invitation.expiresAt, respondent: invitation.respondentName, platformId: platform.id, platform: platform.name })
		.from(invitation)
		.innerJoin(assessment, eq(assessment.id, invitation.assessmentId))
		.innerJoin(platform, eq(platform.id, assessment.platformId))
		.where(
			and(
				or(eq(invitation.createdBy, me.id), eq(assessment.createdBy, me.id)),
				isNull(invitation.submittedAt),
				isNull(invitation.revokedAt),
				isNull(invitation.replacedById),
				eq(assessment.state, 'draft'),
				gt(invitation.expiresAt, now),
				lte(invitation.expiresAt, now + EXPIRY_WARNING_MS)
			)
		)
		.orderBy(asc(invitation.expiresAt), asc(invitation.id))
		.all()
		.map((r) => ({
			key: `i${r.id}`,
			href: `/platforms/${r.platformId}`,
			title: r.platform,
			why: `${r.respondent}’s link expires ${within(r.expiresAt, now)}, unanswered`,
			urgent: r.expiresAt - now < DAY
		}));
}
