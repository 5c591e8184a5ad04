// Reliability drills on the production build: what an operator needs to
// trust before relying on Clearance. Each drill runs its own servers, on its
// own ports and throwaway databases, beside the ones Playwright starts.
import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertPortFree, cli, inspect, seeded, send, signIn, sleep, startServer, verifyAuditChain, WriteLoad, type Server } from '../helpers/production-server';

// An analyst: admins must enrol in two-factor authentication before they may write.
const ADMIN = 'drill-analyst@example.com';
const PASSWORD = 'reliability drill passphrase';
const CRASH_PORT = 4571;
const BACKUP_PORT = 4572;
const RESTORED_PORT = 4573;
const WORKERS_PORT = 4574;

/** Replay a failing run with the seed it printed. */
const SEED = Number(process.env.RELIABILITY_SEED || 8);
const ROUNDS = Number(process.env.CRASH_ROUNDS || 50);

const started: Server[] = [];
let dir = '';

async function boot(options: Parameters<typeof startServer>[0]): Promise<Server> {
	const server = await startServer(options);
	started.push(server);
	return server;
}

test.beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearance-drill-'));
});

test.afterEach(async ({}, info) => {
	for (const server of started.splice(0)) if (server.running()) await server.stop('SIGKILL');
	// A failed drill keeps its database and server log for a look.
	if (info.status === info.expectedStatus) fs.rmSync(dir, { recursive: true, force: true });
	else console.log(`drill files kept in ${dir}`);
});

async function createAdmin(db: string): Promise<void> {
	const r = await cli(db, ['user', 'add', '--email', ADMIN, '--name', 'Drill Analyst', '--role', 'analyst'], `${PASSWORD}\n`);
	expect(r.status, r.stderr).toBe(0);
}

/** Platforms in the database that no client of the drill sent: there must be none. */
function unaccounted(found: Map<string, number>, load: WriteLoad): string[] {
	return [...found.keys()].filter((name) => !load.acknowledged.has(name) && !load.unanswered.has(name));
}

/** Acknowledged writes that are not in the database with the id the client was given. */
function missing(expected: Map<string, number>, found: Map<string, number>): string[] {
	return [...expected].filter(([name, id]) => found.get(name) !== id).map(([name]) => name);
}

/** The live processes a supervisor has forked, read from /proc (Linux: state and parent follow the command name in stat). */
function childPids(pid: number): number[] {
	const children: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(parent) === pid && state !== 'Z') children.push(Number(entry));
		} catch {
			// gone meanwhile
		}
	}
	return children;
}

const ms = (n: number) => `${Math.round(n)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test.describe.serial('reliability', () => {
	test(`acknowledged writes survive ${ROUNDS} kill -9s of the production server under load`, async () => {
		// Fifty boots of the server; the drills share the two cores with the
		// browser tests' lane (playwright.config.ts), so allow a busy machine.
		test.setTimeout(480_000);
		const db = path.join(dir, 'data', 'clearance.db');
		const log = path.join(dir, 'server.log');
		await assertPortFree(CRASH_PORT);
		const random = seeded(SEED);
		const moments = Array.from({ length: ROUNDS }, () => Math.round(20 + random() * 480));
		console.log(`crash drill: seed ${SEED} (RELIABILITY_SEED), ${ROUNDS} rounds (CRASH_ROUNDS); SIGKILL after ${moments.join(', ')} ms of load`);
		await createAdmin(db);

		const begun = performance.now();
		let server = await boot({ port: CRASH_PORT, databasePath: db, log });
		const load = new WriteLoad('Crash drill', await signIn(server.origin, ADMIN, PASSWORD));
		const restarts: number[] = [];
		for (const moment of moments) {
			load.start(server.origin);
			await sleep(moment);
			expect(await server.stop('SIGKILL'), 'the server ended on its own before the kill').toBe('SIGKILL');
			await load.stop();
			const booting = performance.now();
			server = await boot({ port: CRASH_PORT, databasePath: db, log });
			restarts.push(performance.now() - booting);
		}
		// Back after the last kill: the newest writes are served to the session signed in before the first.
		for (const [name, id] of [...load.acknowledged].slice(-5)) {
			const page = await send(server.origin, 'GET', `/platforms/${id}`, { cookie: load.cookie });
			expect(page.status).toBe(200);
			expect(page.body).toContain(name);
		}
		expect(await server.stop('SIGTERM')).toBe(0);

		const found = inspect(db);
		const lost = missing(load.acknowledged, found.platforms);
		const committedInFlight = [...load.unanswered].filter((name) => found.platforms.has(name)).length;
		const events = await verifyAuditChain(db);
		console.log(
			[
				`crash drill: ${restarts.length}/${ROUNDS} rounds survived in ${((performance.now() - begun) / 1000).toFixed(1)} s (restart median ${ms(median(restarts))}, max ${ms(Math.max(...restarts))})`,
				`  writes acknowledged ${load.acknowledged.size}, found ${load.acknowledged.size - lost.length}; cut off by a kill ${load.unanswered.size} (of which committed ${committedInFlight}), refused while down ${load.undelivered.size}; unexpected answers ${load.unexpected.length}`,
				`  integrity_check ${found.integrity}; foreign_key_check ${found.foreignKeyViolations.length} rows; audit chain ${events} events verified; platforms without their audit event ${found.unaudited}`
			].join('\n')
		);

		expect(restarts).toHaveLength(ROUNDS);
		expect(load.acknowledged.size).toBeGreaterThan(ROUNDS);
		expect(lost).toEqual([]);
		expect(load.unexpected).toEqual([]);
		expect(unaccounted(found.platforms, load)).toEqual([]);
		expect(found.integrity).toBe('ok');
		expect(found.foreignKeyViolations).toEqual([]);
		expect(found.unaudited).toBe(0);
		expect(found.orphanEvents).toBe(0);
		expect(events).toBeGreaterThan(load.acknowledged.size);
	});

	test('a backup taken while writes run restores, boots and holds every earlier write', async () => {
		test.setTimeout(120_000);
		const db = path.join(dir, 'data', 'clearance.db');
		const log = path.join(dir, 'server.log');
		const backupFile = path.join(dir, 'backups', 'clearance-drill.db');
		await assertPortFree(BACKUP_PORT);
		await assertPortFree(RESTORED_PORT);
		await createAdmin(db);

		const server = await boot({ port: BACKUP_PORT, databasePath: db, log, via: 'cli' });
		const load = new WriteLoad('Backup drill', await signIn(server.origin, ADMIN, PASSWORD));
		load.start(server.origin);
		while (load.acknowledged.size < 100) await sleep(10);

		const before = new Map(load.acknowledged);
		const backupStarted = performance.now();
		const backup = await cli(db, ['backup', backupFile]);
		const backupSeconds = (performance.now() - backupStarted) / 1000;
		const atFinish = new Set(load.acknowledged.keys());
		await sleep(300);
		await load.stop();
		const during = atFinish.size - before.size;
		const afterBackup = [...load.acknowledged.keys()].filter((name) => !atFinish.has(name));
		expect(backup.status, backup.stderr).toBe(0);
		expect(backup.stdout).toMatch(/integrity check ok/);

		// README, Backups: "Restore by stopping the server and copying the file back to DATABASE_PATH."
		expect(await server.stop('SIGTERM')).toBe(0);
		const live = inspect(db);
		const sidecars = ['-wal', '-shm'].filter((suffix) => fs.existsSync(db + suffix));
		fs.copyFileSync(backupFile, db);

		const booting = performance.now();
		const restored = await boot({ port: RESTORED_PORT, databasePath: db, log, via: 'cli' });
		const bootSeconds = (performance.now() - booting) / 1000;
		// The session signed in before the backup is in it, and so is the first platform written.
		const [firstName, firstId] = [...before][0];
		const page = await send(restored.origin, 'GET', `/platforms/${firstId}`, { cookie: load.cookie });
		expect(page.status).toBe(200);
		expect(page.body).toContain(firstName);
		expect(await restored.stop('SIGTERM')).toBe(0);

		const found = inspect(db);
		const events = await verifyAuditChain(db);
		const lost = missing(before, found.platforms);
		// A backup is one moment: every platform up to its newest is in it, and none written after it finished.
		const newest = Math.max(...found.platforms.values());
		const gaps = [...live.platforms].filter(([name, id]) => id <= newest && !found.platforms.has(name)).map(([name]) => name);
		const leaked = afterBackup.filter((name) => found.platforms.has(name));
		console.log(
			[
				`backup drill: ${before.size} writes acknowledged before \`clearance backup\` started, ${during} while it ran (${backupSeconds.toFixed(2)} s), ${afterBackup.length} after it finished`,
				`  live database: ${live.platforms.size} platforms; left beside it after a clean stop: ${sidecars.join(', ') || 'no -wal or -shm'}`,
				`  backup: ${found.platforms.size} platforms, ${(fs.statSync(backupFile).size / 1024).toFixed(0)} KiB; earlier writes missing ${lost.length}; writes after it present ${leaked.length}`,
				`  restored: /healthz answered in ${bootSeconds.toFixed(2)} s; integrity_check ${found.integrity}; foreign_key_check ${found.foreignKeyViolations.length} rows; audit chain ${events} events verified`
			].join('\n')
		);

		expect(during, 'no write was acknowledged while the backup ran').toBeGreaterThan(0);
		expect(lost).toEqual([]);
		expect(gaps).toEqual([]);
		expect(leaked).toEqual([]);
		expect(unaccounted(found.platforms, load)).toEqual([]);
		expect(load.unexpected).toEqual([]);
		expect(found.integrity).toBe('ok');
		expect(found.foreignKeyViolations).toEqual([]);
		expect(found.unaudited).toBe(0);
		expect(found.orphanEvents).toBe(0);
	});

	test('two server processes write one database and one audit chain; a killed one is replaced, SIGTERM stops both', async () => {
		test.setTimeout(120_000);
		const db = path.join(dir, 'data', 'clearance.db');
		const log = path.join(dir, 'server.log');
		await assertPortFree(WORKERS_PORT);
		await createAdmin(db);

		const server = await boot({ port: WORKERS_PORT, databasePath: db, log, via: 'cli', env: { WORKERS: '2' } });
		const workers = () => childPids(server.process.pid!);
		const first = workers();
		expect(first, 'clearance serve with WORKERS=2 runs two server processes').toHaveLength(2);

		const load = new WriteLoad('Workers drill', await signIn(server.origin, ADMIN, PASSWORD));
		load.start(server.origin);
		while (load.acknowledged.size < 150) await sleep(10);
		process.kill(first[0], 'SIGKILL');
		const killedAt = load.acknowledged.size;
		const deadline = Date.now() + 20_000;
		while (workers().length < 2 || workers().includes(first[0])) {
			if (Date.now() > deadline) throw new Error(`no replacement for the killed server process:\n${fs.readFileSync(log, 'utf8')}`);
			await sleep(50);
		}
		while (load.acknowledged.size < killedAt + 150) await sleep(10);
		const replaced = workers();
		// Stopped alongside the server: a connection that was being passed to
		// the killed process is answered by neither; it ends when the server does.
		const loadStopped = load.stop();
		await Promise.race([loadStopped, sleep(1000)]);
		expect(await server.stop('SIGTERM')).toBe(0);
		await loadStopped;
		const alive = [...first, ...replaced].filter((pid) => {
			try {
				process.kill(pid, 0);
				return true;
			} catch {
				return false;
			}
		});
		const found = inspect(db);
		const events = await verifyAuditChain(db);
		console.log(
			`workers drill: ${load.acknowledged.size} writes acknowledged across 2 processes (${killedAt} before one was killed), cut off by the kill ${load.unanswered.size}; audit chain ${events} events verified`
		);
		expect(fs.readFileSync(log, 'utf8')).toContain('a server process exited with signal SIGKILL; starting another');
		expect(alive, 'no server process outlives the supervisor').toEqual([]);
		expect(missing(load.acknowledged, found.platforms)).toEqual([]);
		expect(unaccounted(found.platforms, load)).toEqual([]);
		expect(load.unexpected).toEqual([]);
		expect(found.integrity).toBe('ok');
		expect(found.unaudited).toBe(0);
		expect(found.orphanEvents).toBe(0);
	});
});
