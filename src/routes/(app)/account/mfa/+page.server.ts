import { fail, type RequestEvent } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { requireRole } from '$lib/server/http';
import * as mfa from '$lib/server/auth';
import { qrDataUri, mfaRequiredForEveryone } from '$lib/server/auth';
import { confirmMfa, disableMfa, regenerateRecoveryCodes } from '$lib/validation/mfa';
import { fieldErrors, formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

/** The secret as people copy it by hand: groups of four. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)!.join(' ');

export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	const current = mfa.status(user);
	return {
		status:
			current.state === 'pending'
				? { state: current.state, secret: grouped(current.secret), qr: qrDataUri(current.uri), account: user.email }
				: current,
		required: mfa.mfaRequired(user.role) ? (user.role === 'admin' ? 'role' : 'everyone') : null,
		mustEnrol: locals.mustEnrol,
		everyone: mfaRequiredForEveryone()
	};
};

/** A refusal from the mfa module, as the form's field errors; too many wrong attempts also say when to retry in a header. */
function refused(event: Pick<RequestEvent, 'setHeaders'>, action: string, err: unknown) {
	if (err instanceof mfa.ReauthThrottled) event.setHeaders({ 'Retry-After': String(err.retryAfter) });
	if (err instanceof mfa.MfaError) return fail(err.status, { action, errors: err.errors });
	if (err instanceof DomainError) return fail(err.status, { action, errors: { [err.field]: err.message } });
	throw err;
}

export const actions: Actions = {
	start: (event) => {
		const user = requireRole(event);
		try {
			mfa.startEnrolment(user.actor);
		} catch (err) {
			return refused(event, 'start', err);
		}
		return { action: 'start' };
	},
	confirm: async (event) => {
		const user = requireRole(event);
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { action: 'confirm', errors: { [problem.field]: problem.message } });
		const parsed = confirmMfa.safeParse(fields);
		if (!parsed.success) return fail(400, { action: 'confirm', errors: fieldErrors(parsed.error) });
		try {
			const recoveryCodes = await mfa.confirmEnrolment(
				user.actor,
				{ password: parsed.data.currentPassword, code: parsed.data.code },
				event.locals.session?.id ?? null
			);
			return { action: 'confirm', recoveryCodes, done: 'Two-factor authentication is on. Your other sessions have been signed out.' };
		} catch (err) {
			return refused(event, 'confirm', err);
		}
	},
	regenerate: async (event) => {
		const user = requireRole(event);
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { action: 'regenerate', errors: { [problem.field]: problem.message } });
		const parsed = regenerateRecoveryCodes.safeParse(fields);
		if (!parsed.success) return fail(400, { action: 'regenerate', errors: fieldErrors(parsed.error) });
		try {
			const recoveryCodes = await mfa.regenerateRecoveryCodes(user.actor, { password: parsed.data.currentPassword });
			return { action: 'regenerate', recoveryCodes, done: 'New recovery codes made. The old ones no longer work.' };
		} catch (err) {
			return refused(event, 'regenerate', err);
		}
	},
	disable: async (event) => {
		const user = requireRole(event);
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { action: 'disable', errors: { [problem.field]: problem.message } });
		const parsed = disableMfa.safeParse(fields);
		if (!parsed.success) return fail(400, { action: 'disable', errors: fieldErrors(parsed.error) });
		try {
			await mfa.disable(user.actor, { password: parsed.data.currentPassword, code: parsed.data.code });
		} catch (err) {
			return refused(event, 'disable', err);
		}
		return { action: 'disable', done: 'Two-factor authentication is off. Your recovery codes no longer work.' };
	}
};
