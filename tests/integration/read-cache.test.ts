import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { recordAlone } from '../../src/lib/server/audit';
import { handle, write } from '../../src/lib/server/db/index';
import * as platforms from '../../src/lib/server/platforms';
import { cachedRead } from '../../src/lib/server/db/read-cache';
import { useTempDatabase } from '../helpers/database';

const db = useTempDatabase();
const actor = { id: null, label: 'cli' };
const count = () => platforms.list({ pageSize: 1 }).total;

describe('reads kept until the database changes', () => {
	it('computes once while nothing is written', () => {
		let computed = 0;
		const read = () => cachedRead('test:count', () => (computed++, { total: count() }));
		expect(read()).toEqual({ total: 0 });
		expect(read()).toEqual({ total: 0 });
		expect(computed).toBe(1);
	});

	it('computes again after a write through this connection', () => {
		const read = () => cachedRead('test:count', () => ({ total: count() }));
		read();
		platforms.create(actor, { name: 'Cached Exchange', kind: 'exchange', status: 'prospect', jurisdictions: [], tags: [], website: '', description: '' });
		expect(read()).toEqual({ total: 1 });
	});

	it('computes again after another process commits to the same file', () => {
		const read = () => cachedRead('test:names', () => platforms.list({}).rows.map((r) => r.name));
		expect(read()).toEqual(['Cached Exchange']);
		const other = new Database(db.file());
		other.prepare(`INSERT INTO platforms (name, kind, status, jurisdictions, tags, created_at, updated_at) VALUES ('Elsewhere Custody', 'custodian', 'prospect', '[]', '[]', 0, 0)`).run();
		other.close();
		expect(read()).toEqual(['Cached Exchange', 'Elsewhere Custody']);
	});

	it('hands out frozen values, so one reader cannot change what the next one sees', () => {
		const value = cachedRead('test:frozen', () => ({ rows: [{ name: 'a' }] }));
		expect(() => value.rows.push({ name: 'b' })).toThrow(TypeError);
		expect(() => ((value.rows[0] as { name: string }).name = 'b')).toThrow(TypeError);
	});

	it('does not keep a value whose computation wrote to the database', () => {
		let computed = 0;
		const read = () => cachedRead('test:writes', () => (computed++, recordAlone(actor, { action: 'test.read', entityType: 'thing' }).seq));
		read();
		read();
		expect(computed).toBe(2);
	});
});

describe('write() inside write()', () => {
	it('commits everything together, and a failed inner write rolls back alone', () => {
		const before = count();
		write(() => {
			platforms.create(actor, { name: 'Outer One', kind: 'defi', status: 'prospect', jurisdictions: [], tags: [], website: '', description: '' });
			expect(() => write(() => {
				platforms.create(actor, { name: 'Inner Failed', kind: 'defi', status: 'prospect', jurisdictions: [], tags: [], website: '', description: '' });
				throw new Error('inner change refused');
			})).toThrow('inner change refused');
			platforms.create(actor, { name: 'Outer Two', kind: 'defi', status: 'prospect', jurisdictions: [], tags: [], website: '', description: '' });
		});
		const names = platforms.list({}).rows.map((r) => r.name);
		expect(names).toEqual(expect.arrayContaining(['Outer One', 'Outer Two']));
		expect(names).not.toContain('Inner Failed');
		expect(count()).toBe(before + 2);
	});

	it('rolls back the inner writes with the outer one', () => {
		const before = count();
		expect(() =>
			write(() => {
				platforms.create(actor, { name: 'Never Kept', kind: 'defi', status: 'prospect', jurisdictions: [], tags: [], website: '', description: '' });
				throw new Error('outer change refused');
			})
		).toThrow('outer change refused');
		expect(count()).toBe(before);
		expect(handle().sqlite.inTransaction).toBe(false);
	});
});
