import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handle, openDatabase, write } from '../../src/lib/server/db/index';
import { migrate } from '../../src/lib/server/db/migrate';
import { PLATFORM_KINDS, user } from '../../src/lib/server/db/schema';
import { tempDir, useTempDatabase } from '../helpers/database';

const db = useTempDatabase();

describe('database', () => {
	it('opens with WAL, synchronous=FULL, foreign keys on and a 5 s busy timeout', () => {
		const { sqlite } = handle();
		expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
		expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
	});

	it('creates the database folder readable by its owner only', () => {
		const mode = fs.statSync(path.dirname(db.file())).mode & 0o777;
		expect(mode).toBe(0o700);
	});

	it('applies migrations once; a second run has nothing to do', async () => {
		expect(await migrate(handle())).toEqual({ applied: 0, backup: null });
	});

	it('rolls back a write transaction that throws, leaving no partial change', () => {
		const now = Date.now();
		expect(() =>
			write((tx) => {
				tx.insert(user).values({ email: 'x@example.com', name: 'X', role: 'analyst', passwordHash: 'h', createdAt: now, updatedAt: now }).run();
				throw new Error('boom');
			})
		).toThrow('boom');
		expect(handle().sqlite.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
	});

	it('refuses a role the application does not know, at the database level', () => {
		const now = Date.now();
		expect(() =>
			handle()
				.sqlite.prepare('INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
				.run('y@example.com', 'Y', 'superuser', 'h', now, now)
		).toThrow(/CHECK constraint/);
	});

	it('takes exactly the platform kinds templates can name in appliesTo, at the database level', () => {
		const insert = handle().sqlite.prepare("INSERT INTO platforms (name, kind, status, created_at, updated_at) VALUES (?, ?, 'prospect', 0, 0)");
		for (const kind of PLATFORM_KINDS) expect(() => insert.run(`A ${kind}`, kind)).not.toThrow();
		expect(() => insert.run('A bank', 'bank')).toThrow(/CHECK constraint/);
	});
});

describe('migrations on a database that holds data', () => {
	function copyMigrations(extraSql?: string): string {
		const dir = tempDir('clearance-migrations-');
		fs.cpSync(path.resolve('drizzle'), dir, { recursive: true });
		if (extraSql !== undefined) {
			const journalFile = path.join(dir, 'meta', '_journal.json');
			const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
			const last = journal.entries[journal.entries.length - 1];
			const tag = `${String(last.idx + 1).padStart(4, '0')}_test`;
			journal.entries.push({ ...last, idx: last.idx + 1, tag, when: last.when + 1000 });
			fs.writeFileSync(journalFile, JSON.stringify(journal));
			fs.writeFileSync(path.join(dir, `${tag}.sql`), extraSql);
		}
		return dir;
	}

	async function populated() {
		const dir = tempDir();
		const h = openDatabase(path.join(dir, 'data.db'));
		await migrate(h, copyMigrations());
		const now = Date.now();
		h.sqlite
			.prepare('INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
			.run('kept@example.com', 'Kept', 'admin', 'h', now, now);
		return { dir, h };
	}

	it('backs the database up before applying a new migration', async () => {
		const { dir, h } = await populated();
		const report = await migrate(h, copyMigrations('CREATE TABLE extra (id integer primary key);'));
		expect(report.applied).toBe(1);
		expect(report.backup).toMatch(/\.pre-migrate-.*\.bak$/);
		expect(fs.existsSync(report.backup!)).toBe(true);
		h.sqlite.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('refuses when a migration fails, keeps the data, and says where the backup is', async () => {
		const { dir, h } = await populated();
		await expect(migrate(h, copyMigrations('CREATE TABLE broken ('))).rejects.toThrow(/migration failed.*backed up to/s);
		expect(h.sqlite.prepare('SELECT email FROM users').all()).toEqual([{ email: 'kept@example.com' }]);
		h.sqlite.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
