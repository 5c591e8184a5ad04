// The steps a finding takes through remediation, written as data so the rule
// reads in one place; each move checks the finding's status as read in the
// caller's transaction, changes it and appends the history step there too.
// (The findings folder will own the one move function for every status; this
// one is remediation's part of it until the two meet.)
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/index';
import { finding, type Finding } from '../db/schema';
import { Conflict } from '../errors';
import { recordStep, type FindingStep } from '../findings';
import type { FindingEventKind, FindingStatus } from '../../findings/vocabulary';

/** from → to → the kind of history step it is. */
export const REMEDIATION_MOVES: Readonly<Partial<Record<FindingStatus, Partial<Record<FindingStatus, FindingEventKind>>>>> = {
	// Sent to the platform (again, after a reopen).
	open: { sent: 'sent' },
	// The platform marks it done; or the analyst takes it back (withdrawn from the request, or the link revoked).
	sent: { remediated: 'remediated', open: 'reopened' },
	// The analyst checks the fix: closed, or open again with a reason.
	remediated: { verified: 'verified', open: 'reopened' }
};

/** Whether remediation may move a finding from one status to the other. */
export function canMove(from: FindingStatus, to: FindingStatus): boolean {
	return REMEDIATION_MOVES[from]?.[to] !== undefined;
}

/**
 * Move one finding, read in this transaction, to `to`; throws a 409 naming
 * the status it is in when the move is not allowed from there. `version`
 * rises and `closedAt` is set or cleared with the status.
 */
export function moveFinding(tx: Tx, row: Finding, to: FindingStatus, step: Pick<FindingStep, 'by' | 'note' | 'details' | 'at'>, refusal: string): Finding {
	const kind = REMEDIATION_MOVES[row.status]?.[to];
	if (!kind) throw new Conflict('finding', refusal);
	const moved = tx
		.update(finding)
		.set({ status: to, version: row.version + 1, updatedAt: step.at, closedAt: to === 'verified' ? step.at : null })
		// The version guards against a change this transaction did not read (it cannot happen under the lock, but costs nothing).
		.where(and(eq(finding.id, row.id), eq(finding.version, row.version)))
		.returning()
		.get();
	if (!moved) throw new Conflict('finding', refusal);
	recordStep(tx, { findingId: row.id, kind, from: row.status, to, ...step });
	return moved;
}
