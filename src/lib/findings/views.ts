// What pages show of findings: the list item and the counts, shared by the
// server's readers and the components (browser-safe).
import { OPEN_FINDING_STATUSES, type FindingOrigin, type FindingSeverity, type FindingStatus } from './vocabulary';

export interface FindingItem {
	id: number;
	platformId: number;
	assessmentId: number | null;
	title: string;
	severity: FindingSeverity;
	/** Effective: an acceptance past its expiry reads `open`. */
	status: FindingStatus;
	origin: FindingOrigin;
	dueOn: string | null;
	overdue: boolean;
	ownerName: string | null;
	internalOwner: string | null;
	acceptanceExpiresOn: string | null;
	/** Whether it reads open because its acceptance ran out (no write has noticed yet). */
	acceptanceLapsed: boolean;
	questionIds: string[];
	version: number;
	createdAt: number;
	closedAt: number | null;
}

export interface FindingCounts {
	/** Still owed (open, sent, remediated), by severity. */
	open: Record<FindingSeverity, number>;
	/** Awaiting triage. */
	proposed: number;
	overdue: number;
	/** Accepted and not yet expired. */
	accepted: number;
	/** Verified or dismissed. */
	closed: number;
}

const OWED: readonly FindingStatus[] = OPEN_FINDING_STATUSES.filter((s) => s !== 'proposed');

export function countsOf(items: readonly Pick<FindingItem, 'status' | 'severity' | 'overdue'>[]): FindingCounts {
	const counts: FindingCounts = { open: { critical: 0, high: 0, medium: 0, low: 0 }, proposed: 0, overdue: 0, accepted: 0, closed: 0 };
	for (const f of items) {
		if (OWED.includes(f.status)) counts.open[f.severity]++;
		else if (f.status === 'proposed') counts.proposed++;
		else if (f.status === 'accepted') counts.accepted++;
		else counts.closed++;
		if (f.overdue) counts.overdue++;
	}
	return counts;
}

