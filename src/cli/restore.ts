import { config } from '../lib/server/config';
import { restoreFrom } from '../lib/server/db/backup';
import { InputError, parseArgs, userPath } from './args';

/** `clearance restore FILE`: the backup becomes the database; what it replaces is kept aside. */
export async function run(argv: string[]): Promise<number> {
	const args = parseArgs(argv, {});
	const [file, extra] = args.positional;
	if (!file) throw new InputError('name the backup file: clearance restore FILE (stop the server first)');
	if (extra) throw new InputError(`unexpected argument "${extra}"`);
	const target = config.databasePath();
	let replaced: string[];
	try {
		({ replaced } = restoreFrom(userPath(file), target));
	} catch (err) {
		throw new InputError(err instanceof Error ? err.message : String(err));
	}
	console.log(`Restored ${userPath(file)} to ${target} (integrity check ok).`);
	if (replaced.length) console.log(`Kept the replaced files aside: ${replaced.join(', ')}`);
	return 0;
}
