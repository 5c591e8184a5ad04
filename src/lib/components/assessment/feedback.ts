// The outcome of a form action, read the same way whichever action it was:
// the page decides from `action` (and `questionId`, `section`) where to show it.
import type { AnswerInput } from '$lib/assessments/answer-input';
import type { AnswerView } from '$lib/assessments/views';

export interface ActionFeedback {
	action: string;
	ok: boolean;
	text: string;
	field?: string;
	questionId?: string;
	section?: string;
	/** saveSection: the problem with each refused answer, by question id. */
	errors: Record<string, string>;
	/** saveSection: answers someone else saved meanwhile. */
	conflicts: AnswerView[];
	/** saveSection: what was sent, to show again. */
	submitted?: Record<string, AnswerInput>;
	/** verify: the decision tried, and the text sent with it, to show again when refused. */
	decision?: string;
	rationale?: string;
	comment?: string;
	/** waiveEvidence: the reason sent, to show again when refused. */
	reason?: string;
}

/** Changes to the assessment as a whole, reported at the top of the page. */
export const LIFECYCLE_ACTIONS = new Set(['submit', 'reopen', 'finalize', 'amend', 'recompute', 'requestClarification', 'withdrawClarification']);

export function feedbackOf(form: unknown): ActionFeedback | null {
	if (!form || typeof form !== 'object') return null;
	const f = form as Record<string, unknown>;
	if (typeof f.action !== 'string') return null;
	const ok = typeof f.done === 'string';
	const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
	return {
		action: f.action,
		ok,
		text: String(ok ? f.done : (f.message ?? 'That did not work.')),
		field: str(f.field),
		questionId: str(f.questionId),
		section: str(f.section),
		errors: (f.errors && typeof f.errors === 'object' ? f.errors : {}) as Record<string, string>,
		conflicts: (Array.isArray(f.conflicts) ? f.conflicts : []).filter(Boolean) as AnswerView[],
		submitted: f.submitted && typeof f.submitted === 'object' ? (f.submitted as Record<string, AnswerInput>) : undefined,
		decision: str(f.decision),
		rationale: str(f.rationale),
		comment: str(f.comment),
		reason: str(f.reason)
	};
}
