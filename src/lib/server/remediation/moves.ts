// The steps a finding takes through remediation, written as data so the rule
// reads in one place; each move checks the finding's status as read in the
// caller's transaction, changes it and appends the history step there too.
// The findings folder owns the move itself; this is the part of its table
// that remediation takes, and the history step each of those moves is.
import type { Tx } from '../db/index';
import type { Finding } from '../db/schema';
import { Conflict } from '../errors';
import * as findings from '../findings';
import type { FindingStep } from '../findings';
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
 * Move one finding, read in this transaction, to `to` through the findings
 * folder's one move (its transition table, version check and history step);
 * a move remediation does not take from the finding's status is refused
 * first, with remediation's own words for why.
 */
export function moveFinding(tx: Tx, row: Finding, to: FindingStatus, step: Pick<FindingStep, 'by' | 'note' | 'details' | 'at'>, refusal: string): Finding {
	const kind = REMEDIATION_MOVES[row.status]?.[to];
	if (!kind) throw new Conflict('finding', refusal);
	return findings.moveFinding(tx, row, to, { kind, ...step });
}
