// Series colours for every chart: hues after Okabe & Ito, darkened where
// needed so each line or bar keeps 3:1 contrast on white (WCAG 1.4.11).
// Colour is never the only cue: lines also differ in dash and point shape.
import type { PointStyle } from 'chart.js';
import { FIGURE_COLOURS } from './figures';

/** The overall score: the score's colour (the house navy), drawn heavier than any section. */
export const OVERALL = FIGURE_COLOURS.score.fill;

/** Sections in template order; contrast on white 3.4:1 to 8.7:1. */
export const SERIES = ['#0072b2', '#d55e00', '#009e73', '#aa4499', '#996600', '#882255', '#5f6b7a', '#332288'] as const;

export const POINTS: PointStyle[] = ['rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross', 'circle'];

export const DASHES: number[][] = [[6, 3], [2, 3], [10, 4], [6, 3, 2, 3], [4, 4], [12, 3, 2, 3], [2, 6], [8, 2]];

/** Axis text and grid lines: the muted ink of the page, faint lines. */
export const INK = '#4a5566';
export const GRID = '#e3e7ed';

export const seriesColour = (i: number) => SERIES[i % SERIES.length];
export const seriesPoint = (i: number) => POINTS[i % POINTS.length];
export const seriesDash = (i: number) => DASHES[i % DASHES.length];

/** Grades good to poor: green, amber, red; the grade letter always shows beside the colour. */
const GRADE_COLOURS: Record<string, string> = { A: '#1d6b3a', B: '#4f9a5f', C: '#b58500', D: '#c4581c', F: '#a61b1b' };
const SCALE = ['#1d6b3a', '#4f9a5f', '#b58500', '#c4581c', '#a61b1b'];
export const NO_GRADE = '#8894a3';

/** A grade's colour: by letter for the usual A–F, else by its place in `scale` (best first). */
export function gradeColour(grade: string | null, scale: readonly string[] = []): string {
	if (grade === null) return NO_GRADE;
	if (Object.hasOwn(GRADE_COLOURS, grade)) return GRADE_COLOURS[grade];
	const i = scale.indexOf(grade);
	if (i < 0) return '#5f6b7a';
	return SCALE[scale.length <= 1 ? 0 : Math.round((i * (SCALE.length - 1)) / (scale.length - 1))];
}
