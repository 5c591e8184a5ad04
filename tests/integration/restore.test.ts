// Restoring after a crash: the crashed database's -wal must not be replayed
// over the backup (the reliability drill found that a plain copy corrupts it).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreFrom } from '../../src/lib/server/db/backup';
import { tempDir } from '../helpers/database';

const dir = tempDir('clearance-restore-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function database(file: string): Database.Database {
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.exec('CREATE TABLE IF NOT EXISTS audit_events (id INTEGER PRIMARY KEY, note TEXT)');
	return db;
}

describe('clearance restore', () => {
	it('puts the backup in place and moves the crashed database and its -wal/-shm aside', () => {
		const live = path.join(dir, 'live', 'clearance.db');
		fs.mkdirSync(path.dirname(live), { recursive: true });
		const db = database(live);
		const insert = db.prepare('INSERT INTO audit_events (note) VALUES (?)');
		for (let i = 0; i < 50; i++) insert.run(`before ${i}`);
		const backup = path.join(dir, 'backup.db');
		db.exec(`VACUUM INTO '${backup}'`);
		// More writes that stay in the write-ahead log, then a "crash": the
		// files are left as a killed process leaves them (-wal and -shm beside).
		db.pragma('wal_autocheckpoint = 0');
		for (let i = 0; i < 2000; i++) insert.run(`after ${i} ${'x'.repeat(200)}`);
		const crashed = path.join(dir, 'crashed', 'clearance.db');
		fs.mkdirSync(path.dirname(crashed), { recursive: true });
		for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(live + suffix, crashed + suffix);
		db.close();
		expect(fs.statSync(crashed + '-wal').size).toBeGreaterThan(100_000);

		const { replaced } = restoreFrom(backup, crashed, Date.UTC(2026, 10, 21));
		expect(replaced.map((f) => path.basename(f))).toEqual(['clearance.db.replaced-2026-11-21T00-00-00-000Z', 'clearance.db.replaced-2026-11-21T00-00-00-000Z-wal', 'clearance.db.replaced-2026-11-21T00-00-00-000Z-shm']);
		expect(fs.existsSync(crashed + '-wal')).toBe(false);

		const restored = new Database(crashed);
		expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
		expect(restored.prepare('SELECT count(*) AS n FROM audit_events').get()).toEqual({ n: 50 });
		restored.close();
		// Nothing was thrown away: the crashed files still open, with their log.
		const aside = new Database(replaced[0]);
		expect((aside.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n).toBe(2050);
		aside.close();
	});

	it('refuses a file that is not a sound Clearance database, changing nothing', () => {
		const target = path.join(dir, 'target', 'clearance.db');
		fs.mkdirSync(path.dirname(target), { recursive: true });
		database(target).close();
		const before = fs.readFileSync(target);
		const junk = path.join(dir, 'junk.db');
		fs.writeFileSync(junk, 'not a database at all, just text');
		expect(() => restoreFrom(junk, target)).toThrow();
		const other = path.join(dir, 'other.db');
		new Database(other).exec('CREATE TABLE t (x)');
		expect(() => restoreFrom(other, target)).toThrow(/not a Clearance database/);
		expect(() => restoreFrom(path.join(dir, 'missing.db'), target)).toThrow(/there is no backup/);
		expect(fs.readFileSync(target)).toEqual(before);
	});
});
