import { closeDatabase, handle } from '../lib/server/db/index';
import { prepareDatabase } from '../lib/server/db/setup';
import { seedDemo } from '../lib/server/demo';
import { InputError, parseArgs } from './args';
import { printCredentials, printInvitation } from './credentials';

export async function run(argv: string[]): Promise<number> {
	const args = parseArgs(argv, { switches: ['demo'] });
	if (!args.flags.demo) throw new InputError('say what to seed: clearance seed --demo');
	if (args.positional.length) throw new InputError(`unexpected argument "${args.positional[0]}"`);
	try {
		await prepareDatabase(handle());
		const seeded = await seedDemo();
		printCredentials(seeded.accounts);
		printInvitation(process.env.ORIGIN, seeded.openLinkPath);
		return 0;
	} finally {
		closeDatabase();
	}
}
