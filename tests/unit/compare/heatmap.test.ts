// The question-level heatmap: one row per question of the common sections, one
// cell per candidate, and the filters a committee uses to find what matters.
import { describe, expect, it } from 'vitest';
import { heatmap, heatStep, SPREAD_ROWS } from '../../../src/lib/compare/heatmap';
import { commonSections } from '../../../src/lib/compare/sections';
import type { CompareData, QuestionValue } from '../../../src/lib/compare/types';
import { threePlatforms, V2 } from './fixture';

describe('heatmap', () => {
	const data = threePlatforms();
	const common = commonSections(data);

	it('shows every question of the common sections, in order, with each candidate’s answer', () => {
		const rows = heatmap(data.candidates, common, 'all');
		expect(rows.map((r) => [r.sectionId, r.id])).toEqual([
			['keys', 'k1'],
			['keys', 'k2'],
			['keys', 'k3'],
			['gov', 'g1'],
			['gov', 'g2']
		]);
		// Alpha (version 1) has no k3 at all: undefined, not unanswered.
		const byId = Object.fromEntries(rows.map((r) => [r.id, r.values]));
		expect(byId).toEqual({
			k1: [100, 50, 100],
			k2: ['na', 25, 25],
			k3: [undefined, 75, 75],
			g1: [null, 100, 100],
			g2: [0, 40, 60]
		});
		expect(rows[0]).toMatchObject({ sectionTitle: 'Key management', prompt: 'Multisig with hardware signers?', critical: true });
	});

	it('measures the spread over the answers given, ignoring N/A, unanswered and absent questions', () => {
		const spread = Object.fromEntries(heatmap(data.candidates, common, 'all').map((r) => [r.id, r.spread]));
		expect(spread).toEqual({ k1: 50, k2: 0, k3: 0, g1: 0, g2: 60 });
	});

	it('keeps the knock-out questions, as the newest version marks them', () => {
		// k1 is a knock-out in version 2 only; the newest version decides.
		expect(heatmap(data.candidates, common, 'knockouts').map((r) => r.id)).toEqual(['k1', 'g1']);
	});

	it('keeps the questions where candidates differ, largest spread first', () => {
		expect(heatmap(data.candidates, common, 'spread').map((r) => [r.id, r.spread])).toEqual([
			['g2', 60],
			['k1', 50]
		]);
	});

	it('keeps at most the fifteen largest spreads, and none of a lone answer', () => {
		// Twenty questions; question i has answers 0 and i, so spread i (question 0: none).
		const questions = Array.from({ length: 20 }, (_, i) => ({ id: `q${i}`, prompt: `Q${i}`, critical: false }));
		const template = { ...V2, sections: [{ id: 'only', title: 'Only', weight: 1, questions }] };
		const low: Record<string, QuestionValue> = Object.fromEntries(questions.map((q) => [q.id, 0]));
		const high: Record<string, QuestionValue> = Object.fromEntries(questions.map((q, i) => [q.id, i]));
		high.q19 = null; // one answer left: no spread
		const base = data.candidates[1];
		const wide: CompareData = {
			templates: { 2: template },
			candidates: [
				{ ...base, questions: low },
				{ ...base, platformId: 9, questions: high }
			]
		};
		const rows = heatmap(wide.candidates, commonSections(wide), 'spread');
		expect(SPREAD_ROWS).toBe(15);
		expect(rows.map((r) => r.spread)).toEqual([18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
		expect(heatmap(wide.candidates, commonSections(wide), 'all').find((r) => r.id === 'q19')!.spread).toBeNull();
	});
});

describe('heatStep', () => {
	it('maps 0–100 to the colour steps 0–10, rounding halves up', () => {
		expect([0, 4, 5, 44, 45, 50, 94, 95, 100].map(heatStep)).toEqual([0, 0, 1, 4, 5, 5, 9, 10, 10]);
	});

	it('has no step for N/A, unanswered or absent', () => {
		expect(heatStep('na')).toBeNull();
		expect(heatStep(null)).toBeNull();
		expect(heatStep(undefined)).toBeNull();
	});
});
