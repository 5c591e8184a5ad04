// Setting up the race suite: the seeded world (race-world.ts, run by the
// CLI's TypeScript loader as its own process), the operator at the server,
// and the folder one run of the suite keeps its database and report in.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Account, World } from './race-world';

const SCRIPT = 'tests/helpers/race-world.ts';

/** Seed a fresh database at `file` with `rounds` of everything. */
export async function seedWorld(file: string, rounds: number, totpSecret: string, password: string): Promise<World> {
	const child = spawn('node', ['--import', 'tsx', SCRIPT, 'seed', String(rounds), totpSecret, password], { env: { ...process.env, DATABASE_PATH: file } });
	let out = '';
	let err = '';
	child.stdout.on('data', (c: Buffer) => (out += c));
	child.stderr.on('data', (c: Buffer) => (err += c));
	const code = await new Promise((resolve) => child.once('close', resolve));
	if (code !== 0) throw new Error(`seeding failed (${code}): ${err}`);
	return JSON.parse(out) as World;
}

/** The operator at the server (race-world.ts operator): leaves exactly the given users active admins. */
export class Operator {
	private readonly lines: AsyncIterator<string>;

	private constructor(private readonly child: ChildProcessWithoutNullStreams) {
		this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
	}

	static start(file: string): Operator {
		return new Operator(spawn('node', ['--import', 'tsx', SCRIPT, 'operator'], { env: { ...process.env, DATABASE_PATH: file } }));
	}

	async admins(accounts: Account[]): Promise<void> {
		this.child.stdin.write(`admins ${accounts.map((a) => a.id).join(' ')}\n`);
		const reply = await this.lines.next();
		if (reply.value !== 'ok') throw new Error(`the operator could not set the admins: ${reply.value ?? 'no answer'}`);
	}

	stop(): void {
		this.child.stdin.end();
	}
}

/**
 * The folder of this run of Playwright. A failed test makes Playwright start
 * a new worker process and run beforeAll again; the drills must not run
 * twice, so a worker finds the first one's report here. Named after the
 * runner process (the worker's parent) and its start time, so no two runs share it.
 */
export function runFolder(): string {
	let started = '';
	try {
		const stat = fs.readFileSync(`/proc/${process.ppid}/stat`, 'utf8');
		started = `-${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`;
	} catch {
		// not Linux: the parent's id alone
	}
	return path.join(os.tmpdir(), `clearance-races-${process.ppid}${started}`);
}

export function readReport<T>(folder: string): T | null {
	const file = path.join(folder, 'report.json');
	return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : null;
}

export function writeReport(folder: string, report: unknown): void {
	fs.mkdirSync(folder, { recursive: true });
	fs.writeFileSync(path.join(folder, 'report.json'), JSON.stringify(report, null, 2));
}
