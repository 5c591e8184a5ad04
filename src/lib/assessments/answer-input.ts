// Turning what a person entered into an answer entry, the same way in the
// browser (live score, autosave) and on the server (plain form submit).
import type { Answer, AnswerValue, AssuranceLevel, Question } from '../scoring/index';

export interface AnswerInput {
	/** null: unanswered (a note or assurance may still be kept). */
	value: AnswerValue | null;
	na: boolean;
	assurance: AssuranceLevel;
	note: string;
}

/**
 * A form field's strings → the question type's value. Numbers that do not
 * parse are kept as strings so validation names them rather than dropping them.
 */
export function parseValue(question: Question, raw: string[]): AnswerValue | null {
	const values = raw.map((r) => r.trim()).filter((r) => r !== '');
	if (question.type === 'multi_choice') return raw.length === 0 ? null : values;
	const first = values[0];
	if (first === undefined) return null;
	if (question.type === 'maturity' || question.type === 'number' || question.type === 'percent') {
		const n = Number(first.replace(',', '.'));
		return Number.isFinite(n) ? n : first;
	}
	return first;
}

/** Whether a stored answer answers its question: a value, or N/A (a note alone does not). */
export function isAnswered(answer: { value?: unknown; na: boolean } | null | undefined): boolean {
	return !!answer && (answer.na || (answer.value !== null && answer.value !== undefined));
}

/** The clearance-answers/1 entry for an input, or null when it is unanswered. */
export function toEntry(input: AnswerInput): Answer | null {
	if (input.na) return { na: true, assurance: input.assurance };
	if (input.value === null) return null;
	return { value: input.value, assurance: input.assurance };
}
