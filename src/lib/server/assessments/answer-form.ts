// A section's answers as a plain form posts them (no JavaScript): the same
// field names for analysts and respondents, parsed the same way as the browser.
import { parseValue } from '../../assessments/answer-input';
import type { AssuranceLevel, Section } from '../../scoring/index';
import { formProblem, type FormProblem } from '../../validation/form';
import type { BatchEntry } from './answers';

/** A field sent twice or a file among the answers: the whole form is refused. Only multiple-choice answers are lists. */
export function sectionFormProblem(section: Section, form: FormData): FormProblem | null {
	return formProblem(form, { lists: section.questions.filter((q) => q.type === 'multi_choice').map((q) => `value:${q.id}`) });
}

export function sectionEntries(section: Section, form: FormData, options: { assurance?: 'claimed' } = {}): BatchEntry[] {
	return section.questions.map((q) => ({
		questionId: q.id,
		input: {
			value: parseValue(q, form.getAll(`value:${q.id}`).map(String)),
			na: form.get(`na:${q.id}`) === 'on',
			// A respondent's answers are claims until an analyst verifies them. A level
			// that is none of the three is kept, like a number that does not parse,
			// so that validation names it rather than quietly reading "claimed".
			assurance: options.assurance ?? ((form.get(`assurance:${q.id}`) ?? 'claimed') as AssuranceLevel),
			note: String(form.get(`note:${q.id}`) ?? '').slice(0, 10_001)
		},
		expectedVersion: Number(form.get(`version:${q.id}`) ?? 0) || 0
	}));
}
