import { closeDatabase } from '../lib/server/db/index';
import { backupTo } from '../lib/server/db/backup';
import { InputError, parseArgs, userPath } from './args';
import { existingDatabase } from './database';

export async function run(argv: string[]): Promise<number> {
	const args = parseArgs(argv, {});
	const [file, extra] = args.positional;
	if (!file) throw new InputError('name the backup file: clearance backup FILE');
	if (extra) throw new InputError(`unexpected argument "${extra}"`);
	try {
		const source = existingDatabase();
		const written = await backupTo(source.sqlite, userPath(file));
		console.log(`Backed up ${source.path} to ${written} (integrity check ok).`);
		return 0;
	} finally {
		closeDatabase();
	}
}
