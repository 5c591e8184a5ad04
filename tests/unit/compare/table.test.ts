// The comparison as one table: what the CSV export writes, row for row.
import { describe, expect, it } from 'vitest';
import { compareFigures, ranked } from '../../../src/lib/compare/figures';
import { commonSections, defaultWeights } from '../../../src/lib/compare/sections';
import { comparisonTable } from '../../../src/lib/compare/table';
import { threePlatforms } from './fixture';

describe('comparisonTable', () => {
	const data = threePlatforms();
	const common = commonSections(data);
	const weights = defaultWeights(common);
	const table = comparisonTable(data, common, ranked(compareFigures(data, common, weights)), weights);

	it('has a header naming each common section with the weight it was compared on', () => {
		expect(table[0]).toEqual([
			'rank',
			'platform',
			'assessment_id',
			'finalized',
			'template',
			'origin',
			'score',
			'assured_score',
			'coverage',
			'grade',
			'band_grade',
			'knockouts',
			'Key management (weight 3)',
			'Governance (weight 1)',
			'self_reported_score',
			'trust_gap'
		]);
	});

	it('has one row per candidate, best first, every row as wide as the header', () => {
		expect(table.slice(1).map((r) => [r[0], r[1]])).toEqual([
			['1', 'Bravo'],
			['1', 'Charlie'],
			['3', 'Alpha']
		]);
		for (const row of table) expect(row).toHaveLength(table[0].length);
	});

	it('writes a self-assessed candidate’s figures, claims and trust gap', () => {
		// Charlie: (3·75 + 65)/4 = 72.5, assured half of it; claimed (3·90 + 80)/4 = 87.5; gap 15.
		expect(table[2]).toEqual(['1', 'Charlie', '13', '2025-03-17', 'ci 2.0.0', 'self', '72.50', '36.25', '1.0000', 'B', 'B', '', '75.00', '65.00', '87.50', '15.00']);
	});

	it('writes the knock-outs that count, and leaves the claims of an analyst’s assessment empty', () => {
		// Alpha: (3·60 + 90)/4 = 67.5, band B, capped at C by its unanswered gov knock-out.
		expect(table[3]).toEqual(['3', 'Alpha', '11', '2025-03-15', 'ci 1.0.0', 'analyst', '67.50', '33.75', '1.0000', 'C', 'B', 'g1 caps at C (unanswered)', '60.00', '90.00', '', '']);
		// Bravo's ops knock-out is in a section left out of the comparison.
		expect(table[1][11]).toBe('');
	});

	it('leaves the overall figures empty when nothing weighs, but keeps the section scores and knock-outs', () => {
		const none = { keys: 0, gov: 0 };
		const rows = comparisonTable(data, common, compareFigures(data, common, none), none);
		expect(rows[0].slice(12, 14)).toEqual(['Key management (weight 0)', 'Governance (weight 0)']);
		expect(rows[1].slice(6, 14)).toEqual(['', '', '', '', '', 'g1 caps at C (unanswered)', '60.00', '90.00']);
	});
});
