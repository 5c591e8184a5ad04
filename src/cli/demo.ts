// `npm run demo`: a fresh demo database, seeded, served by the production
// build. Everything a first-time visitor needs, from one command.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { closeDatabase, handle } from '../lib/server/db/index';
import { prepareDatabase } from '../lib/server/db/setup';
import { seedDemo } from '../lib/server/demo';
import { InputError, parseArgs } from './args';
import { printCredentials, printInvitation } from './credentials';
import { startServer } from './serve';

/**
 * `--build` (what `npm run demo` passes): build first, with vite's few hundred
 * lines (and its advice to run `npm run preview`, which is not how Clearance
 * is served) kept in a log file, so the accounts printed below are the last
 * thing on screen. A failed build shows the log's end and where the rest is.
 */
async function build(log: string): Promise<void> {
	fs.mkdirSync(path.dirname(log), { recursive: true });
	const out = fs.openSync(log, 'w');
	// vite's exports do not name its bin, but its package.json is exported.
	const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
	const started = Date.now();
	process.stdout.write(`Building the app (output in ${path.relative(process.cwd(), log)})… `);
	const code = await new Promise<number>((resolve, reject) => {
		const child = spawn(process.execPath, [vite, 'build'], { stdio: ['ignore', out, out] });
		child.on('error', reject);
		child.on('exit', (status) => resolve(status ?? 1));
	});
	fs.closeSync(out);
	if (code !== 0) {
		process.stdout.write('failed.\n');
		const tail = fs.readFileSync(log, 'utf8').trimEnd().split('\n').slice(-20).join('\n');
		throw new Error(`the build failed (exit ${code}); its last lines:\n${tail}\nThe whole output is in ${log}.`);
	}
	process.stdout.write(`done in ${Math.round((Date.now() - started) / 1000)} s.\n\n`);
}

export async function run(argv: string[]): Promise<number> {
	const args = parseArgs(argv, { switches: ['build'] });
	if (args.flags.build) await build(path.resolve('data/build.log'));
	if (!fs.existsSync('build/index.js')) throw new InputError('no production build in ./build: run npm run build first (npm run demo does both)');

	// Its own variable: an operator's exported DATABASE_PATH must never be wiped by a demo.
	const file = path.resolve(process.env.DEMO_DATABASE_PATH || './data/demo.db');
	for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
	process.env.DATABASE_PATH = file;
	const port = process.env.PORT || '3000';
	process.env.ORIGIN ||= `http://localhost:${port}`;

	await prepareDatabase(handle());
	const seeded = await seedDemo();
	// The server bundle opens its own connection; hand the file over cleanly.
	closeDatabase();

	console.log(`Demo database: ${file}`);
	printCredentials(seeded.accounts);
	printInvitation(process.env.ORIGIN, seeded.openLinkPath);
	console.log(`Open ${process.env.ORIGIN} and sign in with one of the accounts above. Ctrl-C stops the server.\n`);
	return startServer();
}
