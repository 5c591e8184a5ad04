// Reading conditions with the findings they wait on, and their state today
// by the one rule (findings/conditions.ts): what the review, the memo, the
// platform page and the dashboard show, and what a write checks.
import { and, asc, eq, inArray, lte, type SQL } from 'drizzle-orm';
import { getDb, type Tx } from '../db/index';
import { condition, conditionFinding, finding, platform, review, user, type ConditionStatus } from '../db/schema';
import { conditionState, type ConditionState, type LinkedFinding } from '../../findings/conditions';
import type { ConditionClosing } from '../../findings/vocabulary';

export interface ConditionView {
	id: number;
	reviewId: number;
	reviewTitle: string;
	platformId: number;
	platformName: string;
	text: string;
	dueOn: string;
	/** As stored: a write records a closing by findings; the state below is what holds today. */
	status: ConditionStatus;
	version: number;
	state: ConditionState;
	findings: LinkedFinding[];
	closedAt: number | null;
	closedBy: string | null;
	closingNote: string | null;
	createdAt: number;
}

type Reader = Pick<Tx, 'select'>;

/** The findings each condition waits on, in one read. */
export function linkedFindings(db: Reader, conditionIds: number[]): Map<number, LinkedFinding[]> {
	const links = new Map<number, LinkedFinding[]>(conditionIds.map((id) => [id, []]));
	if (!conditionIds.length) return links;
	const rows = db
		.select({
			conditionId: conditionFinding.conditionId,
			id: finding.id,
			title: finding.title,
			severity: finding.severity,
			status: finding.status,
			acceptanceExpiresOn: finding.acceptanceExpiresOn
		})
		.from(conditionFinding)
		.innerJoin(finding, eq(finding.id, conditionFinding.findingId))
		.where(inArray(conditionFinding.conditionId, conditionIds))
		.orderBy(asc(finding.id))
		.all();
	for (const { conditionId, ...f } of rows) links.get(conditionId)!.push(f);
	return links;
}

/** Conditions matching `where`, with their findings and state on `today`, by due date. */
export function conditionsWhere(db: Reader, where: SQL | undefined, today: string, limit?: number): ConditionView[] {
	const query = db
		.select({
			c: condition,
			reviewTitle: review.title,
			platformName: platform.name,
			closedByName: user.name
		})
		.from(condition)
		.innerJoin(review, eq(review.id, condition.reviewId))
		.innerJoin(platform, eq(platform.id, condition.platformId))
		.leftJoin(user, eq(user.id, condition.closedBy))
		.where(where)
		.orderBy(asc(condition.dueOn), asc(condition.id));
	const rows = limit === undefined ? query.all() : query.limit(limit).all();
	const links = linkedFindings(db, rows.map((r) => r.c.id));
	return rows.map(({ c, reviewTitle, platformName, closedByName }) => {
		const findings = links.get(c.id) ?? [];
		return {
			id: c.id,
			reviewId: c.reviewId,
			reviewTitle,
			platformId: c.platformId,
			platformName,
			text: c.text,
			dueOn: c.dueOn,
			status: c.status,
			version: c.version,
			state: conditionState({ closedHow: c.closedHow as ConditionClosing | null, dueOn: c.dueOn }, findings, today),
			findings,
			closedAt: c.closedAt,
			closedBy: closedByName,
			closingNote: c.closingNote,
			createdAt: c.createdAt
		};
	});
}

export const today = (now = Date.now()) => new Date(now).toISOString().slice(0, 10);

/** A review's conditions, every candidate's. */
export function forReview(reviewId: number, now = Date.now()): ConditionView[] {
	return conditionsWhere(getDb(), eq(condition.reviewId, reviewId), today(now));
}

/** A platform's conditions, from every review that set any. */
export function forPlatform(platformId: number, now = Date.now()): ConditionView[] {
	return conditionsWhere(getDb(), eq(condition.platformId, platformId), today(now));
}

/**
 * Conditions still open today, by due date, up to `horizon` (YYYY-MM-DD) when
 * given: the stored status narrows the read through conditions_due_idx, and
 * the rule drops those whose findings have all closed since the last write.
 * `chairId` keeps those of reviews that user chairs.
 */
export function openConditions(options: { horizon?: string; chairId?: number; now?: number } = {}): ConditionView[] {
	const day = today(options.now);
	const filters: SQL[] = [eq(condition.status, 'open')];
	if (options.horizon !== undefined) filters.push(lte(condition.dueOn, options.horizon));
	if (options.chairId !== undefined) filters.push(eq(review.createdBy, options.chairId));
	return conditionsWhere(getDb(), and(...filters), day).filter((c) => c.state.open);
}
