// `npm run demo`: a fresh demo database, seeded, served by the production
// build. Everything a first-time visitor needs, from one command.
import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase, handle } from '../lib/server/db/index';
import { prepareDatabase } from '../lib/server/db/setup';
import { seedDemo } from '../lib/server/demo';
import { InputError, parseArgs } from './args';
import { printCredentials, printInvitation } from './credentials';
import { startServer } from './serve';

export async function run(argv: string[]): Promise<number> {
	parseArgs(argv, {});
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
