// The cost of "My work" on a portfolio-scale database (bench/portfolio/seed.ts,
// full size): the navigation badge is computed on every signed-in page view,
// so its queries must stay well under a millisecond or two per role.
// Run: npx tsx bench/queue.ts (QUEUE_BENCH_DB=file keeps the seeded database for the next run)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const kept = process.env.QUEUE_BENCH_DB;
const dir = kept ? path.dirname(path.resolve(kept)) : fs.mkdtempSync(path.join(os.tmpdir(), 'clearance-bench-queue-'));
const file = kept ? path.resolve(kept) : path.join(dir, 'bench.db');
const fresh = !fs.existsSync(file);
process.env.DATABASE_PATH = file;
process.env.MIGRATIONS_PATH = path.resolve('drizzle');

const { closeDatabase, handle } = await import('../src/lib/server/db/index');
const { prepareDatabase } = await import('../src/lib/server/db/setup');
const { FULL_SIZE, seedBenchPortfolio } = await import('./portfolio/seed');
const { countFor, workFor } = await import('../src/lib/server/queue');
const users = await import('../src/lib/server/auth/users');

try {
	await prepareDatabase(handle());
	if (fresh) console.log('seeded', JSON.stringify((await seedBenchPortfolio(FULL_SIZE)).counts));
	const analyst = users.findByEmail('analyst@bench.example')!;
	const committee = users.findByEmail('committee-a@bench.example')!;
	const ROUNDS = 200;
	for (const [label, who] of [
		['analyst', { id: analyst.id, role: 'analyst' as const }],
		['admin (as the analyst, plus security)', { id: analyst.id, role: 'admin' as const }],
		['committee', { id: committee.id, role: 'committee' as const }]
	] as const) {
		const time = (f: (i: number) => unknown) => {
			for (let i = 0; i < 20; i++) f(i);
			const times: number[] = [];
			for (let i = 0; i < ROUNDS; i++) {
				const t = performance.now();
				f(i);
				times.push(performance.now() - t);
			}
			times.sort((a, b) => a - b);
			return `median ${times[ROUNDS / 2].toFixed(2)} ms, p95 ${times[Math.floor(ROUNDS * 0.95)].toFixed(2)} ms`;
		};
		const start = Date.now();
		// Each call a minute on from the last: never a count kept from before.
		let minute = 0;
		const computed = time(() => countFor(who, start + ++minute * 60_000));
		const kept = time(() => countFor(who, start));
		console.log(`${label}: computed ${computed}; kept ${kept}`);
		const items = workFor(who).map((q) => `${q.kind}=${q.items.length}`).join(' ');
		console.log(`  ${items}`);
	}
} finally {
	closeDatabase();
	if (!kept) fs.rmSync(dir, { recursive: true, force: true });
}
