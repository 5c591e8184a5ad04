// A throwaway, migrated database for one test file. Vitest isolates modules
// per file, so the process-wide handle in db/index is this file's own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { closeDatabase, handle } from '../../src/lib/server/db/index';
import { prepareDatabase } from '../../src/lib/server/db/setup';

export function tempDir(prefix = 'clearance-test-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function useTempDatabase(): { dir: () => string; file: () => string } {
	let dir = '';
	beforeAll(async () => {
		dir = tempDir();
		process.env.DATABASE_PATH = path.join(dir, 'db', 'test.db');
		process.env.MIGRATIONS_PATH = path.resolve('drizzle');
		await prepareDatabase(handle());
	});
	afterAll(() => {
		closeDatabase();
		fs.rmSync(dir, { recursive: true, force: true });
	});
	return { dir: () => dir, file: () => path.join(dir, 'db', 'test.db') };
}
