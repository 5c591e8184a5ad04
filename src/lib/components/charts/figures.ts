// One colour per kind of figure, the same on every chart, legend and table:
// the score, what the platform claimed (self-reported), the assured score
// (discounted for how well each answer is supported) and what was verified.
// Hues from Okabe & Ito, apart for every kind of colour vision; each fill
// keeps 3:1 on white (WCAG 1.4.11) and each `ink` 4.5:1 for text. The CSS
// custom properties in app.css carry the same values (a unit test holds
// them equal), so HTML keys and canvas charts cannot drift apart.
export const FIGURE_KINDS = ['score', 'claimed', 'assured', 'verified'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

export interface FigureColour {
	/** How legends and column headers name the figure. */
	label: string;
	/** Bars, points, swatches. */
	fill: string;
	/** Outlines, and text in the figure's colour. */
	ink: string;
	/** The app.css custom property holding `fill`. */
	cssVar: `--figure-${FigureKind}`;
}

export const FIGURE_COLOURS: Readonly<Record<FigureKind, FigureColour>> = Object.freeze({
	// The house navy: the figure everything else qualifies.
	score: { label: 'Score', fill: '#1f3a5f', ink: '#1f3a5f', cssVar: '--figure-score' },
	// Vermillion: the platform's own word, the figure to read with caution.
	claimed: { label: 'Self-reported', fill: '#d55e00', ink: '#b34e00', cssVar: '--figure-claimed' },
	assured: { label: 'Assured score', fill: '#0072b2', ink: '#004d78', cssVar: '--figure-assured' },
	verified: { label: 'Verified', fill: '#009e73', ink: '#007a59', cssVar: '--figure-verified' }
});

/** One figure per section as a bar series in its kind's colour; `label` overrides the legend's name. */
export function figureSeries(kind: FigureKind, data: Array<number | null>, label = FIGURE_COLOURS[kind].label): { label: string; data: Array<number | null>; fill: string; border: string } {
	const c = FIGURE_COLOURS[kind];
	return { label, data, fill: c.fill, border: c.ink };
}
