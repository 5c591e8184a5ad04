import { DomainError } from '$lib/server/errors';
import { fail } from '@sveltejs/kit';
import { requireRole } from '$lib/server/http';
import { reviewId, reviewView, viewerOf, visibleReview } from '$lib/server/reviews';
import * as reviews from '$lib/server/reviews';
import * as users from '$lib/server/auth';
import * as conditions from '$lib/server/conditions';
import { formProblem } from '$lib/validation/form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, locals }) => {
	const detail = visibleReview(locals.user!, params.id);
	const sitting = new Set(detail.members.map((m) => m.id));
	const addable = detail.isChair && detail.status === 'open' ? users.list().filter((u) => !u.disabled && !sitting.has(u.id)).map((u) => ({ id: u.id, name: u.name })) : [];
	// The findings a condition may wait on, offered only while the chair can still decide.
	const findings = detail.isChair && detail.status === 'open' ? conditions.openFindingsOf(detail.candidates.map((c) => c.platform.id)) : [];
	return { ...reviewView(detail), me: locals.user!.id, addable, conditions: conditions.forReview(detail.id), findings, today: new Date().toISOString().slice(0, 10) };
};

/**
 * The conditions the chair wrote, by candidate: `condition.<candidate>.<n>.text`,
 * `.due` and `.findings` (several). A slot left wholly empty is not a condition.
 */
function postedConditions(form: FormData): { byCandidate: Record<number, unknown[]>; echo: Record<string, string | string[]> } {
	const slots = new Map<string, { text: string; dueOn: string; findingIds: string[] }>();
	const echo: Record<string, string | string[]> = {};
	for (const [name, value] of form) {
		const m = /^condition\.(\d{1,9})\.(\d{1,2})\.(text|due|findings)$/.exec(name);
		if (!m || typeof value !== 'string') continue;
		const key = `${m[1]}.${m[2]}`;
		const slot = slots.get(key) ?? { text: '', dueOn: '', findingIds: [] };
		if (m[3] === 'text') slot.text = value;
		else if (m[3] === 'due') slot.dueOn = value;
		else slot.findingIds.push(value);
		slots.set(key, slot);
		echo[name] = m[3] === 'findings' ? [...((echo[name] as string[] | undefined) ?? []), value] : value;
	}
	const byCandidate: Record<number, unknown[]> = {};
	for (const [key, slot] of [...slots].sort(([a], [b]) => Number(a.split('.')[1]) - Number(b.split('.')[1]))) {
		if (!slot.text.trim() && !slot.dueOn.trim() && !slot.findingIds.length) continue;
		(byCandidate[Number(key.split('.')[0])] ??= []).push(slot);
	}
	return { byCandidate, echo };
}

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
		const problem = formProblem(form, { lists: [...form.keys()].filter((k) => /^condition\.\d{1,9}\.\d{1,2}\.findings$/.test(k)) });
		if (problem) return fail(400, { action: 'decide', field: problem.field, message: problem.message, problems: {}, values: { chosen, rationale: '', conditions: {} } });
		const posted = postedConditions(form);
		for (const [field, value] of form) {
			if (!field.startsWith('decision.') || typeof value !== 'string' || value === '') continue;
			chosen[field] = value;
			if (isOutcome(value)) decisions[Number(field.slice('decision.'.length))] = value;
			else return fail(400, { action: 'decide', field, message: 'Each decision is approve, conditional or reject.', problems: {}, values: { chosen, rationale: '', conditions: posted.echo } });
		}
		const rationale = String(form.get('rationale') ?? '');
		try {
			reviews.decide(viewerOf(user), reviewId(event.params.id), decisions, rationale, { conditions: posted.byCandidate });
			return { action: 'decide', done: 'The decision is recorded; the review is now closed.' };
		} catch (err) {
			return refused('decide', err, { values: { chosen, rationale, conditions: posted.echo } });
		}
	},
	signOff: async (event) => {
		const user = requireRole(event);
		const form = await event.request.formData();
		const problem = formProblem(form);
		const values = { condition: String(form.get('condition') ?? ''), note: String(form.get('note') ?? '') };
		if (problem) return fail(400, { action: 'signOff', field: problem.field, message: problem.message, problems: {}, values });
		try {
			// The review must be one this user may see (404 otherwise); the module checks chair or admin under the write lock.
			const detail = visibleReview(user, event.params.id);
			conditions.signOff(user.actor, detail.id, Object.fromEntries(form));
			return { action: 'signOff', done: 'The condition is signed off.', condition: Number(values.condition) };
		} catch (err) {
			return refused('signOff', err, { values });
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
