// Drizzle asks better-sqlite3 to prepare every query afresh, and SQLite's
// compile of a statement costs as much as running a small one. Drizzle builds
// the same SQL text for the same query shape (values are bound, never
// inlined), so handing it a connection whose prepare() reuses statements by
// text removes that compile from every page view and every write.
import type Database from 'better-sqlite3';

/** Enough for every query shape the app has, several times over; `inArray` lists of many lengths make more. */
const LIMIT = 1_000;

/** The connection as drizzle should see it: the same database, with prepare() cached. */
export function withStatementCache(sqlite: Database.Database): Database.Database {
	const cache = new Map<string, Database.Statement>();
	const prepare = (source: string): Database.Statement => {
		let statement = cache.get(source);
		if (statement) {
			// Refresh its place, so the least recently used goes first.
			cache.delete(source);
		} else {
			statement = sqlite.prepare(source);
			if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
		}
		cache.set(source, statement);
		// drizzle switches a reader to raw (array) rows for typed selects and
		// expects objects for untyped ones: every use starts from objects.
		if (statement.reader) statement.raw(false);
		return statement;
	};
	return new Proxy(sqlite, {
		get(target, property) {
			if (property === 'prepare') return prepare;
			const value = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}
