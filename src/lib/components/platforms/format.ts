// How platform and assessment figures read on screen, the same on every page.

/** A timestamp as its UTC calendar date, the form every date in Clearance takes. */
export const date = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().slice(0, 10) : '—');

/** Scores are 0–100; one decimal is as precise as the method deserves. */
export const score = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(1));

/** Coverage is stored as a share, 0–1. */
export const coverage = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`);

/** Reassessment is due within this many days: early enough to schedule the work. */
export const DUE_SOON_DAYS = 60;

export type Due = 'overdue' | 'soon' | 'current' | 'none';

/** Where a "valid until" date stands today. */
export function dueState(validUntil: string | null | undefined, now = Date.now()): Due {
	if (!validUntil) return 'none';
	const today = Date.parse(new Date(now).toISOString().slice(0, 10));
	const days = (Date.parse(validUntil) - today) / 86_400_000;
	if (days < 0) return 'overdue';
	if (days <= DUE_SOON_DAYS) return 'soon';
	return 'current';
}

export const STATE_LABELS = { draft: 'Draft', in_review: 'In review', final: 'Final' } as const;

export const ASSURANCE_LABELS = { claimed: 'Claimed', evidenced: 'Evidenced', verified: 'Verified' } as const;

/** Why a knock-out question capped the grade, as the end of a sentence. */
export const KNOCKOUT_REASONS = { unanswered: 'unanswered', below: 'below the minimum' } as const;
