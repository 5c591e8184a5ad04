// A section's answers as a plain form posts them (no JavaScript): the same
// field names for analysts and respondents, parsed the same way as the browser.
import { assuranceOf, parseValue } from '../assessments/answer-input';
import type { Section } from '../scoring/index';
import type { BatchEntry } from './assessments';

export function sectionEntries(section: Section, form: FormData, options: { assurance?: 'claimed' } = {}): BatchEntry[] {
	return section.questions.map((q) => ({
		questionId: q.id,
		input: {
			value: parseValue(q, form.getAll(`value:${q.id}`).map(String)),
			na: form.get(`na:${q.id}`) === 'on',
			// A respondent's answers are claims until an analyst verifies them.
			assurance: options.assurance ?? assuranceOf(form.get(`assurance:${q.id}`)),
			note: String(form.get(`note:${q.id}`) ?? '').slice(0, 10_001)
		},
		expectedVersion: Number(form.get(`version:${q.id}`) ?? 0) || 0
	}));
}
