// Which status a finding may move to from which: the one table every module
// that moves a finding checks (triage, acceptance, remediation), written as
// data so a page can offer exactly the moves the server will take.
import type { FindingStatus } from './vocabulary';

export const FINDING_TRANSITIONS: Readonly<Record<FindingStatus, readonly FindingStatus[]>> = Object.freeze({
	// Confirmed, or dismissed (also when merged into another).
	proposed: ['open', 'dismissed'],
	// Sent to the platform, accepted as a risk, or dismissed (a merge folds open findings too).
	open: ['sent', 'accepted', 'dismissed'],
	// The platform answers it; or the request is withdrawn; or it is accepted instead of fixed.
	sent: ['remediated', 'open', 'accepted'],
	// An analyst verifies the fix, or reopens it with a reason.
	remediated: ['verified', 'open'],
	// Reopened when the acceptance runs out (or is withdrawn).
	accepted: ['open'],
	// Closed for good: a new weakness is a new finding.
	verified: [],
	dismissed: []
});

export function canMove(from: FindingStatus, to: FindingStatus): boolean {
	return FINDING_TRANSITIONS[from].includes(to);
}

/** Statuses a finding is closed in: it asks nothing of anyone (an acceptance until its expiry). */
export const CLOSED_STATUSES: readonly FindingStatus[] = ['verified', 'accepted', 'dismissed'];

/** Who may accept a finding of each severity as a risk: analysts the milder two, admins all. */
export function mayAccept(role: 'admin' | 'analyst' | 'committee', severity: 'critical' | 'high' | 'medium' | 'low'): boolean {
	if (role === 'admin') return true;
	return role === 'analyst' && (severity === 'medium' || severity === 'low');
}

/** The longest an acceptance may run, in months from the day it is given. */
export const MAX_ACCEPTANCE_MONTHS = 12;
