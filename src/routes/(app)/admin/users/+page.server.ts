import { fail } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { requireRole } from '$lib/server/http';
import * as mfa from '$lib/server/auth';
import { endAllSessionsOf, sessionCounts } from '$lib/server/auth';
import * as users from '$lib/server/auth';
import { changeRole, fieldErrors, formFields, newUser } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const enrolled = mfa.enrolledUserIds();
	const sessions = sessionCounts();
	return { users: users.list().map((u) => ({ ...u, mfa: enrolled.has(u.id), sessions: sessions.get(u.id) ?? 0 })) };
};

function targetId(fields: Record<string, string>): number | null {
	const id = Number(fields.userId);
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export const actions: Actions = {
	create: async (event) => {
		const admin = requireRole(event, 'admin');
		const { fields, problem } = formFields(await event.request.formData());
		const values = { email: fields.email ?? '', name: fields.name ?? '', role: fields.role ?? '' };
		if (problem) return fail(400, { action: 'create', values, errors: { [problem.field]: problem.message } });
		const parsed = newUser.safeParse(fields);
		if (!parsed.success) return fail(400, { action: 'create', values, errors: fieldErrors(parsed.error) });
		try {
			const created = await users.create(admin.actor, parsed.data);
			return { action: 'create', done: `Created ${created.email} as ${created.role}.` };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { action: 'create', values, errors: { [err.field]: err.message } });
			throw err;
		}
	},
	changeRole: async (event) => {
		const admin = requireRole(event, 'admin');
		const { fields, problem } = formFields(await event.request.formData());
		const parsed = changeRole.safeParse(fields);
		const userId = targetId(fields);
		if (problem) return fail(400, { action: 'changeRole', userId, errors: { [problem.field]: problem.message } });
		if (!parsed.success) return fail(400, { action: 'changeRole', userId, errors: fieldErrors(parsed.error) });
		try {
			const updated = users.changeRole(admin.actor, parsed.data.userId, parsed.data.role);
			return { action: 'changeRole', userId, done: `${updated.email} is now ${updated.role}.` };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { action: 'changeRole', userId, errors: { [err.field]: err.message } });
			throw err;
		}
	},
	endSessions: async (event) => {
		const admin = requireRole(event, 'admin');
		const { fields, problem } = formFields(await event.request.formData());
		const userId = targetId(fields);
		if (problem) return fail(400, { action: 'endSessions', userId, errors: { [problem.field]: problem.message } });
		if (userId === null) return fail(400, { action: 'endSessions', userId, errors: { userId: 'Unknown user.' } });
		try {
			const { email, ended } = endAllSessionsOf(admin.actor, userId);
			return { action: 'endSessions', userId, done: `Ended ${ended} session${ended === 1 ? '' : 's'} of ${email}.` };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { action: 'endSessions', userId, errors: { [err.field]: err.message } });
			throw err;
		}
	},
	setDisabled: async (event) => {
		const admin = requireRole(event, 'admin');
		const { fields, problem } = formFields(await event.request.formData());
		const userId = targetId(fields);
		if (problem) return fail(400, { action: 'setDisabled', userId, errors: { [problem.field]: problem.message } });
		if (userId === null) return fail(400, { action: 'setDisabled', userId, errors: { userId: 'Unknown user.' } });
		if (fields.disabled !== 'true' && fields.disabled !== 'false') {
			return fail(400, { action: 'setDisabled', userId, errors: { disabled: 'Say whether to disable or enable.' } });
		}
		try {
			const updated = users.setDisabled(admin.actor, userId, fields.disabled === 'true');
			return { action: 'setDisabled', userId, done: `${updated.email} is ${updated.disabled ? 'disabled; their sessions have ended' : 'enabled'}.` };
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { action: 'setDisabled', userId, errors: { [err.field]: err.message } });
			throw err;
		}
	}
};
