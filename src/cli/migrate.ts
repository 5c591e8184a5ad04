import { closeDatabase, handle } from '../lib/server/db/index';
import { prepareDatabase } from '../lib/server/db/setup';
import { parseArgs } from './args';

export async function run(argv: string[]): Promise<number> {
	parseArgs(argv, {});
	const h = handle();
	try {
		const report = await prepareDatabase(h);
		if (report.applied === 0) console.log(`${h.path}: up to date.`);
		else console.log(`${h.path}: applied ${report.applied} migration(s)${report.backup ? `; backup at ${report.backup}` : ''}.`);
		if (report.installed.length) console.log(`Installed ${report.installed.join(', ')}.`);
		return 0;
	} finally {
		closeDatabase();
	}
}
