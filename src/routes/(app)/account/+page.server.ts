import { fail, redirect } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { count, eq } from 'drizzle-orm';
import { getDb } from '$lib/server/db/index';
import { session } from '$lib/server/db/schema';
import { requireRole } from '$lib/server/http';
import * as mfa from '$lib/server/auth';
import { clearSessionCookie } from '$lib/server/auth';
import * as users from '$lib/server/auth';
import { changePassword, fieldErrors, formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	const sessions = getDb().select({ n: count() }).from(session).where(eq(session.userId, user.id)).get()?.n ?? 0;
	return { sessions, mfaOn: mfa.isEnrolled(user.id), mfaRequired: mfa.mfaRequired(user.role) };
};

export const actions: Actions = {
	changePassword: async (event) => {
		const user = requireRole(event);
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { action: 'changePassword', errors: { [problem.field]: problem.message } });
		const parsed = changePassword.safeParse(fields);
		if (!parsed.success) return fail(400, { action: 'changePassword', errors: fieldErrors(parsed.error) });
		try {
			await users.changePassword(
				user.actor,
				parsed.data.currentPassword,
				parsed.data.newPassword,
				event.locals.session?.id ?? null
			);
		} catch (err) {
			if (err instanceof users.ReauthThrottled) event.setHeaders({ 'Retry-After': String(err.retryAfter) });
			if (err instanceof DomainError) return fail(err.status, { action: 'changePassword', errors: { [err.field]: err.message } });
			throw err;
		}
		return { action: 'changePassword', done: 'Password changed. Your other sessions have been signed out.' };
	},
	signOutEverywhere: (event) => {
		const user = requireRole(event);
		users.signOutEverywhere(user.actor);
		clearSessionCookie(event.cookies, event.url);
		redirect(303, '/login');
	}
};
