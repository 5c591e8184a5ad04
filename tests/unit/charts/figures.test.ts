import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIGURE_COLOURS, FIGURE_KINDS, figureSeries } from '../../../src/lib/components/charts/figures';
import { OVERALL } from '../../../src/lib/components/charts/palette';
import { assuranceChart } from '../../../src/lib/components/compare/charts';

/** WCAG relative luminance contrast of a #rrggbb colour on white. */
function contrastOnWhite(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
	return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

describe('one colour per kind of figure', () => {
	it('gives claimed, assured and verified each their own colour, none of them the score’s', () => {
		const fills = FIGURE_KINDS.map((k) => FIGURE_COLOURS[k].fill);
		expect(new Set(fills).size).toBe(FIGURE_KINDS.length);
		expect(OVERALL).toBe(FIGURE_COLOURS.score.fill);
	});

	it('keeps every fill visible on white (3:1) and every ink readable as text (4.5:1)', () => {
		for (const k of FIGURE_KINDS) {
			expect(contrastOnWhite(FIGURE_COLOURS[k].fill), k).toBeGreaterThanOrEqual(3);
			expect(contrastOnWhite(FIGURE_COLOURS[k].ink), k).toBeGreaterThanOrEqual(4.5);
		}
	});

	it('is what app.css defines, so an HTML swatch matches the canvas bar beside it', () => {
		const css = readFileSync(new URL('../../../src/app.css', import.meta.url), 'utf8');
		for (const k of FIGURE_KINDS) {
			const declared = css.match(new RegExp(`${FIGURE_COLOURS[k].cssVar}:\\s*(#[0-9a-fA-F]{6})`));
			expect(declared?.[1].toLowerCase(), k).toBe(FIGURE_COLOURS[k].fill);
			expect(css, k).toContain(`.swatch.${k} { background: var(${FIGURE_COLOURS[k].cssVar}); }`);
		}
	});

	it('colours a section chart’s series and the comparison’s assurance bars by what they show', () => {
		expect(figureSeries('claimed', [80, null])).toEqual({ label: 'Self-reported', data: [80, null], fill: FIGURE_COLOURS.claimed.fill, border: FIGURE_COLOURS.claimed.ink });
		expect(figureSeries('assured', [50], 'Assured').label).toBe('Assured');
		const chart = assuranceChart([]);
		expect(chart.data.datasets.map((d) => [d.label, d.backgroundColor])).toEqual([
			['Score', FIGURE_COLOURS.score.fill],
			['Assured score', FIGURE_COLOURS.assured.fill],
			['Self-reported score', FIGURE_COLOURS.claimed.fill]
		]);
	});
});
