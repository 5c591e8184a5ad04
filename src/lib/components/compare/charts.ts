// chart.js configurations for the compare view, built from the candidates'
// figures. Plain data only (the Chart wrapper copies it); the two bits of code
// a chart needs, a marker plugin and tooltip lines, are exported separately.
import type { ChartConfiguration, Plugin } from 'chart.js';
import type { CandidateFigures } from '$lib/compare/figures';
import type { CompareSection } from '$lib/compare/types';
import { FIGURE_COLOURS } from '../charts/figures';
import { candidateDataset, candidateStyle } from '$lib/compare/series';
import { GRID, gradeColour } from '../charts/palette';
import { lines } from '../charts/section-bars';

const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

const scoreAxis = { min: 0, max: 100, ticks: { stepSize: 20 }, title: { display: true, text: 'Score (0–100)' }, grid: { color: GRID } };

/** Ranking: one horizontal bar per candidate, best first, coloured by grade. */
export function rankingChart(rows: readonly CandidateFigures[], grades: readonly string[]): ChartConfiguration<'bar'> {
	return {
		type: 'bar',
		data: {
			// Wrapped, so a long name is not cut off on a phone.
			labels: rows.map((r) => lines(`${r.rank}. ${r.candidate.platformName}`, 22)),
			datasets: [
				{
					label: 'Overall score',
					data: rows.map((r) => round(r.result.overall.score) ?? 0),
					backgroundColor: rows.map((r) => gradeColour(r.result.overall.grade, grades)),
					borderWidth: 0,
					// Read by the knock-out marker plugin: which bars a knock-out caps.
					...({ capped: rows.map((r) => r.result.overall.grade !== r.result.overall.bandGrade), grades: rows.map((r) => r.result.overall.grade ?? '—') } as object)
				}
			]
		},
		options: {
			indexAxis: 'y',
			scales: { x: scoreAxis, y: { grid: { display: false }, ticks: { autoSkip: false } } },
			plugins: { legend: { display: false } }
		}
	};
}

/** Draws each bar's grade at its end, and a red ▼ "capped" flag where a knock-out lowered it. */
export const gradeMarkers: Plugin<'bar'> = {
	id: 'gradeMarkers',
	afterDatasetsDraw(chart) {
		const dataset = chart.data.datasets[0] as unknown as { capped?: boolean[]; grades?: string[] } | undefined;
		if (!dataset?.grades) return;
		const { ctx } = chart;
		const bars = chart.getDatasetMeta(0).data;
		ctx.save();
		ctx.font = `600 13px ${chartFont(chart)}`;
		ctx.textBaseline = 'middle';
		bars.forEach((bar, i) => {
			const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
			let at = x + 6;
			ctx.fillStyle = '#1c2430';
			ctx.fillText(dataset.grades![i], at, y);
			at += ctx.measureText(dataset.grades![i]).width + 6;
			if (dataset.capped?.[i]) {
				ctx.fillStyle = '#b42318';
				ctx.beginPath();
				ctx.moveTo(at, y - 5);
				ctx.lineTo(at + 10, y - 5);
				ctx.lineTo(at + 5, y + 5);
				ctx.closePath();
				ctx.fill();
				// The word only where it fits (a phone's chart is narrow); the ▼ and the tooltip say it anyway.
				if (at + 14 + ctx.measureText('capped').width <= chart.width) ctx.fillText('capped', at + 14, y);
			}
		});
		ctx.restore();
	}
};

function chartFont(chart: { options: { font?: { family?: string } } }): string {
	return chart.options.font?.family ?? 'system-ui, sans-serif';
}

/** The tooltip of a ranking bar: score, grade, and every knock-out that caps it. */
export function rankingTooltip(rows: readonly CandidateFigures[], questionPrompt: (id: string) => string) {
	return {
		label: (item: { dataIndex: number }) => {
			const r = rows[item.dataIndex];
			return `Score ${round(r.result.overall.score) ?? '—'}, grade ${r.result.overall.grade ?? '—'}`;
		},
		afterLabel: (item: { dataIndex: number }) => {
			const r = rows[item.dataIndex];
			if (!r.result.knockouts.length) return '';
			// Wrapped: chart.js clips a tooltip line wider than the canvas.
			return [`Band grade ${r.result.overall.bandGrade}; knock-outs:`, ...r.result.knockouts.flatMap((k) => lines(`caps at ${k.capGrade}: ${questionPrompt(k.question)}`, 48))];
		}
	};
}

/**
 * Section scores of up to a few candidates on one radar. Past five the shapes
 * overlap into noise, so the page offers it only for small comparisons and
 * leads with the dot plot below.
 */
export function radarChart(rows: readonly CandidateFigures[], sections: readonly CompareSection[]): ChartConfiguration<'radar'> {
	return {
		type: 'radar',
		data: {
			labels: sections.map((s) => lines(s.title, 16)),
			datasets: rows.map((r, i) => ({
				label: r.candidate.platformName,
				data: sections.map((s) => round(r.result.sections.find((x) => x.id === s.id)?.score ?? null)),
				...candidateDataset(i),
				backgroundColor: `${candidateStyle(i).colour}22`,
				fill: true,
				borderWidth: 2,
				pointRadius: 4
			}))
		},
		options: {
			scales: { r: { min: 0, max: 100, ticks: { stepSize: 20, backdropColor: 'rgba(255, 255, 255, 0.85)', z: 1 }, grid: { color: GRID }, angleLines: { color: GRID }, pointLabels: { font: { size: 11 } } } },
			plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8 } } }
		}
	};
}

/** The most candidates the radar is offered for. */
export const RADAR_MAX = 5;

/**
 * Section scores as a dot plot: one row per section, one marker per candidate
 * on a shared 0–100 axis. Reads at twelve candidates where grouped bars
 * (twelve bars per section) do not: each candidate keeps its colour and marker
 * across rows, and close scores sit visibly close.
 */
export function sectionsChart(rows: readonly CandidateFigures[], sections: readonly CompareSection[]): ChartConfiguration<'line'> {
	return {
		type: 'line',
		data: {
			labels: sections.map((s) => lines(s.title, 18)),
			datasets: rows.map((r, i) => ({
				label: r.candidate.platformName,
				data: sections.map((s) => round(r.result.sections.find((x) => x.id === s.id)?.score ?? null)),
				...candidateDataset(i),
				showLine: false,
				pointRadius: 6,
				pointHoverRadius: 8
			}))
		},
		options: {
			indexAxis: 'y',
			interaction: { mode: 'nearest', intersect: true },
			scales: { x: scoreAxis, y: { grid: { color: GRID }, ticks: { autoSkip: false, font: { size: 12 } } } },
			// The key is HTML under the chart (SeriesKey): it wraps, and leaves the canvas to the points.
			plugins: { legend: { display: false } }
		}
	};
}

/** Assured beside overall beside claimed score, per candidate. */
export function assuranceChart(rows: readonly CandidateFigures[]): ChartConfiguration<'bar'> {
	return {
		type: 'bar',
		data: {
			labels: rows.map((r) => lines(r.candidate.platformName, 22)),
			datasets: [
				// The figure colours every page uses (charts/figures.ts), so a colour means one thing everywhere.
				{ label: 'Score', data: rows.map((r) => round(r.result.overall.score)), backgroundColor: FIGURE_COLOURS.score.fill, borderWidth: 0 },
				{ label: 'Assured score', data: rows.map((r) => round(r.result.overall.assuredScore)), backgroundColor: FIGURE_COLOURS.assured.fill, borderWidth: 0 },
				{ label: 'Self-reported score', data: rows.map((r) => round(r.claimed?.overall.score ?? null)), backgroundColor: FIGURE_COLOURS.claimed.fill, borderWidth: 0 }
			]
		},
		options: {
			indexAxis: 'y',
			scales: { x: scoreAxis, y: { grid: { display: false }, ticks: { autoSkip: false } } },
			plugins: { legend: { position: 'bottom' } }
		}
	};
}

export interface TrendLine {
	name: string;
	points: Array<{ finalizedAt: number; score: number | null }>;
}

/**
 * Overall score over time, one line per candidate. The x axis is linear in
 * time (milliseconds), so a nine-month gap is nine times a one-month gap;
 * `trendTicks` labels it with dates.
 */
export function trendChart(lines: readonly TrendLine[]): ChartConfiguration<'line'> {
	const times = lines.flatMap((l) => l.points.map((p) => p.finalizedAt));
	const pad = times.length ? Math.max(86_400_000 * 15, (Math.max(...times) - Math.min(...times)) * 0.04) : 0;
	return {
		type: 'line',
		data: {
			datasets: lines.map((l, i) => ({
				label: l.name,
				data: l.points.map((p) => ({ x: p.finalizedAt, y: round(p.score) })),
				spanGaps: true,
				...candidateDataset(i),
				borderWidth: 2,
				pointRadius: 4
			}))
		},
		options: {
			interaction: { mode: 'nearest', intersect: false },
			scales: {
				y: scoreAxis,
				x: { type: 'linear', min: times.length ? Math.min(...times) - pad : undefined, max: times.length ? Math.max(...times) + pad : undefined, title: { display: true, text: 'Finalised' }, grid: { display: false }, ticks: { maxTicksLimit: 6 } }
			},
			plugins: { legend: { display: false } }
		}
	};
}

/** Tick labels and tooltip titles for the trend chart's time axis. */
export const trendTicks = (value: number | string) => day(Number(value));
export const trendTooltip = {
	title: (items: ReadonlyArray<{ parsed: unknown }>) => {
		const x = (items[0]?.parsed as { x?: number } | undefined)?.x;
		return typeof x === 'number' ? day(x) : '';
	}
};

export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
