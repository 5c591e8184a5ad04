import { describe, expect, it } from 'vitest';
import { cell } from '../../src/lib/server/http/csv';

describe('CSV cells', () => {
	it('neutralises what a spreadsheet would run as a formula', () => {
		expect(cell('=cmd()')).toBe(`"'=cmd()"`);
		expect(cell('+1+1')).toBe(`"'+1+1"`);
		expect(cell('-cmd')).toBe(`"'-cmd"`);
		expect(cell('@sum(a1)')).toBe(`"'@sum(a1)"`);
	});

	it('keeps a negative number a number (a trust gap can be negative)', () => {
		expect(cell('-1.50')).toBe('"-1.50"');
		expect(cell(-3)).toBe('"-3"');
		expect(cell('-1.5e3')).toBe(`"'-1.5e3"`);
	});

	it('quotes quotes, and joins lists', () => {
		expect(cell('say "hi"')).toBe('"say ""hi"""');
		expect(cell(['a', 'b'])).toBe('"a; b"');
		expect(cell(null)).toBe('""');
	});
});
