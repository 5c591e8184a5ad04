// A database as an earlier release left it, holding real work. Today's data
// modules read and write today's columns, so they cannot fill an older
// schema directly: the work is done through them on a current database, then
// copied into a file migrated only up to `last`, column by column as that
// release has them. Row ids, the AUTOINCREMENT counters and the audit chain
// come across exactly.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { closeDatabase, handle, openDatabase } from '../../src/lib/server/db/index';
import { migrate } from '../../src/lib/server/db/migrate';

/** A copy of drizzle/ whose journal ends at `last`: the migrator then stops there. */
export function migrationsUpTo(dir: string, last: string): string {
	const folder = path.join(dir, 'migrations-previous');
	fs.cpSync(path.resolve('drizzle'), folder, { recursive: true });
	const journalFile = path.join(folder, 'meta', '_journal.json');
	const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
	const end = journal.entries.findIndex((e) => e.tag === last);
	if (end === -1 || end === journal.entries.length - 1) throw new Error(`${last} is not followed by a newer migration`);
	for (const later of journal.entries.slice(end + 1)) fs.rmSync(path.join(folder, `${later.tag}.sql`));
	journal.entries = journal.entries.slice(0, end + 1);
	fs.writeFileSync(journalFile, JSON.stringify(journal));
	return folder;
}

export function userTables(sqlite: Database.Database, schema = 'main'): string[] {
	return (
		sqlite.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name`).all() as Array<{ name: string }>
	).map((r) => r.name);
}

export function columnsOf(sqlite: Database.Database, table: string): string[] {
	return (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((c) => c.name);
}

/**
 * Fill a current database through the data modules (`fill`), then leave
 * DATABASE_PATH pointing at `dir/db/clearance.db`: the same work at the
 * schema of migration `last`. `atPrevious` may then add what only the older
 * schema allowed, with SQL.
 */
export async function previousRelease(dir: string, last: string, fill: () => Promise<void> | void, atPrevious?: (sqlite: Database.Database) => void): Promise<void> {
	process.env.MIGRATIONS_PATH = path.resolve('drizzle');
	const work = path.join(dir, 'work', 'clearance.db');
	process.env.DATABASE_PATH = work;
	await migrate(handle());
	await fill();
	closeDatabase();

	const old = openDatabase(path.join(dir, 'db', 'clearance.db'));
	try {
		await migrate(old, migrationsUpTo(dir, last));
		const { sqlite } = old;
		sqlite.prepare('ATTACH DATABASE ? AS work').run(work);
		// The copy is what the earlier release had written row by row; its
		// triggers and foreign keys held then, and are checked again below.
		const triggers = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as Array<{ name: string; sql: string }>;
		sqlite.pragma('foreign_keys = OFF');
		sqlite.transaction(() => {
			for (const t of triggers) sqlite.exec(`DROP TRIGGER "${t.name}"`);
			const tables = userTables(sqlite);
			for (const table of tables) {
				const columns = columnsOf(sqlite, table)
					.map((c) => `"${c}"`)
					.join(', ');
				sqlite.exec(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM work."${table}"`);
			}
			sqlite.exec(`DELETE FROM main.sqlite_sequence`);
			sqlite.prepare(`INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM work.sqlite_sequence WHERE name IN (SELECT value FROM json_each(?))`).run(JSON.stringify(tables));
			for (const t of triggers) sqlite.exec(t.sql);
		})();
		sqlite.exec('DETACH DATABASE work');
		sqlite.pragma('foreign_keys = ON');
		atPrevious?.(sqlite);
		const broken = sqlite.pragma('foreign_key_check') as unknown[];
		if (broken.length) throw new Error(`the copied database breaks ${broken.length} foreign key(s)`);
	} finally {
		old.sqlite.pragma('wal_checkpoint(TRUNCATE)');
		old.sqlite.close();
	}
	process.env.DATABASE_PATH = old.path;
}
