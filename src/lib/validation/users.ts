// Form schemas for accounts, shared by server actions and the browser.
import { z } from 'zod';
import { formProblem, type FormProblem } from './form';
import { controlCharactersMessage, hasControlCharacters } from './text';

export const ROLE_OPTIONS = [
	{ value: 'analyst', label: 'Analyst', hint: 'assesses platforms and maintains questionnaires' },
	{ value: 'committee', label: 'Committee', hint: 'compares candidates and records decisions' },
	{ value: 'admin', label: 'Admin', hint: 'manages users and reads the audit trail' }
] as const;

const roles = ['admin', 'analyst', 'committee'] as const;

export const email = z
	.string({ error: 'Enter an email address.' })
	.trim()
	.toLowerCase()
	.max(254, 'An email address has at most 254 characters.')
	.pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

/** Lengths in characters (code points), as NIST SP 800-63B counts them. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export const password = z
	.string({ error: 'Enter a password.' })
	// A cheap bound first: counting code points of a megabyte would stall the server.
	.max(4 * PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
	.refine((p) => [...p].length >= PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
	.refine((p) => [...p].length <= PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`);

export const displayName = z
	.string({ error: 'Enter a name.' })
	.trim()
	.min(1, 'Enter a name.')
	.max(120, 'A name has at most 120 characters.')
	.refine((s) => !hasControlCharacters(s), controlCharactersMessage('A name'));

export const role = z.enum(roles, { error: 'Choose one of: admin, analyst, committee.' });

export const newUser = z.object({ email, name: displayName, role, password });

export const changeRole = z.object({
	userId: z.coerce.number({ error: 'Unknown user.' }).int().positive('Unknown user.'),
	role
});

/** Re-authentication: sensitive changes ask for the password again in the same form. */
export const currentPassword = z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.');

export const changePassword = z
	.object({
		currentPassword,
		newPassword: password,
		confirmPassword: z.string({ error: 'Repeat the new password.' })
	})
	.refine((v) => v.newPassword === v.confirmPassword, {
		path: ['confirmPassword'],
		message: 'The two new passwords differ.'
	});

export type FieldErrors = Record<string, string>;

/** First message per field, keyed by the field's name in the form. */
export function fieldErrors(error: z.ZodError): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of error.issues) {
		const key = issue.path.length ? issue.path.join('.') : 'form';
		out[key] ??= issue.message;
	}
	return out;
}

/** FormData → plain object; a field given twice, or a file among the text, is a `problem`, not a silent pick. */
export function formFields(data: FormData): { fields: Record<string, string>; problem: FormProblem | null } {
	const fields: Record<string, string> = Object.create(null);
	for (const [key, value] of data) if (typeof value === 'string') fields[key] = value;
	return { fields, problem: formProblem(data) };
}
