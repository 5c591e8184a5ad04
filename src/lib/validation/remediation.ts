// Form schemas for remediation requests, shared by the server's actions and
// the browser: sending findings, the respondent's answer, a reopen's reason.
import { z } from 'zod';
import { email } from './users';
import { controlCharactersMessage, hasControlCharacters } from './text';

export const MAX_PLAN = 4000;
export const MAX_MESSAGE = 2000;
export const MAX_REASON = 2000;
export const MAX_EXPIRY_DAYS = 30;

const oneLine = (what: string, max: number, missing: string) =>
	z
		.string({ error: missing })
		.trim()
		.min(1, missing)
		.max(max, `${what} has at most ${max} characters.`)
		.refine((s) => !hasControlCharacters(s), controlCharactersMessage(what));

const prose = (what: string, max: number) =>
	z
		.string()
		.trim()
		.max(max, `${what} has at most ${max.toLocaleString('en-GB')} characters.`)
		.default('')
		.refine((s) => !hasControlCharacters(s, { multiline: true }), controlCharactersMessage(what, { multiline: true }));

const FROM_THE_LIST = 'Choose findings from the list.';

export const sendInput = z.object({
	findings: z.array(z.coerce.number({ error: FROM_THE_LIST }).int(FROM_THE_LIST).positive(FROM_THE_LIST)).min(1, 'Choose at least one open finding to send.'),
	respondentName: oneLine('A name', 120, 'Enter who will answer.'),
	respondentEmail: email,
	message: prose('A message', MAX_MESSAGE),
	expiresInDays: z.coerce.number({ error: 'Enter a number of days.' }).int('Enter whole days.').min(1, 'At least 1 day.').max(MAX_EXPIRY_DAYS, `At most ${MAX_EXPIRY_DAYS} days.`)
});

/** A real calendar day as YYYY-MM-DD (2027-02-30 is not one). */
function isDay(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const responseInput = z.object({
	plan: z
		.string({ error: 'Describe the plan to fix this.' })
		.trim()
		.min(1, 'Describe the plan to fix this (what you will change, and how it can be checked).')
		.max(MAX_PLAN, `A plan has at most ${MAX_PLAN.toLocaleString('en-GB')} characters.`)
		.refine((s) => !hasControlCharacters(s, { multiline: true }), controlCharactersMessage('A plan', { multiline: true })),
	targetOn: z
		.string()
		.trim()
		.default('')
		.refine((s) => s === '' || isDay(s), 'Enter the target date as YYYY-MM-DD, e.g. 2027-03-31, or leave it empty.')
		.transform((s) => s || null),
	version: z.coerce.number({ error: 'Reload the page and try again.' }).int('Reload the page and try again.').min(0, 'Reload the page and try again.')
});

export const reopenInput = z.object({
	reason: z
		.string({ error: 'Say why the fix does not hold.' })
		.trim()
		.min(1, 'Say why the fix does not hold; the platform and the history keep the reason.')
		.max(MAX_REASON, `A reason has at most ${MAX_REASON.toLocaleString('en-GB')} characters.`)
		.refine((s) => !hasControlCharacters(s, { multiline: true }), controlCharactersMessage('A reason', { multiline: true }))
});

export const verifyInput = z.object({ note: prose('A note', MAX_REASON) });

/** Each field's first problem, by the field's name. */
export function remediationErrors(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) out[String(issue.path[0] ?? 'form')] ??= issue.message;
	return out;
}
