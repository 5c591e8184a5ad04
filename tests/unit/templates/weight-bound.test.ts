import { describe, expect, it } from 'vitest';
import type { Template } from '../../../src/lib/scoring/index';
import { inBound, profileWeightsOverBound, templateWeightsOverBound } from '../../../src/lib/templates/weight-bound';
import { formatShare, sectionViews } from '../../../src/lib/templates/view';

/** A questionnaire as one stored before weights were bounded could be. */
function stored(sectionWeight: number, questionWeight: number): Template {
	return {
		format: 'clearance-template/1',
		key: 'old',
		version: '1.0.0',
		title: 'Old',
		sections: [
			{ id: 'keys', weight: sectionWeight, questions: [{ id: 'keys.rotation', type: 'yes_no', weight: questionWeight, allowNA: false, evidence: 'optional' }] },
			{ id: 'hiring', weight: 1, questions: [{ id: 'hiring.checks', type: 'yes_no', weight: 1, allowNA: false, evidence: 'optional' }] }
		]
	} as unknown as Template;
}

describe('weights over the spec’s bound, stored before it existed', () => {
	it('are found in a template, section and question alike, each named with its weight', () => {
		expect(templateWeightsOverBound(stored(1e308, 2_000_000))).toEqual([
			{ id: 'keys', kind: 'section', weight: 1e308 },
			{ id: 'keys.rotation', kind: 'question', weight: 2_000_000 }
		]);
		// The bound itself is allowed: at most 1,000,000.
		expect(templateWeightsOverBound(stored(1_000_000, 0))).toEqual([]);
	});

	it('are found in a weight profile by section', () => {
		expect(profileWeightsOverBound({ keys: 1e308, hiring: 20, custody: 1_000_000.5 })).toEqual(['keys', 'custody']);
		expect(profileWeightsOverBound({ keys: 1_000_000, hiring: 0 })).toEqual([]);
	});

	it('take in what JSON can hold outside the bound: negative, and too large to be finite', () => {
		expect(inBound(-1)).toBe(false);
		expect(inBound(JSON.parse('1e999'))).toBe(false);
		expect(inBound('5')).toBe(false);
		expect(inBound(0)).toBe(true);
	});

	it('leave no share of the score to show, so the page shows a dash instead of “NaN%”', () => {
		const views = sectionViews(stored(1e308, 1));
		expect(views.map((s) => formatShare(s.share))).not.toContain('NaN%');
		expect(formatShare(Number.NaN)).toBe('—');
	});
});
