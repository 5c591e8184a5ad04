// `npm run bench:portfolio` (part of `npm run bench`): Clearance at an
// allocator's scale on this machine. Builds the app, seeds 1,000 platforms
// with 5,000 final assessments, 200 self-assessments and 50 committee reviews
// into a fresh database, rescores the portfolio, starts the production server
// and loads its pages over loopback with autocannon; then prints a table,
// checks the goals of issue 9 and writes bench/results.json.
//
//   --no-build      use the existing ./build and .svelte-kit/output
//   --seconds N     length of each timed run (default 8)
//   --port N        the server's port (default 4390)
//   --keep          keep the benchmark database (its path is printed)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
	options: { 'no-build': { type: 'boolean', default: false }, seconds: { type: 'string', default: '8' }, port: { type: 'string', default: '4390' }, keep: { type: 'boolean', default: false } }
});
const seconds = Number(args.seconds);
const port = Number(args.port);
if (!Number.isInteger(seconds) || seconds < 1) throw new Error('--seconds must be a whole number of seconds, at least 1');
if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error('--port must be a port number from 1024 to 65535');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearance-bench-'));
const databasePath = path.join(dir, 'bench.db');
// Set before any server module is loaded: they read it when they first open the database.
process.env.DATABASE_PATH = databasePath;

const { closeDatabase, handle } = await import('../src/lib/server/db/index');
const { prepareDatabase } = await import('../src/lib/server/db/setup');
const { FULL_SIZE, seedBenchPortfolio } = await import('./portfolio/seed');
const { rescorePortfolio } = await import('./portfolio/rescore');
const { clientScripts } = await import('./portfolio/client-js');
const { checkTargets, measure, warm } = await import('./portfolio/http');
const { checkGoals, formatTable } = await import('./portfolio/report');
const { assertPortFree, signIn, startServer } = await import('../tests/helpers/production-server');
const { workerCount } = await import('../src/cli/cluster');
type Results = import('./portfolio/report').Results;
type Target = import('./portfolio/http').Target;

const say = (line: string) => console.log(`bench: ${line}`);

if (!args['no-build']) {
	say('building the app (vite build)…');
	const built = spawnSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (built.status !== 0) throw new Error('npm run build failed');
}
if (!fs.existsSync('build/index.js')) throw new Error('no production build in ./build; run without --no-build');
await assertPortFree(port);

// Seed ----------------------------------------------------------------------
say(`seeding ${FULL_SIZE.platforms.toLocaleString('en')} platforms, ${FULL_SIZE.finals.toLocaleString('en')} final assessments, ${FULL_SIZE.selfAssessments} self-assessments and ${FULL_SIZE.reviews} reviews into ${databasePath}…`);
await prepareDatabase(handle());
const seedStarted = performance.now();
const seeded = await seedBenchPortfolio(FULL_SIZE);
const seedMs = performance.now() - seedStarted;
say(`seeded in ${(seedMs / 1000).toFixed(1)} s`);

// Rescore -------------------------------------------------------------------
const rescore = rescorePortfolio({ format: 'clearance-profile/1', name: 'Hiring-led', sections: { governance: 1, hiring: 3, insider: 2, keys: 2, social: 1, 'supply-chain': 1, response: 1 } });
say(`rescored ${rescore.assessments.toLocaleString('en')} assessments in ${rescore.fromAnswersMs.toFixed(0)} ms`);

// Pick what to load: the platform with the longest history, its latest assessment.
const { sqlite } = handle();
const busiest = sqlite
	.prepare(`SELECT a.platform_id AS platformId, p.name AS name, count(*) AS n, max(a.id) AS latest FROM assessments a JOIN platforms p ON p.id = a.platform_id WHERE a.state = 'final' AND a.origin = 'analyst' GROUP BY a.platform_id ORDER BY n DESC, a.platform_id LIMIT 1`)
	.get() as { platformId: number; name: string; n: number; latest: number };
const auditEvents = (sqlite.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
const finals = (sqlite.prepare(`SELECT count(*) AS n FROM assessments WHERE state = 'final'`).get() as { n: number }).n;
closeDatabase();
const databaseBytes = fs.statSync(databasePath).size;

const tenPlatforms = seeded.platformIds.filter((_, i) => i % 97 === 3).slice(0, 10);
// The most the compare view takes (issue 20 holds it to 10% of /healthz).
const twelvePlatforms = seeded.platformIds.filter((_, i) => i % 83 === 5).slice(0, 12);
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const targets: Target[] = [
	{ name: '/healthz (floor)', path: '/healthz', expect: 'ok', signedIn: false },
	{ name: 'Dashboard', path: '/dashboard', expect: 'Platforms by grade', signedIn: true },
	{ name: 'Platform list, first page', path: '/platforms', expect: 'Platforms', signedIn: true },
	{ name: 'Platform list, filtered', path: '/platforms?kind=custodian&status=approved&q=a', expect: 'Custod', signedIn: true },
	{ name: 'Platform list, sorted by grade', path: '/platforms?sort=grade', expect: 'Platforms', signedIn: true },
	{ name: 'Platform page', path: `/platforms/${busiest.platformId}`, expect: escapeHtml(busiest.name), signedIn: true },
	{ name: 'Compare 10 platforms', path: `/compare?c=${tenPlatforms.join(',')}`, expect: 'Question by question', signedIn: true },
	{ name: 'Compare 12 platforms (compare-12)', path: `/compare?c=${twelvePlatforms.join(',')}`, expect: 'Question by question', signedIn: true },
	{ name: 'Assessment page', path: `/assessments/${busiest.latest}`, expect: escapeHtml(busiest.name), signedIn: true }
];

// Load ----------------------------------------------------------------------
// As `npm start` runs it: one server process per core unless WORKERS says otherwise.
const workers = workerCount(process.env.WORKERS);
say(`starting the production server (clearance serve, ${workers} process${workers === 1 ? '' : 'es'}) on port ${port}…`);
const server = await startServer({ port, databasePath, log: path.join(dir, 'server.log'), via: 'cli' });
const pages: Results['pages'] = [];
try {
	const cookie = await signIn(server.origin, seeded.analyst.email, seeded.analyst.password);
	await checkTargets(server.origin, cookie, targets);
	for (const target of targets) {
		await warm(server.origin, cookie, target);
		const runs = [];
		for (const connections of [10, 50]) {
			const figures = await measure(server.origin, cookie, target, connections, seconds);
			say(`${target.name} @${connections}: p50 ${figures.p50} ms, p99 ${figures.p99} ms, ${Math.round(figures.requestsPerSecond)} req/s`);
			runs.push(figures);
		}
		pages.push({ name: target.name, path: target.path, runs });
	}
} finally {
	await server.stop('SIGTERM');
}

// Report --------------------------------------------------------------------
const cpus = os.cpus();
const partial: Omit<Results, 'goals'> = {
	when: new Date().toISOString(),
	machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.arch()}` },
	size: { platforms: seeded.counts.platforms, finals, selfAssessments: FULL_SIZE.selfAssessments, reviews: FULL_SIZE.reviews, auditEvents },
	seed: { ms: seedMs, phases: seeded.timings },
	databaseBytes,
	rescore,
	secondsPerRun: seconds,
	server: { command: 'clearance serve', workers },
	pages,
	clientJs: clientScripts('.svelte-kit/output')
};
const results: Results = { ...partial, goals: checkGoals(partial) };
fs.writeFileSync('bench/results.json', JSON.stringify(results, null, '\t') + '\n');
console.log(`\n${formatTable(results)}\n\nWritten to bench/results.json.`);
if (args.keep) say(`database kept at ${databasePath}`);
else fs.rmSync(dir, { recursive: true, force: true });
