import { error, fail, redirect } from '@sveltejs/kit';
import { DomainError } from '$lib/server/errors';
import { requireRole } from '$lib/server/http';
import * as platforms from '$lib/server/platforms';
import { platformInput } from '$lib/validation/platforms';
import { fieldErrors, formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

function platformId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such platform.');
	return id;
}

export const load: PageServerLoad = ({ params }) => {
	const found = platforms.get(platformId(params.id));
	if (!found) error(404, 'There is no such platform.');
	return {
		platform: { id: found.id, name: found.name },
		// The form's fields as text, lists joined the way the form takes them.
		values: {
			name: found.name,
			kind: found.kind,
			status: found.status,
			jurisdictions: found.jurisdictions.join(', '),
			website: found.website ?? '',
			description: found.description ?? '',
			tags: found.tags.join(', ')
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = platformId(event.params.id);
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { values: fields, errors: { [problem.field]: problem.message } });
		const parsed = platformInput.safeParse(fields);
		if (!parsed.success) return fail(400, { values: fields, errors: fieldErrors(parsed.error) });
		try {
			platforms.update({ id: user.id, label: user.email }, id, parsed.data);
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { values: fields, errors: { [err.field]: err.message } });
			throw err;
		}
		redirect(303, `/platforms/${id}`);
	}
};
