// A finding's row as every write sees it: read under the write lock, an
// acceptance past its expiry turned back into an open finding (with the
// history saying when), and moved between statuses only as the transition
// table allows. Remediation and conditions move findings through these too.
import { and, eq, lt } from 'drizzle-orm';
import { canMove, CLOSED_STATUSES } from '../../findings/transitions';
import { dayOf, type FindingEventKind, type FindingStatus } from '../../findings/vocabulary';
import { DomainError } from '../errors';
import type { Tx } from '../db/index';
import { write } from '../db/index';
import { finding, type Finding } from '../db/schema';
import { record, type Actor } from '../audit';
import { settleForFindings } from '../conditions';
import { recordStep, type FindingStep } from './history';

export class FindingError extends DomainError {}

/** Who changed it meanwhile, for a stale form: refused with 409 and the other change. */
export class FindingConflict extends FindingError {
	constructor(
		readonly current: Finding,
		readonly by: string | null
	) {
		super('version', `${by ?? 'Someone'} changed this finding after you opened it, so nothing was saved. The form shows their values beside yours: check them, then save again.`, 409);
	}
}

/** Clearance itself, for the audit entries of what happens by the calendar (an acceptance running out). */
export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

/** A finding read under the caller's write lock, or a 404. */
export function mustRead(tx: Tx, id: number): Finding {
	const row = Number.isSafeInteger(id) && id > 0 ? tx.select().from(finding).where(eq(finding.id, id)).get() : undefined;
	if (!row) throw new FindingError('id', 'There is no such finding.', 404);
	return row;
}

/**
 * When `row` is an acceptance past its expiry, make it open again, with the
 * `acceptance_expired` step by the system dated the day after the expiry:
 * the day it really reopened, whenever a write first notices. Returns the
 * row as it stands now. Every write that touches a finding calls this first.
 */
export function lapse(tx: Tx, row: Finding, now: number): Finding {
	const today = dayOf(now);
	if (row.status !== 'accepted' || row.acceptanceExpiresOn === null || row.acceptanceExpiresOn >= today) return row;
	// The day it really reopened, but never before the last thing that happened to it (the history reads in order).
	const reopenedAt = Math.max(row.updatedAt, Math.min(now, Date.parse(`${row.acceptanceExpiresOn}T00:00:00Z`) + 86_400_000));
	const updated = tx
		.update(finding)
		.set({ status: 'open', closedAt: null, version: row.version + 1, updatedAt: now })
		.where(and(eq(finding.id, row.id), eq(finding.version, row.version)))
		.returning()
		.get();
	if (!updated) throw new FindingError('version', 'Someone changed this finding meanwhile, so nothing was changed; reload and try again.', 409);
	recordStep(tx, {
		findingId: row.id,
		kind: 'acceptance_expired',
		by: { kind: 'system' },
		from: 'accepted',
		to: 'open',
		note: `The risk acceptance ran out on ${row.acceptanceExpiresOn}.`,
		at: reopenedAt
	});
	settleForFindings(tx, SYSTEM_ACTOR, [row.id], now);
	return updated;
}

export interface Move {
	kind: FindingEventKind;
	by: FindingStep['by'];
	note?: string | null;
	details?: Record<string, unknown> | null;
	/** Other columns that change with the status (a due date, an acceptance…). */
	set?: Partial<Omit<Finding, 'id' | 'status' | 'version'>>;
	at: number;
}

/**
 * Move a finding to `to` inside the caller's transaction, checking the
 * transition table against its status as read there (after any lapsed
 * acceptance reopens it), and append the history step. Returns the new row.
 * The caller records the audit entry (it knows who acts and why).
 */
export function moveFinding(tx: Tx, row: Finding, to: FindingStatus, move: Move): Finding {
	const current = lapse(tx, row, move.at);
	if (!canMove(current.status, to)) {
		throw new FindingError('status', `This finding is ${current.status} now; it cannot become ${to}, so nothing was changed. Reload the page.`, 409);
	}
	const closing = CLOSED_STATUSES.includes(to);
	const updated = tx
		.update(finding)
		.set({ ...move.set, status: to, closedAt: closing ? move.at : null, version: current.version + 1, updatedAt: move.at })
		.where(and(eq(finding.id, current.id), eq(finding.version, current.version)))
		.returning()
		.get();
	if (!updated) throw new FindingError('version', 'Someone changed this finding meanwhile, so nothing was changed; reload and try again.', 409);
	recordStep(tx, { findingId: current.id, kind: move.kind, by: move.by, from: current.status, to, note: move.note, details: move.details, at: move.at });
	// A condition waiting on this finding closes (or opens again) with it, in
	// the same transaction: a consequence of the rule, so Clearance records it.
	if (CLOSED_STATUSES.includes(to) !== CLOSED_STATUSES.includes(current.status)) settleForFindings(tx, SYSTEM_ACTOR, [current.id], move.at);
	return updated;
}

/**
 * Reopen every acceptance past its expiry, each with its history step and an
 * audit entry by the system; for a scheduler (readers need not wait for it:
 * effectiveStatus already reads them open). Returns the reopened ids.
 */
export function sweepLapsedAcceptances(now = Date.now()): number[] {
	return write((tx) => {
		const lapsed = tx
			.select()
			.from(finding)
			.where(and(eq(finding.status, 'accepted'), lt(finding.acceptanceExpiresOn, dayOf(now))))
			.all();
		for (const row of lapsed) {
			lapse(tx, row, now);
			record(tx, SYSTEM_ACTOR, { action: 'finding.acceptance_expired', entityType: 'finding', entityId: row.id, details: { expiredOn: row.acceptanceExpiresOn, from: 'accepted', to: 'open' } });
		}
		return lapsed.map((r) => r.id);
	});
}
