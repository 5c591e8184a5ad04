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

const FIELDS = ['name', 'kind', 'status', 'jurisdictions', 'website', 'description', 'tags'] as const;

/** The values the form was opened with (its `base` field), or null when it sent none or they do not parse. */
function baseOf(raw: string | undefined): Record<string, string> | null {
	try {
		const parsed: unknown = JSON.parse(raw ?? '');
		if (!parsed || typeof parsed !== 'object') return null;
		const base: Record<string, string> = {};
		for (const f of FIELDS) {
			const v = (parsed as Record<string, unknown>)[f];
			if (typeof v !== 'string') return null;
			base[f] = v;
		}
		return base;
	} catch {
		return null;
	}
}

/**
 * A stale save, merged field by field against the values the form was opened
 * with: what only they changed is taken from theirs (so saving again cannot
 * quietly undo it), what only you changed stays yours, and what you both
 * changed keeps yours in the form and is named, for you to decide.
 */
function merge(mine: Record<string, string>, base: Record<string, string> | null, theirs: Record<string, string>) {
	const values: Record<string, string> = { ...mine };
	const taken: string[] = [];
	const both: string[] = [];
	for (const f of FIELDS) {
		const yours = mine[f] ?? '';
		if (theirs[f] === yours) continue;
		if (base && yours === base[f]) {
			values[f] = theirs[f];
			taken.push(f);
		} else if (!base || theirs[f] !== base[f]) {
			both.push(f);
		}
	}
	return { values, taken, both };
}

/** The version the form was opened at, which the save is checked against. */
const UNVERSIONED = 'This form does not say which version of the platform it was opened at, so nothing was saved. Saving again replaces the platform’s current values with the ones in the form.';
const openedAt = z.coerce.number({ error: UNVERSIONED }).int(UNVERSIONED).min(1, UNVERSIONED);

export const load: PageServerLoad = ({ params }) => {
	const found = platforms.get(platformId(params.id));
	if (!found) error(404, 'There is no such platform.');
	const values = formValues(found);
	return { platform: { id: found.id, name: found.name }, values, base: JSON.stringify(values), version: found.version };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = platformId(event.params.id);
		const { fields, problem } = formFields(await event.request.formData());
		// After a refusal the form keeps the version it was opened at, so a
		// change saved meanwhile is still caught when the user saves again.
		const echo = { values: fields, version: fields.version ?? '', base: fields.base ?? '' };
		if (problem) return fail(400, { ...echo, errors: { [problem.field]: problem.message } });
		const version = openedAt.safeParse(fields.version === '' ? undefined : fields.version);
		const parsed = platformInput.safeParse(fields);
		if (!version.success || !parsed.success) {
			const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(version.success ? {} : { version: version.error.issues[0].message }) };
			return fail(400, { ...echo, errors });
		}
		try {
			platforms.update(user.actor, id, parsed.data, version.data);
		} catch (err) {
			if (err instanceof platforms.PlatformConflict) {
				const theirs = formValues(err.current.platform);
				const merged = merge(fields, baseOf(fields.base), theirs);
				return fail(409, {
					...echo,
					values: merged.values,
					errors: { version: err.message },
					conflict: { values: theirs, yours: fields, taken: merged.taken, both: merged.both, by: err.current.by, at: err.current.platform.updatedAt },
					// The form now builds on their version: saving again replaces it knowingly.
					version: String(err.current.platform.version),
					base: JSON.stringify(theirs)
				});
			}
			if (err instanceof DomainError) return fail(err.status, { ...echo, errors: { [err.field]: err.message } });
			throw err;
		}
		redirect(303, `/platforms/${id}`);
	}
};
