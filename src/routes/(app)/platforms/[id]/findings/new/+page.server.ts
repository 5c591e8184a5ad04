import { error, fail, redirect } from '@sveltejs/kit';
import { defaultDueOn } from '$lib/findings/dates';
import { dayOf, FINDING_SEVERITIES } from '$lib/findings/vocabulary';
import { DomainError } from '$lib/server/errors';
import * as findings from '$lib/server/findings';
import { requireRole } from '$lib/server/http';
import * as platforms from '$lib/server/platforms';
import { newInput } from '$lib/validation/findings';
import { fieldErrors, formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

function platformId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such platform.');
	return id;
}

export const load: PageServerLoad = ({ params, url }) => {
	const id = platformId(params.id);
	const found = platforms.get(id);
	if (!found) error(404, 'There is no such platform.');
	const { assessmentId, sections } = findings.questionsToName(id);
	const today = dayOf(Date.now());
	return {
		platform: { id: found.id, name: found.name },
		assessmentId,
		sections,
		owners: findings.internalOwnerOptions(),
		// A link from a question may name it: ?question=<id>.
		values: { questionId: url.searchParams.get('question') ?? '', severity: 'medium' },
		dueDefaults: Object.fromEntries(FINDING_SEVERITIES.map((s) => [s, defaultDueOn(s, today)]))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = platformId(event.params.id);
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { values: fields, errors: { [problem.field]: problem.message } });
		const parsed = newInput.safeParse(fields);
		if (!parsed.success) return fail(400, { values: fields, errors: fieldErrors(parsed.error) });
		let created: number;
		try {
			created = findings.create(user.actor, id, parsed.data).id;
		} catch (err) {
			if (err instanceof DomainError) return fail(err.status, { values: fields, errors: { [err.field]: err.message } });
			throw err;
		}
		redirect(303, `/findings/${created}`);
	}
};
