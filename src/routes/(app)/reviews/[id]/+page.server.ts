import { DomainError } from '$lib/server/errors';
import { fail } from '@sveltejs/kit';
import { requireRole } from '$lib/server/http';
import { reviewId, reviewView, viewerOf, visibleReview } from '$lib/server/reviews';
import * as reviews from '$lib/server/reviews';
import * as users from '$lib/server/auth';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const detail = visibleReview(locals.user!, params.id);
	const sitting = new Set(detail.members.map((m) => m.id));
	const addable = detail.isChair && detail.status === 'open' ? users.list().filter((u) => !u.disabled && !sitting.has(u.id)).map((u) => ({ id: u.id, name: u.name })) : [];
	return { ...reviewView(detail), me: locals.user!.id, addable };
};

const isOutcome = (v: unknown): v is reviews.Outcome => typeof v === 'string' && (reviews.OUTCOMES as readonly string[]).includes(v);

function refused(action: string, err: unknown, extra: Record<string, unknown> = {}) {
	if (!(err instanceof DomainError)) throw err;
	return fail(err.status, { action, field: err.field, message: err.message, problems: (err instanceof reviews.ReviewError && err.problems) || {}, ...extra });
}

export const actions: Actions = {
	vote: async (event) => {
		const user = requireRole(event);
		const form = await event.request.formData();
		const candidate = Number(form.get('candidate'));
		const outcome = form.get('outcome');
		const rationale = String(form.get('rationale') ?? '');
		const values = { candidate, outcome: typeof outcome === 'string' ? outcome : '', rationale };
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'vote', field: problem.field, message: problem.message, problems: {}, values });
		if (!isOutcome(outcome)) return fail(400, { action: 'vote', field: 'outcome', message: 'Choose approve, conditional or reject.', problems: {}, values });
		try {
			reviews.vote(viewerOf(user), reviewId(event.params.id), candidate, outcome, rationale);
			return { action: 'vote', done: 'Your vote is recorded.', candidate };
		} catch (err) {
			return refused('vote', err, { values });
		}
	},
	decide: async (event) => {
		const user = requireRole(event);
		const form = await event.request.formData();
		const decisions: Record<number, reviews.Outcome> = {};
		const chosen: Record<string, string> = {};
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'decide', field: problem.field, message: problem.message, problems: {}, values: { chosen, rationale: '' } });
		for (const [field, value] of form) {
			if (!field.startsWith('decision.') || typeof value !== 'string' || value === '') continue;
			chosen[field] = value;
			if (isOutcome(value)) decisions[Number(field.slice('decision.'.length))] = value;
			else return fail(400, { action: 'decide', field, message: 'Each decision is approve, conditional or reject.', problems: {}, values: { chosen, rationale: '' } });
		}
		const rationale = String(form.get('rationale') ?? '');
		try {
			reviews.decide(viewerOf(user), reviewId(event.params.id), decisions, rationale);
			return { action: 'decide', done: 'The decision is recorded; the review is now closed.' };
		} catch (err) {
			return refused('decide', err, { values: { chosen, rationale } });
		}
	},
	addMember: async (event) => {
		const user = requireRole(event);
		const form = await event.request.formData();
		const problem = formProblem(form);
		if (problem) return fail(400, { action: 'addMember', field: problem.field, message: problem.message, problems: {} });
		try {
			reviews.addMember(viewerOf(user), reviewId(event.params.id), Number(form.get('member')));
			return { action: 'addMember', done: 'Member added.' };
		} catch (err) {
			return refused('addMember', err);
		}
	}
};
