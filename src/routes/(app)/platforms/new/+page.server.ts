import { fail, redirect } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { requireRole } from '$lib/server/http';
import * as platforms from '$lib/server/platforms';
import { platformInput } from '$lib/validation/platforms';
import { fieldErrors, formFields } from '$lib/validation/users';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { values: fields, errors: { [problem.field]: problem.message } });
		const parsed = platformInput.safeParse(fields);
		if (!parsed.success) return fail(400, { values: fields, errors: fieldErrors(parsed.error) });
		let id: number;
		try {
			id = platforms.create(user.actor, parsed.data).id;
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { values: fields, errors: { [err.field]: err.message } });
			throw err;
		}
		redirect(303, `/platforms/${id}`);
	}
};
