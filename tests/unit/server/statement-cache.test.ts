import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it, vi } from 'vitest';
import { withStatementCache } from '../../../src/lib/server/db/statement-cache';

const thing = sqliteTable('things', { id: integer('id').primaryKey(), name: text('name').notNull() });

function setup() {
	const sqlite = new Database(':memory:');
	sqlite.exec(`CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO things VALUES (1, 'one'), (2, 'two');`);
	const prepare = vi.spyOn(sqlite, 'prepare');
	return { sqlite, prepare, db: drizzle(withStatementCache(sqlite)) };
}

describe('the statement cache drizzle is given', () => {
	it('compiles a query shape once, whatever the bound values', () => {
		const { db, prepare } = setup();
		for (const id of [1, 2, 1, 2]) db.select().from(thing).where(sql`${thing.id} = ${id}`).get();
		expect(prepare).toHaveBeenCalledTimes(1);
		expect(db.select().from(thing).where(sql`${thing.id} = ${2}`).get()).toEqual({ id: 2, name: 'two' });
	});

	it('gives objects to an untyped query after drizzle put the same statement in array mode', () => {
		const { db } = setup();
		const text = 'select "id", "name" from "things" where "things"."id" = ?';
		// A typed select reads rows as arrays (stmt.raw()); the same text untyped must not inherit that.
		expect(db.select({ id: thing.id, name: thing.name }).from(thing).where(sql`${thing.id} = ${1}`).get()).toEqual({ id: 1, name: 'one' });
		expect(db.get(sql.raw(text.replace('?', '1')))).toEqual({ id: 1, name: 'one' });
		expect(db.get(sql`select "id", "name" from "things" where "things"."id" = ${1}`)).toEqual({ id: 1, name: 'one' });
	});

	it('keeps transactions and writes working on the same connection', () => {
		const { db, sqlite } = setup();
		db.transaction((tx) => tx.insert(thing).values({ id: 3, name: 'three' }).run(), { behavior: 'immediate' });
		expect(() => db.transaction((tx) => {
			tx.insert(thing).values({ id: 4, name: 'four' }).run();
			throw new Error('roll back');
		})).toThrow('roll back');
		expect(sqlite.prepare('SELECT count(*) AS n FROM things').get()).toEqual({ n: 3 });
	});

	it('holds at most a thousand statements, dropping the least recently used', () => {
		const { db, prepare } = setup();
		const query = (n: number) => db.all(sql.raw(`SELECT ${n} AS n`));
		query(0);
		for (let n = 1; n <= 1_000; n++) query(n);
		expect(prepare).toHaveBeenCalledTimes(1_001);
		query(1_000); // still cached
		expect(prepare).toHaveBeenCalledTimes(1_001);
		query(0); // evicted by the thousandth newer one
		expect(prepare).toHaveBeenCalledTimes(1_002);
	});
});
