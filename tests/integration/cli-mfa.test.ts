import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { otpauthUri } from '../../src/lib/server/auth/totp';
import { tempDir } from '../helpers/database';

const dir = tempDir('clearance-cli-mfa-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(db: string, args: string[], env: Record<string, string | undefined> = {}) {
	const { DEMO_TOTP_SECRET: _secret, DEMO_PASSWORD: _password, ...base } = process.env;
	const r = spawnSync('node', ['src/cli/bin.js', ...args], { env: { ...base, DATABASE_PATH: path.join(dir, db), ...env }, encoding: 'utf8' });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function adminMfa(db: string) {
	const sqlite = new Database(path.join(dir, db), { readonly: true });
	try {
		return {
			credential: sqlite.prepare(`SELECT c.secret, c.confirmed_at FROM mfa_credentials c JOIN users u ON u.id = c.user_id WHERE u.email = 'admin@clearance.demo'`).get() as
				| { secret: string; confirmed_at: number | null }
				| undefined,
			codes: (sqlite.prepare(`SELECT count(*) AS n FROM mfa_recovery_codes`).get() as { n: number }).n
		};
	} finally {
		sqlite.close();
	}
}

const RECOVERY = /[A-Z2-7]{5}-[A-Z2-7]{5}/g;

describe('the demo admin’s two-factor authentication', () => {
	it('is seeded from DEMO_TOTP_SECRET, and the key, URI and ten recovery codes are printed with the passwords', () => {
		const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
		const r = cli('fixed.db', ['seed', '--demo'], { DEMO_TOTP_SECRET: secret });
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('key  JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP  (from DEMO_TOTP_SECRET)');
		expect(r.stdout).toContain(`URI  ${otpauthUri(secret, 'admin@clearance.demo')}`);
		expect(r.stdout.match(RECOVERY)).toHaveLength(10);
		const { credential, codes } = adminMfa('fixed.db');
		expect(credential?.secret).toBe(secret);
		expect(credential?.confirmed_at).not.toBeNull();
		expect(codes).toBe(10);
	});

	it('gets a random key when DEMO_TOTP_SECRET is not set, so the README’s npm run demo still needs no setup', () => {
		const r = cli('random.db', ['seed', '--demo']);
		expect(r.status).toBe(0);
		const printed = /key {2}((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})\n/.exec(r.stdout)?.[1].replace(/ /g, '');
		expect(printed).toBeDefined();
		expect(adminMfa('random.db').credential?.secret).toBe(printed);
	});

	it('can be reset by an operator with user reset-mfa, once', () => {
		const r = cli('fixed.db', ['user', 'reset-mfa', '--email', 'admin@clearance.demo']);
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/Reset two-factor authentication of admin@clearance\.demo; .* must set it up again at their next sign-in/);
		expect(adminMfa('fixed.db')).toEqual({ credential: undefined, codes: 0 });
		const again = cli('fixed.db', ['user', 'reset-mfa', '--email', 'admin@clearance.demo']);
		expect(again.status).toBe(2);
		expect(again.stderr.trim()).toBe('clearance user: --email: admin@clearance.demo has no two-factor authentication to reset');
	});
});
