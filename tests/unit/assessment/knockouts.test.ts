import { describe, expect, it } from 'vitest';
import { knockoutLabel, questionNames } from '../../../src/lib/assessments/knockouts';

const v1 = {
	sections: [
		{ id: 'hiring', title: 'Hiring and identity', questions: [{ id: 'hiring.live-interview', prompt: 'Are candidates interviewed live, camera on, by someone who verifies their ID?' }] },
		{ id: 'keys', questions: [{ id: 'keys.hsm', prompt: '  ' }] }
	]
};
const v2 = { sections: [{ id: 'hiring', title: 'Hiring (v2)', questions: [{ id: 'hiring.live-interview', prompt: 'Changed wording' }, { id: 'hiring.references', prompt: 'Are references called directly?' }] }] };

describe('a knock-out as people read it', () => {
	it('is named by its question’s prompt and section, with the id kept for the tooltip', () => {
		const label = knockoutLabel({ question: 'hiring.live-interview', section: 'hiring', capGrade: 'C', reason: 'unanswered' }, questionNames(v1));
		expect(label).toEqual({
			id: 'hiring.live-interview',
			prompt: 'Are candidates interviewed live, camera on, by someone who verifies their ID?',
			sectionTitle: 'Hiring and identity',
			capGrade: 'C',
			reason: 'unanswered',
			sentence: 'Are candidates interviewed live, camera on, by someone who verifies their ID? (unanswered) caps the grade at C'
		});
		expect(label.sentence).not.toContain('→');
	});

	it('takes the first template that names a question, and falls back to the id rather than hide a knock-out', () => {
		const names = questionNames(v1, v2);
		expect(names.get('hiring.live-interview')?.prompt).toMatch(/^Are candidates interviewed/);
		expect(names.get('hiring.references')).toEqual({ prompt: 'Are references called directly?', sectionTitle: 'Hiring (v2)' });
		// A blank prompt or title reads as the id, never as nothing.
		expect(names.get('keys.hsm')).toEqual({ prompt: 'keys.hsm', sectionTitle: 'keys' });
		const unknown = knockoutLabel({ question: 'gone.question', section: 'gone', capGrade: 'D', reason: 'below' }, names);
		expect([unknown.prompt, unknown.sectionTitle, unknown.sentence]).toEqual(['gone.question', 'gone', 'gone.question (below the minimum) caps the grade at D']);
	});
});
