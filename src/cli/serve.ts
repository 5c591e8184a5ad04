// `npm start`: the production server, with the settings Clearance needs
// before adapter-node reads its environment.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, parseArgs } from './args';

/** Evidence files are up to 10 MB; the form around them needs a little more. */
const BODY_SIZE_LIMIT = '11M';

export async function startServer(): Promise<void> {
	const server = path.resolve('build/index.js');
	if (!fs.existsSync(server)) throw new InputError('no production build in ./build: run npm run build first');
	process.env.BODY_SIZE_LIMIT ||= BODY_SIZE_LIMIT;
	await import(pathToFileURL(server).href);
}

export async function run(argv: string[]): Promise<number> {
	parseArgs(argv, {});
	await startServer();
	return 0;
}
