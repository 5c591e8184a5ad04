import { describe, expect, it } from 'vitest';
import { CANDIDATE_COLOURS, candidateDataset, candidateStyle } from '../../../src/lib/compare/series';
import { MAX_CANDIDATES } from '../../../src/lib/compare/url-state';

function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('the compare series', () => {
	const all = Array.from({ length: MAX_CANDIDATES }, (_, i) => candidateStyle(i));

	it('gives each of twelve candidates its own colour, its own marker and its own dash pattern', () => {
		expect(new Set(all.map((s) => s.colour)).size).toBe(MAX_CANDIDATES);
		expect(new Set(all.map((s) => `${s.marker.style}/${s.marker.filled}/${s.marker.rotation}`)).size).toBe(MAX_CANDIDATES);
		expect(new Set(all.map((s) => s.marker.name)).size).toBe(MAX_CANDIDATES);
		expect(new Set(all.map((s) => JSON.stringify(s.dash))).size).toBe(MAX_CANDIDATES);
	});

	it('keeps every colour at 3:1 contrast or more on white, so a marker or line stays visible (WCAG 1.4.11)', () => {
		for (const c of CANDIDATE_COLOURS) expect(1.05 / (luminance(c) + 0.05), c).toBeGreaterThanOrEqual(3);
	});

	it('draws an open marker with a white centre and the candidate colour outline', () => {
		const open = all.findIndex((s) => !s.marker.filled);
		expect(candidateDataset(open)).toMatchObject({ pointBackgroundColor: '#ffffff', pointBorderColor: all[open].colour });
		expect(candidateDataset(0)).toMatchObject({ pointBackgroundColor: all[0].colour, borderDash: [] });
	});
});
