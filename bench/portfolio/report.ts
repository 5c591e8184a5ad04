// The benchmark's results: what was measured, the goals of issue 9 checked
// against it, and the table printed at the end (also the README's). Pure, so
// the goal rules are tested without running the benchmark.
import type { RouteScript } from './client-js';
import type { LoadFigures } from './http';
import type { Rescore } from './rescore';

export interface PageResult {
	name: string;
	path: string;
	runs: LoadFigures[];
}

export interface Results {
	when: string;
	machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
	size: { platforms: number; finals: number; selfAssessments: number; reviews: number; auditEvents: number };
	seed: { ms: number; phases: Record<string, number> };
	databaseBytes: number;
	rescore: Rescore;
	secondsPerRun: number;
	/** How the server ran: `clearance serve` (npm start) and its number of processes. */
	server: { command: string; workers: number };
	pages: PageResult[];
	clientJs: RouteScript[];
	goals: Goal[];
}

export interface Goal {
	goal: string;
	met: boolean;
	actual: string;
}

const HEALTHZ = '/healthz';
/** Pages held to the tighter latency and throughput goals. */
const KEY_PAGES = ['Dashboard', 'Compare 10 platforms'];
const COMPARE_ROUTE = '/(app)/compare';
export const COMPARE_12 = 'Compare 12 platforms (compare-12)';

const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function runAt(page: PageResult, connections: number): LoadFigures {
	const run = page.runs.find((r) => r.connections === connections);
	if (!run) throw new Error(`${page.name}: no run at ${connections} connections`);
	return run;
}

/** A page's throughput as a share of /healthz's at the same concurrency. */
export function ratioToFloor(pages: PageResult[], page: PageResult, connections: number): number {
	const floor = pages.find((p) => p.path === HEALTHZ);
	if (!floor) throw new Error('no /healthz run to compare with');
	return runAt(page, connections).requestsPerSecond / runAt(floor, connections).requestsPerSecond;
}

export function checkGoals(r: Omit<Results, 'goals'>): Goal[] {
	const goals: Goal[] = [];
	const pages = r.pages.filter((p) => p.path !== HEALTHZ);
	for (const name of KEY_PAGES) {
		const page = pages.find((p) => p.name === name);
		if (!page) throw new Error(`no results for ${name}`);
		const run = runAt(page, 50);
		goals.push({ goal: `${name}: p99 under 100 ms at 50 connections`, met: run.p99 < 100, actual: ms(run.p99) });
		const ratio = ratioToFloor(r.pages, page, 50);
		goals.push({ goal: `${name}: at least 30% of /healthz throughput at 50 connections`, met: ratio >= 0.3, actual: `${(ratio * 100).toFixed(0)}%` });
	}
	// Issue 20: compare at its largest, as a share of the floor in the same run.
	const compare12 = pages.find((p) => p.name === COMPARE_12);
	if (compare12) {
		const ratio = ratioToFloor(r.pages, compare12, 50);
		goals.push({ goal: `${COMPARE_12}: at least 10% of /healthz throughput at 50 connections`, met: ratio >= 0.1, actual: `${(ratio * 100).toFixed(0)}%` });
	}
	for (const page of pages) {
		const worst = Math.max(...page.runs.map((x) => x.p99));
		goals.push({ goal: `${page.name}: p99 under 150 ms`, met: worst < 150, actual: ms(worst) });
	}
	for (const page of r.pages) {
		const bad = page.runs.reduce((n, x) => n + x.non2xx + x.errors, 0);
		goals.push({ goal: `${page.name}: every answer a 200, no errors`, met: bad === 0, actual: bad === 0 ? 'all 200' : `${bad} bad` });
	}
	for (const route of r.clientJs) {
		const limit = route.route === COMPARE_ROUTE ? 150 : 80;
		goals.push({ goal: `${route.route}: client JS ≤ ${limit} KB gzipped`, met: route.gzip <= limit * 1024, actual: kb(route.gzip) });
	}
	goals.push({ goal: `Seeding ${r.size.finals.toLocaleString('en')} final assessments under 20 s`, met: r.seed.ms < 20_000, actual: `${(r.seed.ms / 1000).toFixed(1)} s` });
	goals.push({ goal: 'Full-portfolio rescore under 1 s', met: r.rescore.fromAnswersMs < 1000, actual: ms(r.rescore.fromAnswersMs) });
	goals.push({
		goal: 'Rescored answers reproduce every stored snapshot',
		met: r.rescore.snapshotsReproduced === r.rescore.assessments,
		actual: `${r.rescore.snapshotsReproduced}/${r.rescore.assessments}`
	});
	return goals;
}

/** Markdown: the page table, then the other figures, then the goals missed (or that none were). */
export function formatTable(r: Results): string {
	const lines: string[] = [];
	lines.push(`| page | p50 @10 | p99 @10 | req/s @10 | p50 @50 | p99 @50 | req/s @50 | vs /healthz @50 | ramp @50 |`);
	lines.push(`|---|---:|---:|---:|---:|---:|---:|---:|---:|`);
	for (const page of r.pages) {
		const [a, b] = [runAt(page, 10), runAt(page, 50)];
		const ratio = page.path === HEALTHZ ? '100%' : `${(ratioToFloor(r.pages, page, 50) * 100).toFixed(0)}%`;
		const ramp = `${(b.rampMs / 1000).toFixed(1)} s, slowest ${ms(b.rampMaxMs)}`;
		lines.push(`| ${page.name} | ${ms(a.p50)} | ${ms(a.p99)} | ${Math.round(a.requestsPerSecond).toLocaleString('en')} | ${ms(b.p50)} | ${ms(b.p99)} | ${Math.round(b.requestsPerSecond).toLocaleString('en')} | ${ratio} | ${ramp} |`);
	}
	lines.push('');
	lines.push(`Served by \`${r.server.command}\` with ${r.server.workers} server process${r.server.workers === 1 ? '' : 'es'} (WORKERS). Latency and throughput are those of the ${r.secondsPerRun} s after every connection had its first answer. The ramp before it, when the server accepts the burst of new connections one per turn of its event loop, is shown apart: how long it took, and the slowest answer in it.`);
	lines.push('');
	lines.push(`| figure | value |`);
	lines.push(`|---|---:|`);
	lines.push(`| Seed: ${r.size.platforms.toLocaleString('en')} platforms, ${r.size.finals.toLocaleString('en')} final assessments, ${r.size.selfAssessments} self-assessments, ${r.size.reviews} reviews | ${(r.seed.ms / 1000).toFixed(1)} s |`);
	lines.push(`| Database size (${r.size.auditEvents.toLocaleString('en')} audit events) | ${(r.databaseBytes / 1024 / 1024).toFixed(1)} MB |`);
	lines.push(`| Rescore of ${r.rescore.assessments.toLocaleString('en')} final assessments from their answers, new profile | ${ms(r.rescore.fromAnswersMs)} |`);
	lines.push(`| Re-weighing the same stored results (what compare does) | ${ms(r.rescore.fromSnapshotsMs)} |`);
	const compare = r.clientJs.find((c) => c.route === COMPARE_ROUTE);
	if (compare) lines.push(`| Client JS, compare (gzipped; charts load after, ${kb(compare.lazyGzip)}) | ${kb(compare.gzip)} |`);
	const other = r.clientJs.find((c) => c.route !== COMPARE_ROUTE);
	if (other) lines.push(`| Client JS, heaviest other page: ${other.route} | ${kb(other.gzip)} |`);
	lines.push('');
	const missed = r.goals.filter((g) => !g.met);
	lines.push(missed.length ? `Goals missed (${missed.length} of ${r.goals.length}):` : `All ${r.goals.length} goals met.`);
	for (const g of missed) lines.push(`- ${g.goal}: ${g.actual}`);
	return lines.join('\n');
}
