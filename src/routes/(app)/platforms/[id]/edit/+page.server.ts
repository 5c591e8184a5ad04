import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
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

/** The form's fields as text, lists joined the way the form takes them. */
function formValues(p: platforms.PlatformView): Record<string, string> {
	return {
		name: p.name,
		kind: p.kind,
		status: p.status,
		jurisdictions: p.jurisdictions.join(', '),
		website: p.website ?? '',
		description: p.description ?? '',
		tags: p.tags.join(', ')
	};
}

/** The version the form was opened at, which the save is checked against. */
const UNVERSIONED = 'This form does not say which version of the platform it was opened at, so nothing was saved. Saving again replaces the platform’s current values with the ones in the form.';
const openedAt = z.coerce.number({ error: UNVERSIONED }).int(UNVERSIONED).min(1, UNVERSIONED);

export const load: PageServerLoad = ({ params }) => {
	const found = platforms.get(platformId(params.id));
	if (!found) error(404, 'There is no such platform.');
	return { platform: { id: found.id, name: found.name }, values: formValues(found), version: found.version };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = platformId(event.params.id);
		const { fields, problem } = formFields(await event.request.formData());
		// After a refusal the form keeps the version it was opened at, so a
		// change saved meanwhile is still caught when the user saves again.
		const echo = { values: fields, version: fields.version ?? '' };
		if (problem) return fail(400, { ...echo, errors: { [problem.field]: problem.message } });
		const version = openedAt.safeParse(fields.version === '' ? undefined : fields.version);
		const parsed = platformInput.safeParse(fields);
		if (!version.success || !parsed.success) {
			const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(version.success ? {} : { version: version.error.issues[0].message }) };
			return fail(400, { ...echo, errors });
		}
		try {
			platforms.update({ id: user.id, label: user.email }, id, parsed.data, version.data);
		} catch (err) {
			if (err instanceof platforms.PlatformConflict) {
				const theirs = err.current.platform;
				return fail(409, {
					...echo,
					errors: { version: err.message },
					conflict: { values: { ...formValues(theirs), version: String(theirs.version) }, by: err.current.by, at: theirs.updatedAt },
					// Saving again now knowingly replaces their version.
					version: String(theirs.version)
				});
			}
			if (err instanceof DomainError) return fail(err.status, { ...echo, errors: { [err.field]: err.message } });
			throw err;
		}
		redirect(303, `/platforms/${id}`);
	}
};
