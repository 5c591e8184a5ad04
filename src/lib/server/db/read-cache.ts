// Figures that many people read and few change (the dashboard, the compare
// view, the portfolio list), kept in memory until the database changes. The
// stamp combines SQLite's data_version, which moves when another connection
// commits (the CLI, a second server), with this connection's total_changes,
// which moves with every row it writes itself, sessions included. A read
// that sees the same stamp sees the same database, so the figures are the
// same ones a fresh query would give.
import type Database from 'better-sqlite3';
import { deepFreeze } from '../../deep-freeze';
import { handle } from './index';

/** Distinct reads kept per stamp: the portfolio list's filter combinations, compare's candidate sets. */
const LIMIT = 200;

interface Cache {
	stamp: string;
	entries: Map<string, unknown>;
	changes: Database.Statement;
	version: Database.Statement;
}

const caches = new WeakMap<Database.Database, Cache>();

function stampOf(cache: Cache): string {
	return `${cache.version.get()}:${cache.changes.get()}`;
}

/**
 * `compute()`'s value for `key`, computed afresh only when the database has
 * changed since it was last computed. The value is shared between requests,
 * so it is frozen: a caller that needs to change it must copy it.
 */
export function cachedRead<T>(key: string, compute: () => T): T {
	const { sqlite } = handle();
	let cache = caches.get(sqlite);
	if (!cache) {
		// Prepared once: every cached read checks both, so they cost a step, not a parse.
		cache = { stamp: '', entries: new Map(), changes: sqlite.prepare('SELECT total_changes()').pluck(), version: sqlite.prepare('PRAGMA data_version').pluck() };
		caches.set(sqlite, cache);
	}
	const stamp = stampOf(cache);
	if (cache.stamp !== stamp) {
		cache.entries.clear();
		cache.stamp = stamp;
	}
	if (cache.entries.has(key)) return cache.entries.get(key) as T;
	const value = deepFreeze(compute());
	// Kept only if computing it wrote nothing (a read that expires a session, say).
	if (stampOf(cache) === stamp) {
		if (cache.entries.size >= LIMIT) cache.entries.delete(cache.entries.keys().next().value!);
		cache.entries.set(key, value);
	}
	return value;
}
