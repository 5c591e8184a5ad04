// chart.js, registered with only what Clearance draws: line and bar charts on
// category / linear axes, doughnuts and radars. Chart.svelte imports this
// module lazily, so chart.js (most of a chart page's script) loads after the
// page's figures and tables are already on screen, and pages without charts
// never fetch it.
import {
	ArcElement,
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	DoughnutController,
	Filler,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	RadarController,
	RadialLinearScale,
	Tooltip
} from 'chart.js';
import { INK } from './palette';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, DoughnutController, ArcElement, RadarController, RadialLinearScale, Filler, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', sans-serif";
Chart.defaults.font.size = 13;
Chart.defaults.color = INK;

export { Chart };
