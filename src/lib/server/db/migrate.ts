// Applies the committed drizzle migrations. A database that already holds
// data is backed up first, so a failed migration never costs a user's work.
import fs from 'node:fs';
import { migrate as drizzleMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { config } from '../config';
import { backupTo } from './backup';
import type { Handle } from './index';

interface Journal {
	entries: Array<{ tag: string; when: number }>;
}

export interface MigrationReport {
	applied: number;
	backup: string | null;
}

function pendingCount(h: Handle, folder: string): number {
	const journalFile = `${folder}/meta/_journal.json`;
	if (!fs.existsSync(journalFile)) throw new Error(`no migrations journal at ${journalFile}`);
	const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as Journal;
	const hasTable = h.sqlite
		.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'`)
		.get();
	if (!hasTable) return journal.entries.length;
	const last = h.sqlite.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get() as { at: number | null };
	return journal.entries.filter((e) => last.at === null || e.when > last.at).length;
}

function holdsData(h: Handle): boolean {
	const row = h.sqlite
		.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		.get() as { n: number };
	return row.n > 0;
}

export async function migrate(h: Handle, folder = config.migrationsPath()): Promise<MigrationReport> {
	const pending = pendingCount(h, folder);
	if (pending === 0) return { applied: 0, backup: null };
	let backup: string | null = null;
	if (holdsData(h)) {
		const stamp = new Date().toISOString().replace(/[:.]/g, '-');
		backup = await backupTo(h.sqlite, `${h.path}.pre-migrate-${stamp}.bak`);
	}
	try {
		drizzleMigrate(h.db, { migrationsFolder: folder });
	} catch (err) {
		const where = backup ? ` The database was backed up to ${backup} before the attempt.` : '';
		throw new Error(`migration failed: ${(err as Error).message}.${where}`, { cause: err });
	}
	return { applied: pending, backup };
}
