// How each candidate is drawn in every compare chart and legend: twelve
// colours, twelve markers and twelve dash patterns, one of each per
// candidate, so twelve candidates stay distinct. Colour alone cannot do that
// for everyone (no twelve hues survive every colour-vision deficiency), so a
// candidate's marker and dash differ from every other's too, and charts
// label points directly where they can.
//
// Colours: Okabe & Ito's, then Paul Tol's muted and vibrant schemes, darkened
// where needed so each keeps 3:1 contrast on white (WCAG 1.4.11), in an
// order that keeps neighbours (the first few candidates) far apart.
import { MAX_CANDIDATES } from './url-state';

export const CANDIDATE_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#aa4499', '#996600', '#332288', '#cc6677', '#117733', '#882255', '#5f6b7a', '#000000', '#2e8b7a'] as const;

/** chart.js point styles; `filled: false` draws the outline on white, `rotation` in degrees. */
export interface Marker {
	style: 'circle' | 'triangle' | 'rect' | 'rectRot' | 'star' | 'crossRot' | 'cross';
	filled: boolean;
	rotation: number;
	/** What the marker looks like, for legends written in text and for tests. */
	name: string;
}

export const CANDIDATE_MARKERS: readonly Marker[] = [
	{ style: 'circle', filled: true, rotation: 0, name: 'filled circle' },
	{ style: 'triangle', filled: true, rotation: 0, name: 'filled triangle' },
	{ style: 'rect', filled: true, rotation: 0, name: 'filled square' },
	{ style: 'rectRot', filled: true, rotation: 0, name: 'filled diamond' },
	{ style: 'star', filled: false, rotation: 0, name: 'star' },
	{ style: 'crossRot', filled: false, rotation: 0, name: 'cross (×)' },
	{ style: 'circle', filled: false, rotation: 0, name: 'open circle' },
	{ style: 'triangle', filled: true, rotation: 180, name: 'filled triangle, point down' },
	{ style: 'rect', filled: false, rotation: 0, name: 'open square' },
	{ style: 'rectRot', filled: false, rotation: 0, name: 'open diamond' },
	{ style: 'cross', filled: false, rotation: 0, name: 'plus (+)' },
	{ style: 'triangle', filled: false, rotation: 180, name: 'open triangle, point down' }
];

/** Line patterns (chart.js borderDash); the first candidate's line is solid. */
export const CANDIDATE_DASHES: readonly number[][] = [[], [6, 3], [2, 3], [10, 4], [6, 3, 2, 3], [4, 4], [12, 3, 2, 3], [2, 6], [8, 2], [10, 3, 2, 3, 2, 3], [1, 3], [14, 4]];

if (CANDIDATE_COLOURS.length < MAX_CANDIDATES || CANDIDATE_MARKERS.length < MAX_CANDIDATES || CANDIDATE_DASHES.length < MAX_CANDIDATES) {
	throw new Error('the compare series must cover every candidate the view allows');
}

export interface CandidateStyle {
	colour: string;
	marker: Marker;
	dash: number[];
}

/** The i-th candidate's colour, marker and dash (in the comparison's order, so a candidate keeps its look as weights re-rank it). */
export function candidateStyle(i: number): CandidateStyle {
	const at = ((i % MAX_CANDIDATES) + MAX_CANDIDATES) % MAX_CANDIDATES;
	return { colour: CANDIDATE_COLOURS[at], marker: CANDIDATE_MARKERS[at], dash: [...CANDIDATE_DASHES[at]] };
}

/** The chart.js dataset fields that draw candidate i's points and line. */
export function candidateDataset(i: number) {
	const { colour, marker, dash } = candidateStyle(i);
	return {
		borderColor: colour,
		backgroundColor: colour,
		pointStyle: marker.style,
		pointRotation: marker.rotation,
		pointBackgroundColor: marker.filled ? colour : '#ffffff',
		pointBorderColor: colour,
		pointBorderWidth: 2,
		borderDash: dash
	};
}
