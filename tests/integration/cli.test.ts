import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/database';

const dir = tempDir('clearance-cli-');
const dbFile = path.join(dir, 'cli.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], input = '') {
	const r = spawnSync('node', ['src/cli/bin.js', ...args], {
		env: { ...process.env, DATABASE_PATH: dbFile },
		input,
		encoding: 'utf8'
	});
	return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stderr.trim().split('\n').filter(Boolean) };
}

describe('clearance CLI', () => {
	it('migrate creates and migrates the database', () => {
		const r = cli(['migrate']);
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/applied \d+ migration/);
		expect(r.stdout).toMatch(/Installed ci-dd 1\.0\.0/);
	});

	it('user add reads the password from stdin and creates the user', () => {
		const r = cli(['user', 'add', '--email', 'First@Example.com', '--name', 'First Admin', '--role', 'admin'], 'a strong passphrase here\n');
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/Created admin first@example.com/);
	});

	it.each([
		[['user', 'add', '--email', 'x@example.com', '--name', 'X', '--role', 'boss'], 'a strong passphrase here', /--role: Choose one of/],
		[['user', 'add', '--email', 'not-an-email', '--name', 'X', '--role', 'analyst'], 'a strong passphrase here', /--email: Enter a valid email/],
		[['user', 'add', '--email', 'x@example.com', '--role', 'analyst'], 'a strong passphrase here', /--name is required/],
		[['user', 'add', '--email', 'x@example.com', '--name', 'X', '--role', 'analyst'], 'short', /password: Use at least 12 characters/],
		[['user', 'add', '--email', 'x@example.com', '--name', 'X', '--role', 'analyst', '--password', 'on the command line'], '', /unknown option --password/],
		[['user', 'add', '--email', 'first@example.com', '--name', 'Dup', '--role', 'analyst'], 'a strong passphrase here', /already exists/],
		[['user', 'disable', '--email', 'nobody@example.com'], '', /no user with email nobody@example.com/],
		[['user', 'promote'], '', /expected "user add" or "user disable"/],
		[['backup'], '', /name the backup file/],
		[['seed'], '', /clearance seed --demo/],
		[['audit'], '', /expected "audit verify"/],
		[['frobnicate'], '', /unknown command "frobnicate"/]
	])('bad input %j exits 2 with one line', (args, input, message) => {
		const r = cli(args as string[], input as string);
		expect(r.status).toBe(2);
		expect(r.lines).toHaveLength(1);
		expect(r.lines[0]).toMatch(message as RegExp);
		expect(r.stdout).toBe('');
	});

	it('bad input changes nothing', () => {
		const db = new Database(dbFile, { readonly: true });
		const users = db.prepare('SELECT email FROM users').all();
		db.close();
		expect(users).toEqual([{ email: 'first@example.com' }]);
	});

	it('seed --demo creates one user per role and prints their passwords', () => {
		const r = cli(['seed', '--demo']);
		expect(r.status).toBe(0);
		for (const role of ['admin', 'analyst', 'committee']) expect(r.stdout).toMatch(new RegExp(`${role}\\s+${role}@clearance.demo\\s+\\S{12,}`));
	});

	it('user disable disables the user', () => {
		expect(cli(['user', 'disable', '--email', 'analyst@clearance.demo']).status).toBe(0);
		const db = new Database(dbFile, { readonly: true });
		expect(db.prepare(`SELECT disabled FROM users WHERE email = 'analyst@clearance.demo'`).get()).toEqual({ disabled: 1 });
		db.close();
	});

	it('backup writes a complete, checked copy and nothing else', () => {
		const target = path.join(dir, 'backups', 'copy.db');
		const r = cli(['backup', target]);
		expect(r.status).toBe(0);
		expect(fs.readdirSync(path.dirname(target))).toEqual(['copy.db']);
		const copy = new Database(target, { readonly: true });
		expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
		expect((copy.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBe(4);
		copy.close();
	});

	it('audit verify checks every event recorded by the CLI', () => {
		const r = cli(['audit', 'verify']);
		expect(r.status).toBe(0);
		// Users, the demo portfolio and the bundled template's install, all chained.
		expect(r.stdout).toMatch(/Audit chain intact: \d{3,} events verified/);
	});

	it('resolves file names where the user typed them, not in the package root', () => {
		// The spec's contract is `npm run --silent cli -- score …`; npm runs
		// scripts in the package root and passes the caller's folder as INIT_CWD.
		const fixtures = path.resolve('tests/fixtures/scoring');
		const r = spawnSync('npm', ['run', '--silent', 'cli', '--', 'score', '--template', 'basic.template.json', '--answers', 'basic.answers.json'], {
			cwd: fixtures,
			encoding: 'utf8'
		});
		expect(r.status).toBe(0);
		expect(JSON.parse(r.stdout).template).toEqual({ key: 'basic', version: '1.0.0' });
	});
});
