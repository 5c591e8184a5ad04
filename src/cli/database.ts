import fs from 'node:fs';
import { config } from '../lib/server/config';
import { handle, type Handle } from '../lib/server/db/index';
import { InputError } from './args';

/** Commands that read an existing database must not create an empty one by accident. */
export function existingDatabase(): Handle {
	const file = config.databasePath();
	if (!fs.existsSync(file)) throw new InputError(`there is no database at ${file} (set DATABASE_PATH)`);
	const h = handle();
	const migrated = h.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'`).get();
	if (!migrated) throw new InputError(`${file} is not a Clearance database (run clearance migrate)`);
	return h;
}
