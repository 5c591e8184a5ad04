import { fail } from '@sveltejs/kit';
import { requireRole } from '$lib/server/http';
import { fourEyesRelaxed, mfaRequiredForEveryone, setFourEyesRelaxed, setMfaRequiredForEveryone } from '$lib/server/auth';
import { formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	return { mfaForEveryone: mfaRequiredForEveryone(), fourEyesRelaxed: fourEyesRelaxed() };
};

export const actions: Actions = {
	setMfaRequirement: async (event) => {
		const admin = requireRole(event, 'admin');
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { field: problem.field, message: problem.message });
		if (fields.required !== 'true' && fields.required !== 'false') {
			return fail(400, { message: 'Say whether two-factor authentication is required for everyone.' });
		}
		const required = fields.required === 'true';
		setMfaRequiredForEveryone(admin.actor, required);
		return {
			done: required
				? 'Two-factor authentication is now required for everyone. Those without it are asked to set it up before anything else.'
				: 'Two-factor authentication is now required for admins only.'
		};
	},
	setFourEyes: async (event) => {
		const admin = requireRole(event, 'admin');
		const { fields, problem } = formFields(await event.request.formData());
		if (problem) return fail(400, { setting: 'fourEyes', field: problem.field, message: problem.message });
		if (fields.relaxed !== 'true' && fields.relaxed !== 'false') {
			return fail(400, { setting: 'fourEyes', field: 'relaxed', message: 'Say whether the analyst who submitted an assessment may also finalise it.' });
		}
		const relaxed = fields.relaxed === 'true';
		setFourEyesRelaxed(admin.actor, relaxed);
		return {
			setting: 'fourEyes',
			done: relaxed
				? 'One-person team: whoever submits an assessment may also finalise it. Each such finalise is recorded as done under this setting.'
				: 'Four eyes: another analyst or an admin finalises what someone submitted.'
		};
	}
};
