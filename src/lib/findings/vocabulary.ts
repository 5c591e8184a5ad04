// The words of findings, remediation, risk acceptances and conditions, defined
// once: the database schema, the server's rules and the pages take them from
// here (browser-safe, no server imports).

/** Most severe first; the order is the one lists and counts use. */
export const FINDING_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/**
 * A finding's life:
 * - `proposed`: Clearance proposed it when the assessment was finalised; an
 *   analyst confirms (→ open), edits, merges or dismisses it.
 * - `open`: work the platform owes; nobody has asked them yet, or it was
 *   reopened (a fix refused, an acceptance expired).
 * - `sent`: in a remediation request the platform can answer.
 * - `remediated`: the platform says it is fixed; waiting for an analyst to verify.
 * - `verified`: an analyst checked the fix; closed, the evidence kept.
 * - `accepted`: accepted as a risk until an expiry date, then open again.
 * - `dismissed`: not a finding after all (a reason is required), or merged into another.
 */
export const FINDING_STATUSES = ['proposed', 'open', 'sent', 'remediated', 'verified', 'accepted', 'dismissed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Statuses that still ask something of someone. */
export const OPEN_FINDING_STATUSES = ['proposed', 'open', 'sent', 'remediated'] as const satisfies readonly FindingStatus[];

/** How a finding came to be. */
export const FINDING_ORIGINS = ['proposed', 'manual'] as const;
export type FindingOrigin = (typeof FINDING_ORIGINS)[number];

/** Days from confirmation to the default due date, by severity. */
export const DEFAULT_DUE_DAYS: Readonly<Record<FindingSeverity, number>> = { critical: 14, high: 30, medium: 90, low: 180 };

/** A condition of an "approve with conditions" decision. */
export const CONDITION_STATUSES = ['open', 'closed'] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

/** Why a condition closed: its findings all closed, or the chair or an admin signed it off. */
export const CONDITION_CLOSINGS = ['findings_closed', 'signed_off'] as const;
export type ConditionClosing = (typeof CONDITION_CLOSINGS)[number];

/** Kinds of entries in a finding's history. */
export const FINDING_EVENT_KINDS = [
	'proposed',
	'created',
	'confirmed',
	'edited',
	'merged',
	'dismissed',
	'sent',
	'responded',
	'remediated',
	'verified',
	'reopened',
	'accepted',
	'acceptance_expired'
] as const;
export type FindingEventKind = (typeof FINDING_EVENT_KINDS)[number];

/** Who can be behind a history entry: staff, the platform's respondent, or Clearance itself (proposals, expiries). */
export const FINDING_ACTOR_KINDS = ['user', 'respondent', 'system'] as const;
export type FindingActorKind = (typeof FINDING_ACTOR_KINDS)[number];

/** `YYYY-MM-DD` of a moment, in UTC, the calendar every date in Clearance is kept in. */
export function dayOf(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/**
 * What a finding's status is on `today`: an acceptance past its expiry is open
 * again without anyone saving anything, so every reader (pages, counts,
 * exports) and every write agrees on it from the day after the expiry.
 */
export function effectiveStatus(
	finding: { status: FindingStatus; acceptanceExpiresOn: string | null },
	today: string
): FindingStatus {
	if (finding.status === 'accepted' && finding.acceptanceExpiresOn !== null && finding.acceptanceExpiresOn < today) return 'open';
	return finding.status;
}

/** Overdue: still owed and its due date has passed. */
export function isOverdue(finding: { status: FindingStatus; dueOn: string | null; acceptanceExpiresOn: string | null }, today: string): boolean {
	const status = effectiveStatus(finding, today);
	return (OPEN_FINDING_STATUSES as readonly FindingStatus[]).includes(status) && status !== 'proposed' && finding.dueOn !== null && finding.dueOn < today;
}
