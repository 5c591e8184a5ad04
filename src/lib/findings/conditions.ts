// What a condition of an "approve with conditions" decision is, as every
// reader and writer sees it (browser-safe): the form's fields, and the one
// rule for whether a condition still holds, so the review, the memo, the
// platform page, the dashboard and the closing write never disagree.
import { z } from 'zod';
import { controlCharactersMessage, hasControlCharacters } from '../validation/text';
import { effectiveStatus, type ConditionClosing, type FindingSeverity, type FindingStatus } from './vocabulary';

export const CONDITION_LIMITS = { text: 2_000, note: 2_000, perCandidate: 10 } as const;

/** Statuses in which a finding asks nothing more: fixed and checked, accepted (while it holds), or not a finding. */
export const CLOSED_FINDING_STATUSES = ['verified', 'accepted', 'dismissed'] as const satisfies readonly FindingStatus[];

export function isFindingClosed(finding: { status: FindingStatus; acceptanceExpiresOn: string | null }, today: string): boolean {
	return (CLOSED_FINDING_STATUSES as readonly FindingStatus[]).includes(effectiveStatus(finding, today));
}

/** A real calendar day written YYYY-MM-DD (Date.parse alone reads 2099-02-30 as 2 March). */
export function isDay(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const ms = Date.parse(`${value}T00:00:00Z`);
	return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** One condition as the chair writes it: what the platform must do, by when, and the findings it waits on. */
export const conditionInput = z.object({
	text: z
		.string({ error: 'Write the condition.' })
		.trim()
		.min(1, 'Write the condition.')
		.max(CONDITION_LIMITS.text, `A condition has at most ${CONDITION_LIMITS.text.toLocaleString('en')} characters.`)
		.refine((s) => !hasControlCharacters(s, { multiline: true }), controlCharactersMessage('A condition', { multiline: true })),
	dueOn: z.string({ error: 'Enter the due date as YYYY-MM-DD.' }).trim().refine(isDay, 'Enter the due date as YYYY-MM-DD.'),
	findingIds: z.array(z.coerce.number().int().positive('Choose findings from the list.')).max(50, 'A condition waits on at most 50 findings.').default([])
});
export type ConditionInput = z.infer<typeof conditionInput>;

/** The chair's or an admin's sign-off: a note saying why the condition is met. */
export const signOffInput = z.object({
	condition: z.coerce.number({ error: 'Choose the condition to sign off.' }).int().positive('Choose the condition to sign off.'),
	version: z.coerce.number({ error: 'Reload the page and sign off again.' }).int().positive('Reload the page and sign off again.'),
	note: z
		.string({ error: 'Say why the condition is met.' })
		.trim()
		.min(1, 'Say why the condition is met.')
		.max(CONDITION_LIMITS.note, `A note has at most ${CONDITION_LIMITS.note.toLocaleString('en')} characters.`)
		.refine((s) => !hasControlCharacters(s, { multiline: true }), controlCharactersMessage('A note', { multiline: true }))
});

export interface LinkedFinding {
	id: number;
	title: string;
	severity: FindingSeverity;
	status: FindingStatus;
	acceptanceExpiresOn: string | null;
}

/** Where a condition stands today. */
export interface ConditionState {
	open: boolean;
	/** Why it closed; null while open. */
	closedHow: ConditionClosing | null;
	overdue: boolean;
}

/**
 * A condition signed off stays closed; one that waits on findings is closed
 * exactly while all of them are (a finding reopened, or an acceptance run
 * out, opens it again); one of free text stays open until signed off.
 */
export function conditionState(condition: { closedHow: ConditionClosing | null; dueOn: string }, findings: readonly LinkedFinding[], today: string): ConditionState {
	if (condition.closedHow === 'signed_off') return { open: false, closedHow: 'signed_off', overdue: false };
	if (findings.length > 0 && findings.every((f) => isFindingClosed(f, today))) return { open: false, closedHow: 'findings_closed', overdue: false };
	return { open: true, closedHow: null, overdue: condition.dueOn < today };
}

/** Open findings by severity, most severe first: "2 critical · 1 high", or "none open". */
export function severityCounts(counts: Partial<Record<FindingSeverity, number>> | undefined): string {
	const parts = (['critical', 'high', 'medium', 'low'] as const).filter((s) => (counts?.[s] ?? 0) > 0).map((s) => `${counts![s]} ${s}`);
	return parts.length ? parts.join(' · ') : 'none open';
}
