import { describe, expect, it } from 'vitest';
import { PICKER_LIST_ALL, PICKER_MATCHES, pickerChoices } from '../../../src/lib/compare/picker';
import type { PlatformOption } from '../../../src/lib/compare/types';

const platform = (id: number, name: string): PlatformOption => ({ id, name, kind: 'exchange', templateKey: 'ci-dd', grade: 'B', score: 70 });
const portfolio = (n: number) => Array.from({ length: n }, (_, i) => platform(i + 1, `Platform ${String(i + 1).padStart(4, '0')}${i % 10 === 0 ? ' Custody' : ''}`));

describe('pickerChoices', () => {
	it('lists a small portfolio whole, less the platforms already chosen', () => {
		const all = portfolio(PICKER_LIST_ALL);
		const picker = pickerChoices(all, [3, 1], null);
		expect(picker.searching).toBe(false);
		expect(picker.chosen.map((p) => p.id)).toEqual([3, 1]);
		expect(picker.addable).toHaveLength(PICKER_LIST_ALL - 2);
		expect(picker.addable.some((p) => p.id === 1 || p.id === 3)).toBe(false);
	});

	it('asks a large portfolio for a name first instead of listing every platform', () => {
		const picker = pickerChoices(portfolio(PICKER_LIST_ALL + 1), [5], null);
		expect(picker).toMatchObject({ searching: true, find: '', matches: 0, addable: [] });
		// The chosen candidates are still named, however many platforms there are.
		expect(picker.chosen.map((p) => p.name)).toEqual(['Platform 0005']);
	});

	it('finds by any part of the name, ignoring case and spaces around it, leaving out the chosen', () => {
		const all = portfolio(1000);
		const picker = pickerChoices(all, [1], '  cUSTODY ');
		expect(picker.find).toBe('cUSTODY');
		// Every tenth platform is a custodian: 100, less the chosen one.
		expect(picker.matches).toBe(99);
		expect(picker.addable).toHaveLength(PICKER_MATCHES);
		expect(picker.addable.every((p) => p.name.endsWith('Custody') && p.id !== 1)).toBe(true);
		// In the list's own order (by name).
		expect(picker.addable.map((p) => p.id)).toEqual(all.filter((p) => p.name.endsWith('Custody') && p.id !== 1).slice(0, PICKER_MATCHES).map((p) => p.id));
		expect(pickerChoices(all, [], 'no such name')).toMatchObject({ matches: 0, addable: [] });
	});

	it('keeps a long search to its first 100 characters, and leaves out chosen ids it does not know', () => {
		const picker = pickerChoices(portfolio(200), [9999, 2], 'x'.repeat(500));
		expect(picker.find).toHaveLength(100);
		expect(picker.chosen.map((p) => p.id)).toEqual([2]);
	});
});
