import { error, fail } from '@sveltejs/kit';
import { dayOf } from '$lib/findings/vocabulary';
import { FINDING_TRANSITIONS, mayAccept, MAX_ACCEPTANCE_MONTHS } from '$lib/findings/transitions';
import { addMonths, defaultDueOn } from '$lib/findings/dates';
import { DomainError } from '$lib/server/errors';
import * as findings from '$lib/server/findings';
import { requireRole } from '$lib/server/http';
import { acceptInput, confirmInput, dismissInput, editInput } from '$lib/validation/findings';
import { fieldErrors, formFields } from '$lib/validation/users';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

function findingId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such finding.');
	return id;
}

/** The edit form's fields as text. */
function editValues(f: { title: string; detail: string | null; severity: string; ownerName: string | null; ownerEmail: string | null; internalOwnerId: number | null; dueOn: string | null }) {
	return {
		title: f.title,
		detail: f.detail ?? '',
		severity: f.severity,
		ownerName: f.ownerName ?? '',
		ownerEmail: f.ownerEmail ?? '',
		internalOwnerId: f.internalOwnerId === null ? '' : String(f.internalOwnerId),
		dueOn: f.dueOn ?? ''
	};
}

export const load: PageServerLoad = ({ params, locals }) => {
	const today = dayOf(Date.now());
	const found = findings.page(findingId(params.id), today);
	if (!found) error(404, 'There is no such finding.');
	const role = locals.user!.role;
	const canAct = role !== 'committee';
	const f = found.finding;
	const next = FINDING_TRANSITIONS[f.status];
	return {
		...found,
		today,
		values: editValues(f),
		canAct,
		actions: canAct
			? {
					confirm: f.status === 'proposed',
					edit: ['proposed', 'open', 'sent', 'remediated'].includes(f.status),
					dismiss: next.includes('dismissed'),
					accept: next.includes('accepted'),
					// An analyst sees why the acceptance is not theirs to give rather than a form that will refuse.
					mayAccept: mayAccept(role, f.severity)
				}
			: null,
		defaultDueOn: defaultDueOn(f.severity, today),
		latestExpiry: addMonths(today, MAX_ACCEPTANCE_MONTHS),
		maxAcceptanceMonths: MAX_ACCEPTANCE_MONTHS,
		owners: canAct ? findings.internalOwnerOptions() : []
	};
};

async function read(event: RequestEvent, action: string) {
	const { fields, problem } = formFields(await event.request.formData());
	return { fields, problem, echo: { action, values: fields } };
}

/** A refusal shaped for the form it came from: the message beside the field it names. */
function refusedForm(err: unknown, echo: { action: string; values: Record<string, string> }) {
	if (err instanceof findings.FindingConflict) {
		return fail(409, {
			...echo,
			errors: { version: err.message },
			// Theirs, to show beside yours; the form now builds on their version, so saving again is a knowing choice.
			conflict: { values: editValues(err.current), by: err.by, at: err.current.updatedAt, version: err.current.version }
		});
	}
	if (err instanceof DomainError) return fail(err.status, { ...echo, errors: { [err.field]: err.message } });
	throw err;
}

export const actions: Actions = {
	confirm: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = findingId(event.params.id);
		const { fields, problem, echo } = await read(event, 'confirm');
		if (problem) return fail(400, { ...echo, errors: { [problem.field]: problem.message } });
		const parsed = confirmInput.safeParse(fields);
		if (!parsed.success) return fail(400, { ...echo, errors: fieldErrors(parsed.error) });
		try {
			findings.confirm(user.actor, id, parsed.data);
		} catch (err) {
			return refusedForm(err, echo);
		}
		return { done: 'Confirmed: the finding is open.' };
	},
	edit: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = findingId(event.params.id);
		const { fields, problem, echo } = await read(event, 'edit');
		if (problem) return fail(400, { ...echo, errors: { [problem.field]: problem.message } });
		const parsed = editInput.safeParse(fields);
		if (!parsed.success) return fail(400, { ...echo, errors: fieldErrors(parsed.error) });
		try {
			findings.edit(user.actor, id, parsed.data);
		} catch (err) {
			return refusedForm(err, echo);
		}
		return { done: 'Saved.' };
	},
	dismiss: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = findingId(event.params.id);
		const { fields, problem, echo } = await read(event, 'dismiss');
		if (problem) return fail(400, { ...echo, errors: { [problem.field]: problem.message } });
		const parsed = dismissInput.safeParse(fields);
		if (!parsed.success) return fail(400, { ...echo, errors: fieldErrors(parsed.error) });
		try {
			findings.dismiss(user.actor, id, parsed.data);
		} catch (err) {
			return refusedForm(err, echo);
		}
		return { done: 'Dismissed, with your reason in its history.' };
	},
	accept: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const id = findingId(event.params.id);
		const { fields, problem, echo } = await read(event, 'accept');
		if (problem) return fail(400, { ...echo, errors: { [problem.field]: problem.message } });
		const parsed = acceptInput.safeParse(fields);
		if (!parsed.success) return fail(400, { ...echo, errors: fieldErrors(parsed.error) });
		try {
			findings.accept(user.actor, id, parsed.data);
		} catch (err) {
			return refusedForm(err, echo);
		}
		return { done: `Accepted as a risk until ${parsed.data.expiresOn}; it reopens by itself the day after.` };
	}
};
