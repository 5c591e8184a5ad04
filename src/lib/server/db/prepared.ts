// Queries on the hottest paths (opening an assessment, appending to the audit
// chain), built once per connection instead of on every call: drizzle's
// building of a query costs more than SQLite's running of it. Values come in
// through sql.placeholder, never by rebuilding.
import type Database from 'better-sqlite3';
import { getDb, handle, type Db } from './index';

/**
 * A query built on first use against the current connection, and rebuilt if
 * the process opens another (tests and the CLI switch databases).
 */
export function prepared<T>(build: (db: Db) => T): () => T {
	const byConnection = new WeakMap<Db, T>();
	return () => {
		const db = getDb();
		let query = byConnection.get(db);
		if (query === undefined) {
			query = build(db);
			byConnection.set(db, query);
		}
		return query;
	};
}

/**
 * A plain better-sqlite3 statement (named parameters, @name), prepared once
 * per connection like the queries above: for the few statements that run
 * once per answer or per audit event (hundreds of thousands in a bulk load),
 * where drizzle's filling of placeholders and mapping of rows cost more than
 * SQLite's work.
 */
export function preparedStatement(source: string): () => Database.Statement {
	// The drizzle handle and the SQLite connection are opened together, so
	// keying by the one keys by the other.
	return prepared(() => handle().sqlite.prepare(source));
}
