// Queries on the hottest paths (opening an assessment, appending to the audit
// chain), built once per connection instead of on every call: drizzle's
// building of a query costs more than SQLite's running of it. Values come in
// through sql.placeholder, never by rebuilding.
import { getDb, type Db } from './index';

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
