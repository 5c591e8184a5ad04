// `npm start`: the production server, with the settings Clearance needs
// before adapter-node reads its environment, in one process per core
// (WORKERS; see cluster.ts).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, parseArgs } from './args';
import { supervise, workerCount } from './cluster';

/** Evidence files are up to 10 MB; the form around them needs a little more. */
const BODY_SIZE_LIMIT = '11M';

/**
 * Serve until stopped. With one worker the build runs in this process and
 * this returns once it listens; with more, this process supervises them and
 * exits when they have all stopped.
 */
export async function startServer(): Promise<number> {
	const server = path.resolve('build/index.js');
	if (!fs.existsSync(server)) throw new InputError('no production build in ./build: run npm run build first');
	process.env.BODY_SIZE_LIMIT ||= BODY_SIZE_LIMIT;
	const count = workerCount(process.env.WORKERS);
	if (count === 1) {
		await import(pathToFileURL(server).href);
		return 0;
	}
	// Migrate here, once, before any worker opens the file: each worker's
	// start-up check then finds nothing to do, instead of two racing to apply
	// the same migration.
	const { closeDatabase, handle } = await import('../lib/server/db/index');
	const { prepareDatabase, setupSummary } = await import('../lib/server/db/setup');
	const report = await prepareDatabase(handle());
	closeDatabase();
	for (const line of setupSummary(report)) console.log(line);
	console.log(`Starting ${count} server processes (WORKERS=${count}).`);
	// Exit rather than return once the workers are gone: a connection the
	// primary was passing to a worker that crashed is never closed by Node's
	// round-robin handle, and would keep this process alive (its client sees
	// the connection close now).
	process.exit(await supervise({ entry: server, count }));
}

export async function run(argv: string[]): Promise<number> {
	parseArgs(argv, {});
	return startServer();
}
