// The findings forms' schemas, shared by the actions and the browser: each
// refusal names its field. Dates are checked for shape here; whether they
// are in range (not past, at most a year on) is the domain's rule, judged
// against the day the transaction runs.
import { z } from 'zod';
import { isDay } from '../findings/dates';
import { FINDING_SEVERITIES } from '../findings/vocabulary';
import { controlCharactersMessage, hasControlCharacters } from './text';

const line = (what: string, max: number, required: string | null) =>
	z
		.string()
		.trim()
		.max(max, `${what} has at most ${max.toLocaleString('en')} characters.`)
		.default('')
		.refine((s) => required === null || s.length > 0, required ?? '')
		.refine((s) => !hasControlCharacters(s), controlCharactersMessage(what));

const prose = (what: string, max: number, required: string | null) =>
	z
		.string()
		.trim()
		.max(max, `${what} has at most ${max.toLocaleString('en')} characters.`)
		.default('')
		.refine((s) => required === null || s.length > 0, required ?? '')
		.refine((s) => !hasControlCharacters(s, { multiline: true }), controlCharactersMessage(what, { multiline: true }));

const day = (message: string) =>
	z
		.string()
		.trim()
		.default('')
		.refine((s) => s === '' || isDay(s), message)
		.transform((s) => (s === '' ? null : s));

const optionalId = (message: string) =>
	z
		.string()
		.trim()
		.default('')
		.refine((s) => s === '' || /^[1-9]\d{0,15}$/.test(s), message)
		.transform((s) => (s === '' ? null : Number(s)));

export const findingFields = z.object({
	title: line('A title', 200, 'Give the finding a title.'),
	detail: prose('The detail', 4000, null),
	severity: z.enum(FINDING_SEVERITIES, { error: 'Choose a severity: critical, high, medium or low.' }),
	ownerName: line('The platform owner’s name', 120, null),
	ownerEmail: z
		.string()
		.trim()
		.toLowerCase()
		.max(254, 'An email address has at most 254 characters.')
		.default('')
		.refine((s) => s === '' || z.email().safeParse(s).success, 'Enter a valid email address, like name@example.com (or leave it empty).'),
	internalOwnerId: optionalId('Choose the internal owner from the list.'),
	dueOn: day('Enter the due date as YYYY-MM-DD.')
});
export type FindingFields = z.infer<typeof findingFields>;

const UNVERSIONED = 'This form does not say which version of the finding it was opened at, so nothing was saved. Reload the page.';
export const version = z.coerce.number({ error: UNVERSIONED }).int(UNVERSIONED).min(1, UNVERSIONED);

export const editInput = findingFields.extend({ version });

/** A new finding: on a question of the platform's latest final assessment, or (no question) on the platform as a whole. */
export const newInput = findingFields.extend({
	questionId: z
		.string()
		.trim()
		.max(64, 'Choose a question from the list.')
		.default('')
		.refine((s) => s === '' || /^[a-z0-9][a-z0-9._-]{0,63}$/.test(s), 'Choose a question from the list.')
		.transform((s) => (s === '' ? null : s))
});

export const confirmInput = z.object({ dueOn: day('Enter the due date as YYYY-MM-DD.'), version });

export const dismissInput = z.object({ reason: prose('A reason', 2000, 'Say why this is not a finding: a reason is required to dismiss it.'), version });

export const acceptInput = z.object({
	rationale: prose('The rationale', 4000, 'Say why the risk is accepted: a rationale is required.'),
	expiresOn: z
		.string()
		.trim()
		.default('')
		.refine((s) => s !== '', 'Choose the day the acceptance ends: an expiry date is required.')
		.refine((s) => s === '' || isDay(s), 'Enter the expiry date as YYYY-MM-DD.'),
	version
});

/** Finding ids chosen with checkboxes (confirm several, merge). */
export const chosenIds = z.array(z.string().regex(/^[1-9]\d{0,15}$/, 'Choose findings from the list.').transform(Number));
