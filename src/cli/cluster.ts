// One server process per core. A SvelteKit server renders each page on one
// JavaScript thread; on a two-core machine a second process serves about
// 1.6 times the pages (the portfolio benchmark). This is safe because every process opens the same SQLite file
// (WAL, IMMEDIATE write transactions, a busy timeout), keeps its state there
// (sessions, login throttles, the audit chain) and keeps in memory only
// caches that check the database's change counters (read-cache.ts).
//
// The primary process only supervises: it forks the workers (each runs the
// adapter-node build as `node build/index.js` would), hands them connections
// in turn, replaces one that dies, and on SIGTERM or SIGINT stops them all
// gracefully and exits when they have.
//
// One known cost of round robin: a connection the primary is passing to a
// worker at the instant that worker crashes is lost in transit (Node's
// handle keeps it, unanswered; see nodejs/node#21940). Its client waits
// until its own timeout or until the supervisor exits. A crash loses the
// requests in flight anyway; this is one more.
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import { InputError } from './args';

/** More processes than this gain nothing: SQLite has one writer, and each process holds its own caches. */
const DEFAULT_MAX = 8;
/** Upper bound for an explicit WORKERS. */
const MAX = 64;
/** A worker that dies this often within the window is failing, not unlucky: stop rather than loop. */
const CRASHES_ALLOWED = 5;
const CRASH_WINDOW_MS = 60_000;

/** `WORKERS` as a process count: one per core by default, 1 for a single process. */
export function workerCount(value: string | undefined, cores = os.availableParallelism()): number {
	const text = value?.trim() ?? '';
	if (text === '') return Math.max(1, Math.min(cores, DEFAULT_MAX));
	const n = /^\d+$/.test(text) ? Number(text) : NaN;
	if (!Number.isInteger(n) || n < 1 || n > MAX) throw new InputError(`WORKERS must be a whole number from 1 to ${MAX} (got "${value}")`);
	return n;
}

export interface SuperviseOptions {
	/** The server script each worker runs. */
	entry: string;
	count: number;
	log?: (line: string) => void;
}

/**
 * Run `count` workers until a signal stops them or they keep failing.
 * Resolves with the exit code for the primary: 0 after a clean stop, 1 when
 * a worker could not start or crashed too often.
 */
export function supervise({ entry, count, log = (line) => console.error(line) }: SuperviseOptions): Promise<number> {
	// Round robin: the primary accepts and passes each connection to the next
	// worker. Left to the kernel, one busy worker can end up holding most
	// keep-alive connections.
	cluster.schedulingPolicy = cluster.SCHED_RR;
	cluster.setupPrimary({ exec: entry, args: [] });

	return new Promise((resolve) => {
		const live = new Set<Worker>();
		const crashes: number[] = [];
		let stopping = false;
		let code = 0;

		const stopAll = (exitCode: number) => {
			if (stopping) return;
			stopping = true;
			code = exitCode;
			// adapter-node closes its server on SIGTERM, finishes the requests in
			// flight, closes the database and exits.
			for (const worker of live) worker.process.kill('SIGTERM');
			if (!live.size) finish();
		};
		const finish = () => {
			process.off('SIGTERM', onSignal);
			process.off('SIGINT', onSignal);
			resolve(code);
		};
		const onSignal = () => stopAll(0);
		process.on('SIGTERM', onSignal);
		process.on('SIGINT', onSignal);

		const start = () => {
			const worker = cluster.fork();
			let listening = false;
			live.add(worker);
			worker.once('listening', () => (listening = true));
			worker.once('exit', (exitCode, signal) => {
				live.delete(worker);
				if (stopping) {
					if (exitCode !== 0 && signal !== 'SIGTERM') code = 1;
					if (!live.size) finish();
					return;
				}
				const how = signal ? `signal ${signal}` : `code ${exitCode}`;
				if (!listening) {
					log(`clearance serve: a server process exited with ${how} before it was ready; stopping (its error is above).`);
					return stopAll(1);
				}
				const now = Date.now();
				crashes.push(now);
				while (crashes.length && crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
				if (crashes.length > CRASHES_ALLOWED) {
					log(`clearance serve: server processes exited ${crashes.length} times within a minute; stopping.`);
					return stopAll(1);
				}
				log(`clearance serve: a server process exited with ${how}; starting another.`);
				start();
			});
		};
		for (let i = 0; i < count; i++) start();
	});
}
