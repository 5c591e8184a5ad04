// What a person has entered for a question (a draft: the form's own strings),
// how it becomes an answer, and how an answer reads back as text. Pure, so the
// page, the autosave and the tests all agree on when an answer has changed.
import { parseValue, toEntry, type AnswerInput } from '$lib/assessments/answer-input';
import { readAnswerEntries } from '$lib/scoring/answer-rules';
import type { Answer, AnswerSet, AnswerValue, AssuranceLevel, CompiledTemplate, Question, Template } from '$lib/scoring/index';

/** One question's fields as the form holds them. */
export interface Draft {
	/** The strings of the `value:{qid}` fields: one, or several for multi_choice. */
	raw: string[];
	na: boolean;
	assurance: AssuranceLevel;
	note: string;
}

/** A stored answer as the server sends it (AnswerView, without its history fields). */
export interface StoredAnswer {
	value?: AnswerValue | null;
	na: boolean;
	assurance: AssuranceLevel;
	note: string;
}

export const EMPTY_DRAFT: Draft = { raw: [], na: false, assurance: 'claimed', note: '' };

/**
 * The value of the "None of these" box of a multi_choice question: sent as an
 * empty string, it makes the answer an empty list (answered, scoring 0) where
 * no box at all leaves the question unanswered. `parseValue` reads it that way.
 */
export const NONE_OF_THESE = '';

export function draftOf(answer: StoredAnswer | undefined): Draft {
	if (!answer) return { ...EMPTY_DRAFT };
	const v = answer.value;
	const raw = v === null || v === undefined ? [] : Array.isArray(v) ? (v.length ? [...v] : [NONE_OF_THESE]) : [String(v)];
	return { raw, na: answer.na, assurance: answer.assurance, note: answer.note };
}

/** A question's fields as a plain form submit sends them (the names `saveSection` reads). */
export function draftFromForm(form: FormData, questionId: string): Draft {
	const assurance = form.get(`assurance:${questionId}`);
	return {
		raw: form.getAll(`value:${questionId}`).map(String),
		na: form.get(`na:${questionId}`) === 'on',
		assurance: assurance === 'evidenced' || assurance === 'verified' ? assurance : 'claimed',
		note: String(form.get(`note:${questionId}`) ?? '')
	};
}

export function inputOf(question: Question, draft: Draft): AnswerInput {
	return { value: draft.na ? null : parseValue(question, draft.raw), na: draft.na, assurance: draft.assurance, note: draft.note };
}

/** Whether two inputs would store the same answer (the server's notion of "unchanged"). */
export function sameInput(a: AnswerInput, b: AnswerInput): boolean {
	return a.na === b.na && a.assurance === b.assurance && a.note === b.note && JSON.stringify(a.value) === JSON.stringify(b.value);
}

/** Why an input is not a valid answer to its question, in the words the server would use; null when it is. */
export function inputProblem(ct: CompiledTemplate, questionId: string, input: AnswerInput): string | null {
	const entry = toEntry(input);
	if (!entry) return null;
	// The per-entry rules validateAnswers applies on the server, without the
	// document-level zod schema around them (which the browser need not load).
	let problem: string | null = null;
	readAnswerEntries(ct, { [questionId]: entry }, (_path, message) => (problem ??= message), () => {});
	return problem;
}

/** The answer set the live score is computed from: valid entries only, so a half-typed number never breaks it. */
export function answerSetOf(ct: CompiledTemplate, entries: Record<string, Answer>): AnswerSet {
	return { format: 'clearance-answers/1', template: { key: ct.template.key, version: ct.template.version }, answers: entries };
}

export const ASSURANCE_LABELS: Record<AssuranceLevel, string> = { claimed: 'Claimed', evidenced: 'Evidenced', verified: 'Verified' };

// How answers read as text lives with the pure assessment code: the server (demo, exports) uses it too.
export { choicesOf, describeAnswer, unitOf } from '$lib/assessments/describe';

export const isScored = (q: Question) => q.type !== 'text';

/** A number for display: one decimal, or a dash when there is none. */
export function figure(x: number | null | undefined): string {
	return x === null || x === undefined ? '—' : (Math.round(x * 10) / 10).toFixed(1);
}

export function percent(x: number | null | undefined): string {
	return x === null || x === undefined ? '—' : `${Math.round(x * 100)}%`;
}

export function fileSize(bytes: number | null): string {
	if (bytes === null) return '';
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
