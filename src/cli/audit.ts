import { verifyChain } from '../lib/server/audit';
import { closeDatabase } from '../lib/server/db/index';
import { InputError, parseArgs } from './args';
import { existingDatabase } from './database';

export async function run(argv: string[]): Promise<number> {
	const [sub, ...rest] = argv;
	if (sub !== 'verify') throw new InputError(`expected "audit verify", got "${sub ?? ''}"`);
	parseArgs(rest, {});
	try {
		existingDatabase();
		const result = verifyChain();
		if (result.ok) {
			console.log(`Audit chain intact: ${result.count} events verified.`);
			return 0;
		}
		console.error(`Audit chain broken at event #${result.brokenSeq}: ${result.reason}.`);
		return 1;
	} finally {
		closeDatabase();
	}
}
