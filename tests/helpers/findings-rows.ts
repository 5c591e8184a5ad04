// Findings rows written straight into the schema, for tests of the pages and
// rules that read findings (conditions, the dashboard, queues, exports)
// without going through the findings pages' own workflow.
import { eq } from 'drizzle-orm';
import { write } from '../../src/lib/server/db/index';
import { finding, findingQuestion, type FindingSeverity, type FindingStatus } from '../../src/lib/server/db/schema';
import { recordStep } from '../../src/lib/server/findings';

export interface FindingRow {
	platformId: number;
	title?: string;
	severity?: FindingSeverity;
	status?: FindingStatus;
	dueOn?: string | null;
	acceptanceExpiresOn?: string | null;
	internalOwnerId?: number | null;
	assessmentId?: number | null;
	questions?: string[];
	ownerName?: string | null;
	ownerEmail?: string | null;
}

/** Insert a finding (and its first history step); returns its id. */
export function addFinding(row: FindingRow, now = Date.now()): number {
	return write((tx) => {
		const status = row.status ?? 'open';
		const inserted = tx
			.insert(finding)
			.values({
				platformId: row.platformId,
				assessmentId: row.assessmentId ?? null,
				title: row.title ?? 'A finding',
				severity: row.severity ?? 'high',
				status,
				origin: 'manual',
				dueOn: row.dueOn === undefined ? '2099-12-31' : row.dueOn,
				acceptanceExpiresOn: row.acceptanceExpiresOn ?? null,
				acceptedAt: status === 'accepted' ? now : null,
				internalOwnerId: row.internalOwnerId ?? null,
				ownerName: row.ownerName ?? null,
				ownerEmail: row.ownerEmail ?? null,
				createdAt: now,
				updatedAt: now,
				closedAt: ['verified', 'accepted', 'dismissed'].includes(status) ? now : null
			})
			.returning({ id: finding.id })
			.get();
		for (const questionId of row.questions ?? []) tx.insert(findingQuestion).values({ findingId: inserted.id, questionId }).run();
		recordStep(tx, { findingId: inserted.id, kind: 'created', by: { kind: 'system' }, to: status, at: now });
		return inserted.id;
	});
}

/** Move a finding to `status` as the findings pages would (history appended), without their rules. */
export function setFindingStatus(id: number, status: FindingStatus, extra: { acceptanceExpiresOn?: string | null } = {}, now = Date.now()): void {
	write((tx) => {
		const before = tx.select({ status: finding.status }).from(finding).where(eq(finding.id, id)).get()!;
		tx.update(finding)
			.set({ status, updatedAt: now, ...('acceptanceExpiresOn' in extra ? { acceptanceExpiresOn: extra.acceptanceExpiresOn } : {}) })
			.where(eq(finding.id, id))
			.run();
		recordStep(tx, { findingId: id, kind: status === 'open' ? 'reopened' : status === 'verified' ? 'verified' : status === 'accepted' ? 'accepted' : 'edited', by: { kind: 'system' }, from: before.status, to: status, at: now });
	});
}
