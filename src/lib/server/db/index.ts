// Opens the one SQLite database a process uses, with the pragmas Clearance
// relies on for durability and integrity set and then checked.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { config } from '../config';
import { ensureActing, resetActing, type Principal } from './acting';
import * as schema from './schema';
import { withStatementCache } from './statement-cache';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** What a write transaction callback receives; drizzle calls on it are synchronous. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Handle {
	path: string;
	sqlite: Database.Database;
	db: Db;
}

const REQUIRED_PRAGMAS: Array<[name: string, set: string, expected: string | number]> = [
	['journal_mode', 'WAL', 'wal'],
	// FULL: a committed decision survives power loss, not just a crash.
	['synchronous', 'FULL', 2],
	['foreign_keys', 'ON', 1],
	['busy_timeout', '5000', 5000],
	// MEMORY: a savepoint's journal and a sort's scratch space stay in memory
	// instead of temporary files (a bulk load of many changes runs each in a
	// savepoint).
	['temp_store', 'MEMORY', 2]
];

/** Open (creating the folder with mode 0700) and verify the pragmas. */
export function openDatabase(file: string): Handle {
	const resolved = path.resolve(file);
	// Everything this process writes (database, -wal, -shm, backups, evidence)
	// is readable by its own account only.
	process.umask(0o077);
	fs.mkdirSync(path.dirname(resolved), { recursive: true, mode: 0o700 });
	const sqlite = new Database(resolved);
	for (const side of ['', '-wal', '-shm']) if (fs.existsSync(resolved + side)) fs.chmodSync(resolved + side, 0o600);
	try {
		for (const [name, value, expected] of REQUIRED_PRAGMAS) {
			sqlite.pragma(`${name} = ${value}`);
			const actual = sqlite.pragma(name, { simple: true });
			if (actual !== expected) {
				throw new Error(`SQLite pragma ${name} is ${String(actual)}, expected ${String(expected)}`);
			}
		}
	} catch (err) {
		sqlite.close();
		throw err;
	}
	return { path: resolved, sqlite, db: drizzle(withStatementCache(sqlite), { schema }) };
}

let current: Handle | undefined;

/** The process-wide handle, opened on first use from DATABASE_PATH. */
export function handle(): Handle {
	current ??= openDatabase(config.databasePath());
	return current;
}

export function getDb(): Db {
	return handle().db;
}

/**
 * A hand-written statement on the connection drizzle uses, from the same
 * statement cache. Only where a benchmark showed that drizzle's building of
 * the query costs more than SQLite's running of it, on a figure people see;
 * each use says what was measured.
 */
export function statement(source: string): Database.Statement {
	return getDb().$client.prepare(source);
}

/** The transaction write() is running, if any. */
let open: Tx | null = null;

/** Who a write acts as: an Actor (audit/audit.ts), or anything carrying its principal. */
export interface Acting {
	acting?: Principal;
}

/**
 * Run `fn` in one synchronous IMMEDIATE transaction: the write lock is taken
 * up front, so two writers never deadlock upgrading a read lock, and the
 * audit entry commits or rolls back together with the change it records.
 * Called inside another write() (a bulk load of many changes), it runs as a
 * savepoint of that transaction: it still rolls back alone on failure, and
 * everything commits together at the end.
 *
 * `write(actor, fn)`: an actor acting through a session (the guard's) is
 * checked first thing inside the transaction: session alive, user active,
 * role unchanged, or invitation still valid (db/acting.ts). A refused actor
 * costs no work, and no domain rule is judged for a session that has ended,
 * so its 409 says what changed rather than some other refusal.
 */
export function write<T>(fn: (tx: Tx) => T): T;
export function write<T>(actor: Acting, fn: (tx: Tx) => T): T;
export function write<T>(first: Acting | ((tx: Tx) => T), second?: (tx: Tx) => T): T {
	const [actor, fn] = typeof first === 'function' ? [undefined, first] : [first, second!];
	if (open) {
		const outer = open;
		return outer.transaction((tx) => {
			if (actor?.acting) ensureActing(outer, actor.acting);
			return fn(tx);
		});
	}
	return getDb().transaction(
		(tx) => {
			open = tx;
			resetActing(true);
			try {
				if (actor?.acting) ensureActing(tx, actor.acting);
				return fn(tx);
			} finally {
				open = null;
				resetActing(false);
			}
		},
		{ behavior: 'immediate' }
	);
}

export function closeDatabase(): void {
	if (!current) return;
	const { sqlite } = current;
	current = undefined;
	if (sqlite.open) {
		// Fold the WAL back into the main file so a copied .db is complete.
		sqlite.pragma('wal_checkpoint(TRUNCATE)');
		sqlite.close();
	}
}
