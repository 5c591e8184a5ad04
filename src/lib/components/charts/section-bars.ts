// Two figures per section as paired horizontal bars on a 0–100 axis: the
// section scores beside the assured scores, or self-reported beside verified.
import type { ChartConfiguration } from 'chart.js';
import { GRID } from './palette';

export interface BarSeries {
	label: string;
	/** One figure per section, in the sections' order; null leaves a gap. */
	data: Array<number | null>;
	fill: string;
	border: string;
}

/** A long title as lines of about `width` characters: chart.js cuts a long label short rather than wrap it. */
export function lines(title: string, width = 24): string[] {
	const out: string[] = [];
	for (const word of title.split(' ')) {
		const last = out.at(-1);
		if (last !== undefined && last.length + 1 + word.length <= width) out[out.length - 1] = `${last} ${word}`;
		else out.push(word);
	}
	return out;
}

/** One decimal is as precise as the method deserves, on a bar as in a table. */
const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export function sectionBars(titles: string[], series: BarSeries[]): ChartConfiguration {
	return {
		type: 'bar',
		data: {
			labels: titles.map((t) => lines(t)),
			datasets: series.map((s) => ({ label: s.label, data: s.data.map(round), backgroundColor: s.fill, borderColor: s.border, borderWidth: 1 }))
		},
		options: {
			indexAxis: 'y',
			scales: {
				x: { min: 0, max: 100, ticks: { stepSize: 20 }, title: { display: true, text: 'Score (0–100)' }, grid: { color: GRID } },
				// Every section named, even when chart.js would thin out crowded labels.
				y: { grid: { display: false }, ticks: { autoSkip: false } }
			},
			plugins: { legend: { position: 'bottom' } }
		}
	};
}
