// The production build as an operator runs it, for the reliability drills:
// start it as its own process on a database of the test's choosing, drive
// audited writes at it over plain HTTP, and read the database afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import Database from 'better-sqlite3';

export interface Server {
	origin: string;
	process: ChildProcess;
	/** Resolves with the signal or code the process ended with. */
	exited: Promise<NodeJS.Signals | number | null>;
	running(): boolean;
	stop(signal: NodeJS.Signals): Promise<NodeJS.Signals | number | null>;
}

// Servers still running when the test process ends. A drill that times out
// while a server boots never gets its handle, so its afterEach cannot stop
// it; left running, it holds the drill's port and fails the next run.
const live = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of live) child.kill('SIGKILL');
});

/** `node build/index.js` as adapter-node runs it, or `clearance serve` (what `npm start` runs). */
export async function startServer(options: { port: number; databasePath: string; log: string; via?: 'build' | 'cli'; env?: Record<string, string> }): Promise<Server> {
	const origin = `http://127.0.0.1:${options.port}`;
	const args = options.via === 'cli' ? ['src/cli/bin.js', 'serve'] : ['build/index.js'];
	const out = fs.openSync(options.log, 'a');
	const child = spawn('node', args, {
		env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', ORIGIN: origin, DATABASE_PATH: options.databasePath, ...options.env },
		stdio: ['ignore', out, out]
	});
	fs.closeSync(out);
	live.add(child);
	const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
	void exited.then(() => live.delete(child));
	let gone = false;
	void exited.then(() => (gone = true));
	// Quick on a quiet machine; the drills run beside the other browser tests'
	// lane (and its demo servers' own start), so allow a busy one.
	const deadline = Date.now() + 60_000;
	while (!(await healthy(origin))) {
		if (gone) throw new Error(`the server on ${origin} exited before answering /healthz:\n${tail(options.log)}`);
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`the server on ${origin} did not answer /healthz within 60 s:\n${tail(options.log)}`);
		}
		await sleep(10);
	}
	return {
		origin,
		process: child,
		exited,
		running: () => !gone,
		stop: async (signal) => {
			if (!gone) child.kill(signal);
			return exited;
		}
	};
}

export async function healthy(origin: string): Promise<boolean> {
	try {
		const res = await send(origin, 'GET', '/healthz');
		return res.status === 200 && res.body === 'ok';
	} catch {
		return false;
	}
}

/** Refuse to start on a port something else holds: the test would talk to the wrong server. */
export async function assertPortFree(port: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', () => reject(new Error(`port ${port} is in use; the reliability drills need it`)));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
	});
}

export interface Response {
	status: number;
	location: string | null;
	cookies: string[];
	body: string;
}

/**
 * One request on its own connection (no keep-alive pool that would outlive a
 * killed server). Resolves when the status line arrives: that is the moment
 * the client has its acknowledgement.
 */
export function send(origin: string, method: 'GET' | 'POST', path: string, options: { form?: Record<string, string>; cookie?: string } = {}): Promise<Response> {
	const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
	// What a browser's own form submission sends: kit answers it with a real 303, not JSON.
	const headers: Record<string, string> = { origin, accept: 'text/html' };
	if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
	if (options.cookie) headers.cookie = options.cookie;
	return new Promise((resolve, reject) => {
		const req = http.request(`${origin}${path}`, { method, headers, agent: false }, (res) => {
			const status = res.statusCode ?? 0;
			const location = res.headers.location ?? null;
			const cookies = res.headers['set-cookie'] ?? [];
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (text += chunk));
			res.on('end', () => resolve({ status, location, cookies, body: text }));
			// The headers are the acknowledgement; a body cut short by a kill does not undo it.
			res.on('error', () => resolve({ status, location, cookies, body: text }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** Sign in through the login form; returns the Cookie header for later requests. */
export async function signIn(origin: string, email: string, password: string): Promise<string> {
	const res = await send(origin, 'POST', '/login', { form: { email, password } });
	const session = res.cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('clearance_session='));
	if (res.status !== 303 || !session) throw new Error(`sign-in as ${email} answered ${res.status}: ${res.body.slice(0, 200)}`);
	return session;
}

/**
 * Clients creating platforms through the "New platform" form action, each
 * write audited in the same transaction. A write counts as acknowledged only
 * when its 303 to the new platform arrived.
 */
export class WriteLoad {
	readonly acknowledged = new Map<string, number>();
	/** Sent, but the connection died before an answer: may or may not have committed. */
	readonly unanswered = new Set<string>();
	/** Never reached a server (connection refused while it was down). */
	readonly undelivered = new Set<string>();
	/** Answers other than the expected 303 ("status: body"), which should never happen. */
	readonly unexpected: string[] = [];
	private running = false;
	private workers: Promise<void>[] = [];
	private counter = 0;

	constructor(
		private readonly prefix: string,
		/** The signed-in client's Cookie header. */
		readonly cookie: string
	) {}

	start(origin: string, clients = 3): void {
		this.running = true;
		this.workers = Array.from({ length: clients }, () => this.client(origin));
	}

	async stop(): Promise<void> {
		this.running = false;
		await Promise.all(this.workers);
	}

	private async client(origin: string): Promise<void> {
		while (this.running) {
			const name = `${this.prefix} ${++this.counter}`;
			let res: Response;
			try {
				res = await send(origin, 'POST', '/platforms/new', { cookie: this.cookie, form: { name, kind: 'exchange', status: 'prospect', description: 'Written by the reliability drill.' } });
			} catch (err) {
				if ((err as NodeJS.ErrnoException).code === 'ECONNREFUSED') this.undelivered.add(name);
				else this.unanswered.add(name);
				await sleep(5);
				continue;
			}
			const id = /^\/platforms\/(\d+)$/.exec(res.location ?? '')?.[1];
			if (res.status === 303 && id) this.acknowledged.set(name, Number(id));
			else this.unexpected.push(`${res.status}: ${res.body.slice(0, 200)}`);
		}
	}
}

/** What a drill checks in a database file once no server holds it. */
export interface Inspection {
	integrity: string;
	foreignKeyViolations: unknown[];
	/** Platform name → id. */
	platforms: Map<string, number>;
	/** Platforms without their platform.create event, and events without their platform. */
	unaudited: number;
	orphanEvents: number;
}

export function inspect(file: string): Inspection {
	const db = new Database(file);
	try {
		const rows = db.prepare('SELECT id, name FROM platforms').all() as Array<{ id: number; name: string }>;
		const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
		return {
			integrity: String(db.pragma('integrity_check', { simple: true })),
			foreignKeyViolations: db.pragma('foreign_key_check') as unknown[],
			platforms: new Map(rows.map((r) => [r.name, r.id])),
			unaudited: count(
				`SELECT count(*) AS n FROM platforms p WHERE (SELECT count(*) FROM audit_events e WHERE e.action = 'platform.create' AND e.entity_id = CAST(p.id AS TEXT)) <> 1`
			),
			orphanEvents: count(`SELECT count(*) AS n FROM audit_events e WHERE e.action = 'platform.create' AND NOT EXISTS (SELECT 1 FROM platforms p WHERE CAST(p.id AS TEXT) = e.entity_id)`)
		};
	} finally {
		db.close();
	}
}

/**
 * `clearance <args>` on the given database, as an operator would type it.
 * Asynchronous, so a write load in this process keeps running meanwhile.
 */
export function cli(databasePath: string, args: string[], input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
	const child = spawn('node', ['src/cli/bin.js', ...args], { env: { ...process.env, DATABASE_PATH: databasePath } });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
	child.stdin.end(input);
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (status) => resolve({ status, stdout, stderr }));
	});
}

/** Runs `clearance audit verify`; returns the number of events it verified. */
export async function verifyAuditChain(databasePath: string): Promise<number> {
	const r = await cli(databasePath, ['audit', 'verify']);
	const verified = /Audit chain intact: (\d+) events verified/.exec(r.stdout);
	if (r.status !== 0 || !verified) throw new Error(`clearance audit verify failed (${r.status}): ${r.stdout}${r.stderr}`);
	return Number(verified[1]);
}

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
export function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(file: string): string {
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n') : '(no log)';
}
