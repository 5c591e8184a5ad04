import { fail } from '@sveltejs/kit';
import { refused, requireRole } from '$lib/server/http';
import { endOtherSessions, endSession, listSessions } from '$lib/server/auth';
import { formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	return { sessions: listSessions(locals.user!.id, locals.session?.id ?? null) };
};

export const actions: Actions = {
	end: async (event) => {
		const user = requireRole(event);
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { field: problem.field, message: problem.message });
		const id = fields.sessionId ?? '';
		if (!/^[0-9a-f]{64}$/.test(id)) return fail(400, { field: 'sessionId', message: 'Choose a session to end.' });
		try {
			if (!endSession(user.actor, id, event.locals.session?.id ?? null)) {
				return fail(409, { field: 'sessionId', message: 'That session had already ended, so there was nothing to end.' });
			}
		} catch (err) {
			return refused(err);
		}
		return { done: 'The session has ended. Whoever used it must sign in again.' };
	},
	endOthers: (event) => {
		const user = requireRole(event);
		const keep = event.locals.session?.id;
		if (!keep) return fail(400, { message: 'There is no current session to keep.' });
		const ended = endOtherSessions(user.actor, keep);
		return { done: ended === 0 ? 'There were no other sessions.' : `Ended ${ended} other session${ended === 1 ? '' : 's'}.` };
	}
};
