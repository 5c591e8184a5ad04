// An answer as words, the same on every page, in the demo's notes and in exports.
import type { AnswerValue, PlatformKind, Question } from '../scoring/index';
import { notApplicableLabel } from './not-applicable';

/** The choices of a radio or checkbox question as value and label. */
export function choicesOf(question: Question): Array<{ value: string; label: string }> {
	switch (question.type) {
		case 'yes_no':
			return [
				{ value: 'yes', label: 'Yes' },
				{ value: 'no', label: 'No' }
			];
		case 'yes_partial_no':
			return [
				{ value: 'yes', label: 'Yes' },
				{ value: 'partial', label: 'Partly' },
				{ value: 'no', label: 'No' }
			];
		case 'maturity':
			// Level labels usually start with their number ("3 – Defined: …"); others get it added.
			return [0, 1, 2, 3, 4, 5].map((n) => {
				const level = question.levels?.[n];
				return { value: String(n), label: !level ? String(n) : level.trimStart().startsWith(String(n)) ? level : `${n} — ${level}` };
			});
		case 'choice':
		case 'multi_choice':
			return question.options.map((o) => ({ value: o.value, label: o.label }));
		default:
			return [];
	}
}

export function unitOf(question: Question): string {
	return question.type === 'percent' ? '%' : question.type === 'number' ? (question.unit ?? '') : '';
}

/** An answer as a sentence fragment: for read-only pages and for showing someone else's answer. */
export function describeAnswer(question: Question, answer: { value?: AnswerValue | null; na: boolean; notApplicableTo?: PlatformKind | null } | undefined): string {
	if (!answer) return 'Not answered';
	if (answer.na) return answer.notApplicableTo ? notApplicableLabel(answer.notApplicableTo) : 'Not applicable';
	const v = answer.value;
	if (v === null || v === undefined) return 'Not answered';
	const label = (x: string) => choicesOf(question).find((c) => c.value === x)?.label ?? x;
	if (Array.isArray(v)) return v.length ? v.map(label).join('; ') : 'None of these';
	if (question.type === 'number' || question.type === 'percent') {
		const unit = unitOf(question);
		return unit === '%' ? `${v}%` : unit ? `${v} ${unit}` : String(v);
	}
	if (question.type === 'text') return String(v);
	return label(String(v));
}

