// Reading findings across the portfolio: counts by severity, the due and
// waiting lists of the dashboard and the work queues, the /findings list and
// the exports. A finding is open by effectiveStatus (findings/vocabulary.ts);
// the SQL below says the same thing, so counts read indexes instead of
// loading every finding (50,000 on the bench).
import { and, asc, count, eq, gte, inArray, lt, lte, or, type SQL } from 'drizzle-orm';
import { getDb } from '../db/index';
import { finding, platform } from '../db/schema';
import { OPEN_FINDING_STATUSES, type FindingSeverity } from '../../findings/vocabulary';

/** Open today, by effectiveStatus: an open status, or an acceptance that ran out before `today`. */
export function openOn(today: string): SQL {
	return or(inArray(finding.status, [...OPEN_FINDING_STATUSES]), and(eq(finding.status, 'accepted'), lt(finding.acceptanceExpiresOn, today)))!;
}

/**
 * Owed with a due date by `horizon`: confirmed (not proposed), open today.
 * Two index ranges of findings_due_idx (status, due_on): the open statuses,
 * and acceptances that ran out.
 */
export function dueBy(today: string, horizon: string): SQL {
	return or(
		and(inArray(finding.status, ['open', 'sent', 'remediated']), lte(finding.dueOn, horizon)),
		and(eq(finding.status, 'accepted'), lte(finding.dueOn, horizon), lt(finding.acceptanceExpiresOn, today))
	)!;
}

/** Acceptances holding today that run out by `horizon`. */
export function expiringBy(today: string, horizon: string): SQL {
	return and(eq(finding.status, 'accepted'), gte(finding.acceptanceExpiresOn, today), lte(finding.acceptanceExpiresOn, horizon))!;
}

export type SeverityCounts = Partial<Record<FindingSeverity, number>>;

/** Each platform's open findings by severity (findings_platform_idx). */
export function openBySeverity(platformIds: number[], today: string): Record<number, SeverityCounts> {
	const out: Record<number, SeverityCounts> = Object.fromEntries(platformIds.map((id) => [id, {}]));
	if (!platformIds.length) return out;
	const rows = getDb()
		.select({ platformId: finding.platformId, severity: finding.severity, n: count() })
		.from(finding)
		.where(and(inArray(finding.platformId, platformIds), openOn(today)))
		.groupBy(finding.platformId, finding.severity)
		.all();
	for (const r of rows) out[r.platformId][r.severity] = r.n;
	return out;
}

export interface FindingLine {
	id: number;
	platformId: number;
	platform: string;
	title: string;
	severity: FindingSeverity;
	status: (typeof finding.$inferSelect)['status'];
	dueOn: string | null;
	acceptanceExpiresOn: string | null;
}

const line = {
	id: finding.id,
	platformId: finding.platformId,
	platform: platform.name,
	title: finding.title,
	severity: finding.severity,
	status: finding.status,
	dueOn: finding.dueOn,
	acceptanceExpiresOn: finding.acceptanceExpiresOn
};

/** The first `limit` findings matching `where`, by `order`, and how many match in all. */
export function findingLines(where: SQL, order: 'due' | 'expiry', limit: number): { rows: FindingLine[]; total: number } {
	const db = getDb();
	const rows = db
		.select(line)
		.from(finding)
		.innerJoin(platform, eq(platform.id, finding.platformId))
		.where(where)
		.orderBy(order === 'due' ? asc(finding.dueOn) : asc(finding.acceptanceExpiresOn), asc(finding.id))
		.limit(limit)
		.all();
	const total = rows.length < limit ? rows.length : db.select({ n: count() }).from(finding).where(where).get()!.n;
	return { rows, total };
}
