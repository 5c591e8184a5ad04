import { describe, expect, it, vi } from 'vitest';
import { listEvents } from '../../src/lib/server/audit';
import { login, logout } from '../../src/lib/server/auth/sign-in';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../src/lib/server/auth/password';
import { handle, write } from '../../src/lib/server/db/index';
import { user as userTable } from '../../src/lib/server/db/schema';
import { hashToken, validateSessionToken } from '../../src/lib/server/auth/session';
import * as users from '../../src/lib/server/auth/users';
import { actions as userActions } from '../../src/routes/(app)/admin/users/+page.server';
import { useTempDatabase } from '../helpers/database';
import { formEvent, outcomeOf } from '../helpers/request-event';

useTempDatabase();

const { argon2Verify } = vi.hoisted(() => ({ argon2Verify: vi.fn() }));
vi.mock('@node-rs/argon2', async (original) => {
	const actual = await original<typeof import('@node-rs/argon2')>();
	argon2Verify.mockImplementation(actual.verify);
	return { ...actual, verify: argon2Verify };
});

const PASSWORD = 'a long enough passphrase';
const client = (ip = '10.9.8.7') => ({ ip, userAgent: 'vitest', replacesSessionId: null });
const admin = { id: null, label: 'cli' };

async function makeUser(email: string, role: 'admin' | 'analyst' | 'committee' = 'analyst') {
	return users.create(admin, { email, name: email.split('@')[0], role, password: PASSWORD });
}

describe('login', () => {
	it('signs in with the right password and stores only the token’s hash', async () => {
		await makeUser('ok@example.com');
		const result = await login({ email: ' OK@example.com ', password: PASSWORD }, client());
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
		const ids = handle().sqlite.prepare('SELECT id FROM sessions').all() as { id: string }[];
		expect(ids.map((r) => r.id)).toContain(hashToken(result.token));
		expect(ids.map((r) => r.id)).not.toContain(result.token);
		expect(validateSessionToken(result.token)?.user.email).toBe('ok@example.com');
	});

	it('issues a new token at every login', async () => {
		const a = await login({ email: 'ok@example.com', password: PASSWORD }, client());
		const b = await login({ email: 'ok@example.com', password: PASSWORD }, client());
		expect(a.ok && b.ok && a.token !== b.token).toBe(true);
	});

	it('fails the same way for an unknown account and a wrong password, and audits why', async () => {
		const unknown = await login({ email: 'nobody@example.com', password: PASSWORD }, client('10.0.0.1'));
		const wrong = await login({ email: 'ok@example.com', password: 'not the password!' }, client('10.0.0.2'));
		expect(unknown).toEqual({ ok: false, retryAfter: 0 });
		expect(wrong).toEqual({ ok: false, retryAfter: 0 });
		const reasons = listEvents({ action: 'auth.login_failed' }).map((e) => JSON.parse(e.details).reason);
		expect(reasons).toEqual(expect.arrayContaining(['unknown_account', 'wrong_password']));
	});

	it('runs one full argon2 check for unknown accounts too, so timing does not tell who is registered', async () => {
		// Counting the checks rather than timing them: a timed test fails on a busy machine.
		await makeUser('ok2@example.com');
		const checks = async (email: string) => {
			argon2Verify.mockClear();
			await login({ email, password: 'whatever password' }, client(`10.1.0.${Math.floor(Math.random() * 250)}`));
			return argon2Verify.mock.calls.length;
		};
		expect(await checks('nobody@example.com')).toBe(1);
		expect(await checks('ok2@example.com')).toBe(1);
	});

	it('throttles an account after five failures, even from different IPs, and says when to retry', async () => {
		await makeUser('target@example.com');
		for (let i = 0; i < 5; i++) await login({ email: 'target@example.com', password: 'wrong password ' + i }, client(`10.2.0.${i}`));
		const blocked = await login({ email: 'target@example.com', password: PASSWORD }, client('10.2.0.99'));
		expect(blocked.ok).toBe(false);
		expect(!blocked.ok && blocked.retryAfter).toBeGreaterThan(0);
		expect(listEvents({ action: 'auth.login_throttled' }).filter((e) => e.details.includes('target@example.com'))).toHaveLength(1);
	});

	it('holds the allowance against a burst of parallel attempts, and audits the throttle once', async () => {
		await makeUser('burst@example.com');
		const attempts = Array.from({ length: 30 }, (_, i) => login({ email: 'burst@example.com', password: i === 29 ? PASSWORD : `wrong guess ${i}` }, client(`10.8.0.${i}`)));
		const results = await Promise.all(attempts);
		// Only the first five were checked at all; the right password, last, never was.
		expect(results.at(-1)!.ok).toBe(false);
		expect(results.filter((r) => !r.ok && r.retryAfter > 0)).toHaveLength(25);
		const throttled = listEvents({ action: 'auth.login_throttled' }).filter((e) => e.details.includes('burst@example.com'));
		expect(throttled).toHaveLength(1);
	});

	it('throttles an IP after twenty failures across accounts', async () => {
		for (let i = 0; i < 20; i++) await login({ email: `spray${i}@example.com`, password: 'wrong password' }, client('10.3.3.3'));
		const blocked = await login({ email: 'ok@example.com', password: PASSWORD }, client('10.3.3.3'));
		expect(!blocked.ok && blocked.retryAfter).toBeGreaterThan(0);
		const elsewhere = await login({ email: 'ok@example.com', password: PASSWORD }, client('10.3.3.4'));
		expect(elsewhere.ok).toBe(true);
	});

	it('opens no session when the password changed or the account was disabled while the password was being checked', async () => {
		const u = await makeUser('raced-login@example.com');
		const sessions = () => handle().sqlite.prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').pluck().get(u.id);
		const newHash = await hashPassword('a brand new passphrase');
		// Another process changes the password (which ends every session) while argon2 checks the old one.
		argon2Verify.mockImplementationOnce(async (...args: Parameters<typeof argon2Verify>) => {
			write((tx) => tx.update(userTable).set({ passwordHash: newHash }).where(eq(userTable.id, u.id)).run());
			return argon2Verify.getMockImplementation()!(...args);
		});
		expect(await login({ email: u.email, password: PASSWORD }, client('10.4.1.1'))).toEqual({ ok: false, retryAfter: 0 });
		argon2Verify.mockImplementationOnce(async (...args: Parameters<typeof argon2Verify>) => {
			users.setDisabled(admin, u.id, true);
			return argon2Verify.getMockImplementation()!(...args);
		});
		expect(await login({ email: u.email, password: 'a brand new passphrase' }, client('10.4.1.2'))).toEqual({ ok: false, retryAfter: 0 });
		expect(sessions()).toBe(0);
		const reasons = listEvents({ action: 'auth.login_failed' }).filter((e) => e.entityId === String(u.id)).map((e) => JSON.parse(e.details).reason);
		expect(reasons.sort()).toEqual(['disabled', 'password_changed']);
	});

	it('refuses a disabled user with the same generic failure', async () => {
		const u = await makeUser('gone@example.com');
		users.setDisabled(admin, u.id, true);
		expect(await login({ email: 'gone@example.com', password: PASSWORD }, client('10.4.0.1'))).toEqual({ ok: false, retryAfter: 0 });
	});
});

describe('sessions', () => {
	async function signIn(email: string) {
		const result = await login({ email, password: PASSWORD }, client('10.5.0.1'));
		if (!result.ok) throw new Error('login failed');
		return result;
	}

	it('ends after 30 minutes idle', async () => {
		await makeUser('idle@example.com');
		const { token } = await signIn('idle@example.com');
		const now = Date.now();
		expect(validateSessionToken(token, now + 29 * 60_000)).not.toBeNull();
		// 29 minutes later it was touched, so 30 more minutes idle ends it.
		expect(validateSessionToken(token, now + 29 * 60_000 + 30 * 60_000 + 1)).toBeNull();
	});

	it('ends 12 hours after login however active', async () => {
		await makeUser('busy@example.com');
		const { token } = await signIn('busy@example.com');
		const start = Date.now();
		for (let t = 0; t < 12 * 60; t += 20) expect(validateSessionToken(token, start + t * 60_000)).not.toBeNull();
		expect(validateSessionToken(token, start + 12 * 60 * 60_000)).toBeNull();
	});

	it('logout deletes the session on the server', async () => {
		const { token, user } = await signIn('ok@example.com');
		const current = validateSessionToken(token)!;
		logout(user, current.session.id);
		expect(validateSessionToken(token)).toBeNull();
	});

	it('disabling a user ends all their sessions at once', async () => {
		const u = await makeUser('many@example.com');
		const a = await signIn('many@example.com');
		const b = await signIn('many@example.com');
		users.setDisabled(admin, u.id, true);
		expect(validateSessionToken(a.token)).toBeNull();
		expect(validateSessionToken(b.token)).toBeNull();
	});
});

describe('user management', () => {
	it('refuses a common password when creating a user or changing one, saving nothing', async () => {
		await expect(users.create(admin, { email: 'weak@example.com', name: 'Weak', role: 'analyst', password: 'Password123456' })).rejects.toMatchObject({ field: 'password' });
		expect(users.findByEmail('weak@example.com')).toBeUndefined();
		const u = await makeUser('weak-change@example.com', 'analyst');
		await expect(users.changePassword({ id: u.id, label: u.email }, PASSWORD, 'qwertyuiop!!', null)).rejects.toMatchObject({ field: 'newPassword' });
		expect((await login({ email: 'weak-change@example.com', password: PASSWORD }, client('203.0.113.9'))).ok).toBe(true);
	});

	it('refuses a duplicate email whatever its case', async () => {
		await expect(makeUser('OK@example.com')).rejects.toThrow(/already exists/);
	});

	it('keeps the last active admin: no demotion or disabling', async () => {
		const only = await makeUser('root@example.com', 'admin');
		expect(() => users.changeRole(admin, only.id, 'analyst')).toThrow(/last active admin/);
		expect(() => users.setDisabled(admin, only.id, true)).toThrow(/last active admin/);
		expect(users.findById(only.id)?.role).toBe('admin');
	});

	it('a role change takes effect at once: the user’s sessions end', async () => {
		const u = await makeUser('promote@example.com');
		const s = await login({ email: 'promote@example.com', password: PASSWORD }, client('10.6.0.1'));
		users.changeRole(admin, u.id, 'committee');
		expect(s.ok && validateSessionToken(s.token)).toBeNull();
		expect(listEvents({ action: 'user.role_change' })[0].details).toContain('"to":"committee"');
	});

	// Issue 8 (fuzzing) found names with bidi overrides stored, and a field sent twice resolved by picking one.
	it('the user forms refuse a name with a text-direction override and a field sent twice, changing nothing', async () => {
		const root = await makeUser('forms-admin@example.com', 'admin');
		const target = await makeUser('forms-target@example.com', 'analyst');
		const locals = { user: { id: root.id, email: root.email, name: root.name, role: root.role }, session: null, respondent: null };
		const post = (name: 'create' | 'changeRole', form: Record<string, string | string[]>) => outcomeOf(() => userActions[name](formEvent('/(app)/admin/users', name, form, { locals }) as never));
		const newcomer = { email: 'newcomer@example.com', role: 'analyst', password: PASSWORD };
		expect(await post('create', { ...newcomer, name: 'Mallory \u202Egnp.exe' })).toMatchObject({ kind: 'refused', data: { errors: { name: expect.stringMatching(/^A name cannot contain control characters/) } } });
		expect(users.findByEmail('newcomer@example.com')).toBeUndefined();
		expect(await post('changeRole', { userId: String(target.id), role: ['committee', 'admin'] })).toMatchObject({ kind: 'refused', data: { errors: { role: 'This field was sent twice; submit the form again.' } } });
		expect(users.findById(target.id)?.role).toBe('analyst');
		expect(await post('create', { ...newcomer, name: 'سارة كوهين' })).toMatchObject({ kind: 'accepted' });
		expect(users.findByEmail('newcomer@example.com')?.name).toBe('سارة كوهين');
	});

	it('changing a password ends the other sessions but keeps this one', async () => {
		const u = await makeUser('pw@example.com');
		const here = await login({ email: 'pw@example.com', password: PASSWORD }, client('10.7.0.1'));
		const there = await login({ email: 'pw@example.com', password: PASSWORD }, client('10.7.0.2'));
		if (!here.ok || !there.ok) throw new Error('login failed');
		const hereId = hashToken(here.token);
		await expect(users.changePassword({ id: u.id, label: u.email }, 'wrong current pw', 'another passphrase', hereId)).rejects.toThrow(/not correct/);
		await users.changePassword({ id: u.id, label: u.email }, PASSWORD, 'another long passphrase', hereId);
		expect(validateSessionToken(here.token)).not.toBeNull();
		expect(validateSessionToken(there.token)).toBeNull();
		expect((await login({ email: 'pw@example.com', password: 'another long passphrase' }, client('10.7.0.3'))).ok).toBe(true);
	});
});
