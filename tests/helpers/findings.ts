// Open findings for a platform, written straight into the table: the
// findings core (proposals, triage) is built apart from remediation, which
// only needs findings that are open and owed.
import { eq } from 'drizzle-orm';
import { getDb, write } from '../../src/lib/server/db/index';
import { finding, findingEvent, type Finding } from '../../src/lib/server/db/schema';
import type { FindingSeverity } from '../../src/lib/findings/vocabulary';

export interface OpenFinding {
	title: string;
	severity?: FindingSeverity;
	detail?: string;
	dueOn?: string | null;
}

/** Insert open findings for `platformId`, each with the history step that created it. */
export function openFindings(platformId: number, items: OpenFinding[]): Finding[] {
	return write((tx) => {
		const now = Date.now();
		return items.map((item) => {
			const row = tx
				.insert(finding)
				.values({
					platformId,
					title: item.title,
					detail: item.detail ?? null,
					severity: item.severity ?? 'high',
					status: 'open',
					origin: 'manual',
					dueOn: item.dueOn === undefined ? '2027-01-31' : item.dueOn,
					createdAt: now,
					updatedAt: now
				})
				.returning()
				.get();
			tx.insert(findingEvent).values({ findingId: row.id, at: now, kind: 'created', actorKind: 'system', toStatus: 'open' }).run();
			return row;
		});
	});
}

export function findingRow(id: number): Finding {
	return getDb().select().from(finding).where(eq(finding.id, id)).get()!;
}
