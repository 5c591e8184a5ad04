import { isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../src/lib/server/audit';
import { answerChallenge, login, type Client } from '../../src/lib/server/auth/sign-in';
import { handle } from '../../src/lib/server/db/index';
import { requireRole } from '../../src/lib/server/http/guard';
import * as mfa from '../../src/lib/server/auth/mfa';
import { CHALLENGE_MS } from '../../src/lib/server/auth/mfa-challenge';
import { decide } from '../../src/lib/server/http/policy';
import { hashRecoveryCode, normaliseRecoveryCode } from '../../src/lib/server/auth/recovery-codes';
import { validateSessionToken } from '../../src/lib/server/auth/session';
import { mfaRequiredForEveryone, setMfaRequiredForEveryone } from '../../src/lib/server/auth/settings';
import { stepAt, totp } from '../../src/lib/server/auth/totp';
import * as users from '../../src/lib/server/auth/users';
import { actions as accountMfaActions } from '../../src/routes/(app)/account/mfa/+page.server';
import { actions as adminActions } from '../../src/routes/(app)/admin/+page.server';
import { actions as codePageActions } from '../../src/routes/login/mfa/+page.server';
import { useTempDatabase } from '../helpers/database';
import { formEvent, NOBODY, outcomeOf, type Locals } from '../helpers/request-event';

useTempDatabase();

const PASSWORD = 'a long enough passphrase';
const CLI = { id: null, label: 'cli' };
let ip = 0;
/** A fresh client address per sign-in, so the per-IP throttle never interferes. */
const client = (): Client => ({ ip: `10.20.${Math.floor(ip / 250)}.${ip++ % 250}`, userAgent: 'vitest', replacesSessionId: null });
const sql = () => handle().sqlite;

async function makeUser(email: string, role: 'admin' | 'analyst' | 'committee' = 'analyst') {
	const u = await users.create(CLI, { email, name: email.split('@')[0], role, password: PASSWORD });
	return { ...u, actor: { id: u.id, label: u.email } };
}

/** Enrol through the same steps as the page; returns the secret, the codes and the step the confirming code used. */
async function enrol(u: Awaited<ReturnType<typeof makeUser>>, now = Date.now()) {
	mfa.startEnrolment(u.actor);
	const status = mfa.status(u);
	if (status.state !== 'pending') throw new Error('not pending');
	const codes = await mfa.confirmEnrolment(u.actor, { password: PASSWORD, code: totp(status.secret, now) }, null);
	return { secret: status.secret, codes, step: stepAt(now) };
}

/** Password, then the challenge token the browser would get in its cookie. */
async function challengeFor(email: string): Promise<string> {
	const result = await login({ email, password: PASSWORD }, client());
	if (result.ok || !result.challenge) throw new Error(`expected a challenge, got ${JSON.stringify(result)}`);
	return result.challenge.token;
}

describe('enrolment', () => {
	it('shows a new secret, turns on only with the current password and a code from it, and gives ten recovery codes', async () => {
		const u = await makeUser('enrol@example.com');
		expect(mfa.status(u)).toEqual({ state: 'off' });
		mfa.startEnrolment(u.actor);
		const pending = mfa.status(u);
		if (pending.state !== 'pending') throw new Error('not pending');
		expect(pending.secret).toMatch(/^[A-Z2-7]{32}$/);
		expect(pending.uri).toBe(`otpauth://totp/Clearance%3Aenrol%40example.com?secret=${pending.secret}&issuer=Clearance&algorithm=SHA1&digits=6&period=30`);
		expect(mfa.isEnrolled(u.id)).toBe(false);

		const right = totp(pending.secret, Date.now());
		await expect(mfa.confirmEnrolment(u.actor, { password: 'not the password', code: right }, null)).rejects.toMatchObject({
			errors: { currentPassword: 'The current password is not correct.' }
		});
		const wrong = totp(pending.secret, Date.now() - 10 * 30_000);
		await expect(mfa.confirmEnrolment(u.actor, { password: PASSWORD, code: wrong }, null)).rejects.toMatchObject({ errors: { code: expect.stringContaining('does not match') } });
		expect(mfa.isEnrolled(u.id)).toBe(false);

		const codes = await mfa.confirmEnrolment(u.actor, { password: PASSWORD, code: right }, null);
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
		expect(mfa.status(u)).toMatchObject({ state: 'on', recoveryCodesLeft: 10 });
	});

	it('stores recovery codes only as SHA-256 hashes', async () => {
		const u = await makeUser('hashes@example.com');
		const { codes } = await enrol(u);
		const stored = sql().prepare('SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?').all(u.id) as { code_hash: string }[];
		expect(stored.map((r) => r.code_hash).sort()).toEqual(codes.map((c) => hashRecoveryCode(normaliseRecoveryCode(c)!)).sort());
		const dump = JSON.stringify(sql().prepare('SELECT * FROM mfa_recovery_codes').all());
		for (const c of codes) {
			expect(dump).not.toContain(c);
			expect(dump).not.toContain(c.replace('-', ''));
		}
	});

	it('signs out the other sessions when it is turned on', async () => {
		const u = await makeUser('others@example.com');
		const a = await login({ email: u.email, password: PASSWORD }, client());
		const b = await login({ email: u.email, password: PASSWORD }, client());
		if (!a.ok || !b.ok) throw new Error('login failed');
		const keep = validateSessionToken(a.token)!.session.id;
		mfa.startEnrolment(u.actor);
		const status = mfa.status(u);
		if (status.state !== 'pending') throw new Error('not pending');
		await mfa.confirmEnrolment(u.actor, { password: PASSWORD, code: totp(status.secret, Date.now()) }, keep);
		expect(validateSessionToken(a.token)).not.toBeNull();
		expect(validateSessionToken(b.token)).toBeNull();
	});

	it('refuses to start again once on, and a confirmation after the secret was replaced', async () => {
		const u = await makeUser('twice@example.com');
		mfa.startEnrolment(u.actor);
		const first = mfa.status(u);
		if (first.state !== 'pending') throw new Error('not pending');
		mfa.startEnrolment(u.actor); // a second tab starts over: the first key no longer counts
		await expect(mfa.confirmEnrolment(u.actor, { password: PASSWORD, code: totp(first.secret, Date.now()) }, null)).rejects.toMatchObject({ errors: { code: expect.any(String) } });
		await enrol(u);
		expect(() => mfa.startEnrolment(u.actor)).toThrow(/already on/);
	});
});

describe('signing in with a second factor', () => {
	it('opens no session for the password alone; a right code does', async () => {
		const u = await makeUser('signin@example.com');
		const { secret, step } = await enrol(u);
		const sessionsBefore = sql().prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(u.id) as { n: number };
		const token = await challengeFor(u.email);
		expect(sql().prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ?').get(u.id)).toEqual(sessionsBefore);
		// Only the hash of the challenge token is stored.
		expect(JSON.stringify(sql().prepare('SELECT * FROM mfa_challenges').all())).not.toContain(token);

		const result = answerChallenge(token, totp(secret, (step + 1) * 30_000), client(), (step + 1) * 30_000);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(validateSessionToken(result.token)?.user.email).toBe(u.email);
		// The challenge is spent with the session.
		expect(answerChallenge(token, totp(secret, (step + 2) * 30_000), client(), (step + 2) * 30_000)).toEqual({ ok: false, reason: 'expired' });
	});

	it('refuses a code already used, with its own message, and accepts the next one', async () => {
		const u = await makeUser('reuse@example.com');
		const { secret, step } = await enrol(u);
		const at = step * 30_000 + 1_000;
		// The code that confirmed the enrolment cannot sign in.
		const result = answerChallenge(await challengeFor(u.email), totp(secret, at), client(), at);
		expect(result).toMatchObject({ ok: false, reason: 'reused_code', triesLeft: 4 });
		expect(!result.ok && 'message' in result && result.message).toMatch(/already been used/);

		const token = await challengeFor(u.email);
		expect(answerChallenge(token, totp(secret, at + 30_000), client(), at)).toMatchObject({ ok: true });
		const again = await challengeFor(u.email);
		expect(answerChallenge(again, totp(secret, at + 30_000), client(), at)).toMatchObject({ ok: false, reason: 'reused_code' });
		// An older step than the last used is refused as well, even inside the window.
		expect(answerChallenge(again, totp(secret, at - 30_000), client(), at)).toMatchObject({ ok: false, reason: 'reused_code' });
	});

	it('accepts the steps either side of now, and no further', async () => {
		const u = await makeUser('drift@example.com');
		const { secret, step } = await enrol(u);
		const now = (step + 5) * 30_000 + 15_000;
		expect(answerChallenge(await challengeFor(u.email), totp(secret, now - 30_000), client(), now)).toMatchObject({ ok: true });
		expect(answerChallenge(await challengeFor(u.email), totp(secret, now + 30_000), client(), now)).toMatchObject({ ok: true });
		expect(answerChallenge(await challengeFor(u.email), totp(secret, now + 60_000), client(), now)).toMatchObject({ ok: false, reason: 'wrong' });
	});

	it('takes each recovery code once, however it is typed', async () => {
		const u = await makeUser('recovery@example.com');
		const { codes } = await enrol(u);
		const typed = codes[0].toLowerCase().replace('-', ' ');
		expect(answerChallenge(await challengeFor(u.email), typed, client())).toMatchObject({ ok: true });
		expect(answerChallenge(await challengeFor(u.email), codes[0], client())).toMatchObject({ ok: false, reason: 'used_recovery_code' });
		expect(answerChallenge(await challengeFor(u.email), 'AAAAA-AAAAA', client())).toMatchObject({ ok: false, reason: 'wrong' });
		expect(mfa.status(u)).toMatchObject({ state: 'on', recoveryCodesLeft: 9 });
		const used = listEvents({ action: 'login.recovery_code_used' }).find((e) => e.actorId === u.id);
		expect(JSON.parse(used!.details)).toMatchObject({ recoveryCodesLeft: 9 });
	});

	it('ends the challenge after five wrong codes; malformed input costs no try', async () => {
		const u = await makeUser('lockout@example.com');
		const { secret } = await enrol(u);
		const token = await challengeFor(u.email);
		const wrong = totp(secret, Date.now() - 20 * 30_000);
		expect(answerChallenge(token, 'hello', client())).toMatchObject({ ok: false, reason: 'malformed', triesLeft: 5 });
		for (let left = 4; left >= 1; left--) expect(answerChallenge(token, wrong, client())).toMatchObject({ ok: false, reason: 'wrong', triesLeft: left });
		expect(answerChallenge(token, wrong, client())).toEqual({ ok: false, reason: 'locked' });
		// Dead: not even the right code opens it.
		expect(answerChallenge(token, totp(secret, Date.now() + 30_000), client())).toEqual({ ok: false, reason: 'expired' });
		expect(listEvents({ action: 'login.mfa_failed' }).filter((e) => e.actorId === u.id)).toHaveLength(4);
		expect(listEvents({ action: 'login.mfa_locked' }).filter((e) => e.actorId === u.id)).toHaveLength(1);
		// The password starts a new one.
		expect(answerChallenge(await challengeFor(u.email), totp(secret, Date.now() + 30_000), client())).toMatchObject({ ok: true });
	});

	it('lets a challenge expire after five minutes, and a disabled user’s die', async () => {
		const u = await makeUser('expiry@example.com');
		const { secret } = await enrol(u);
		const waiting = await challengeFor(u.email);
		const later = Date.now() + CHALLENGE_MS + 1;
		expect(answerChallenge(waiting, totp(secret, later), client(), later)).toEqual({ ok: false, reason: 'expired' });
		const token = await challengeFor(u.email);
		users.setDisabled(CLI, u.id, true);
		expect(answerChallenge(token, totp(secret, Date.now() + 30_000), client())).toEqual({ ok: false, reason: 'expired' });
	});

	it('keeps one challenge per user: a new password sign-in replaces the waiting one', async () => {
		const u = await makeUser('single@example.com');
		const { secret } = await enrol(u);
		const first = await challengeFor(u.email);
		await challengeFor(u.email);
		expect(answerChallenge(first, totp(secret, Date.now() + 30_000), client())).toEqual({ ok: false, reason: 'expired' });
	});

	it('counts each unanswered challenge against the account’s password allowance', async () => {
		const u = await makeUser('abandon@example.com');
		await enrol(u);
		for (let i = 0; i < 5; i++) await challengeFor(u.email);
		const blocked = await login({ email: u.email, password: PASSWORD }, client());
		expect(!blocked.ok && blocked.retryAfter).toBeGreaterThan(0);
	});
});

describe('turning it off and new recovery codes', () => {
	it('needs the current password and a code to turn off; then the password alone signs in', async () => {
		const u = await makeUser('disable@example.com');
		const { secret, step } = await enrol(u);
		const next = totp(secret, (step + 1) * 30_000);
		await expect(mfa.disable(u.actor, { password: 'wrong password!', code: next })).rejects.toMatchObject({ errors: { currentPassword: expect.any(String) } });
		await expect(mfa.disable(u.actor, { password: PASSWORD, code: totp(secret, step * 30_000) })).rejects.toMatchObject({ errors: { code: expect.stringMatching(/already been used/) } });
		expect(mfa.isEnrolled(u.id)).toBe(true);
		await mfa.disable(u.actor, { password: PASSWORD, code: next });
		expect(mfa.status(u)).toEqual({ state: 'off' });
		expect(sql().prepare('SELECT count(*) AS n FROM mfa_recovery_codes WHERE user_id = ?').get(u.id)).toEqual({ n: 0 });
		expect((await login({ email: u.email, password: PASSWORD }, client())).ok).toBe(true);
	});

	it('turns off with a recovery code when the phone is gone', async () => {
		const u = await makeUser('lostphone@example.com');
		const { codes } = await enrol(u);
		await mfa.disable(u.actor, { password: PASSWORD, code: codes[3] });
		expect(mfa.isEnrolled(u.id)).toBe(false);
	});

	it('makes ten new codes with the password; the old ones stop working', async () => {
		const u = await makeUser('regen@example.com');
		const { codes } = await enrol(u);
		await expect(mfa.regenerateRecoveryCodes(u.actor, { password: 'wrong password!' })).rejects.toMatchObject({ errors: { currentPassword: expect.any(String) } });
		const fresh = await mfa.regenerateRecoveryCodes(u.actor, { password: PASSWORD });
		expect(fresh).toHaveLength(10);
		expect(answerChallenge(await challengeFor(u.email), codes[0], client())).toMatchObject({ ok: false, reason: 'wrong' });
		expect(answerChallenge(await challengeFor(u.email), fresh[0], client())).toMatchObject({ ok: true });
	});

	it('lets an operator reset it for someone who lost the phone and the codes', async () => {
		const u = await makeUser('reset@example.com', 'admin');
		await enrol(u);
		const s = await challengeFor(u.email);
		expect(mfa.reset(CLI, u.id, u.email)).toBe(true);
		expect(mfa.reset(CLI, u.id, u.email)).toBe(false);
		expect(answerChallenge(s, '123456', client())).toEqual({ ok: false, reason: 'expired' });
		const next = await login({ email: u.email, password: PASSWORD }, client());
		expect(next).toMatchObject({ ok: true, mustEnrol: true });
	});
});

describe('who must have it', () => {
	function event(routeId: string, user: { id: number; email: string; name: string; role: 'admin' | 'analyst' | 'committee' }, mustEnrol: boolean) {
		const url = new URL('http://localhost/x');
		const fake = { locals: { user, session: null, respondent: null, mustEnrol }, route: { id: routeId }, url, request: new Request(url, { method: 'POST' }), getClientAddress: () => '127.0.0.1' };
		return fake as unknown as Parameters<typeof requireRole>[0];
	}

	it('sends an admin without it to the set-up, and lets them reach nothing else until enrolled', async () => {
		const u = await makeUser('newadmin@example.com', 'admin');
		const signedIn = await login({ email: u.email, password: PASSWORD }, client());
		expect(signedIn).toMatchObject({ ok: true, mustEnrol: true });
		expect(mfa.mustEnrol(u)).toBe(true);
		expect(decide('/(app)/dashboard', 'admin', false, true)).toBe('enrol');
		expect(decide('/(app)/admin/users', 'admin', false, true)).toBe('enrol');
		expect(decide('/(app)/account', 'admin', false, true)).toBe('enrol');
		expect(decide('/(app)/account/mfa', 'admin', false, true)).toBe('allow');
		expect(decide('/logout', 'admin', false, true)).toBe('allow');
		expect(decide('/login', null, false, true)).toBe('allow');
		// The action guard agrees with the hook.
		let location = '';
		try {
			requireRole(event('/(app)/admin/users', u, true), 'admin');
		} catch (err) {
			if (isRedirect(err)) location = err.location;
		}
		expect(location).toBe('/account/mfa');
		expect(requireRole(event('/(app)/account/mfa', u, true))).toMatchObject({ id: u.id });

		await enrol(u);
		expect(mfa.mustEnrol(u)).toBe(false);
	});

	it('leaves it optional for others until an admin requires it for everyone, which is audited', async () => {
		const admin = await makeUser('settings-admin@example.com', 'admin');
		const analyst = await makeUser('optional@example.com', 'analyst');
		expect(mfa.mustEnrol(analyst)).toBe(false);
		setMfaRequiredForEveryone(admin.actor, true);
		expect(mfa.mustEnrol(analyst)).toBe(true);
		expect(await login({ email: analyst.email, password: PASSWORD }, client())).toMatchObject({ ok: true, mustEnrol: true });
		setMfaRequiredForEveryone(admin.actor, true); // no change, no event
		setMfaRequiredForEveryone(admin.actor, false);
		expect(mfa.mustEnrol(analyst)).toBe(false);
		const changes = listEvents({ action: 'settings.change' });
		expect(changes.map((e) => JSON.parse(e.details))).toEqual([
			{ from: true, to: false },
			{ from: false, to: true }
		]);
		expect(changes[0].actor).toBe(admin.email);
	});
});

describe('the record', () => {
	it('audits every outcome and never a secret or a code', async () => {
		const u = await makeUser('audited@example.com');
		const { secret, codes, step } = await enrol(u);
		const spent = [totp(secret, step * 30_000)];
		const wrong = totp(secret, (step - 20) * 30_000);
		answerChallenge(await challengeFor(u.email), wrong, client());
		const ok = totp(secret, (step + 1) * 30_000);
		answerChallenge(await challengeFor(u.email), ok, client(), (step + 1) * 30_000);
		answerChallenge(await challengeFor(u.email), codes[0], client());
		const fresh = await mfa.regenerateRecoveryCodes(u.actor, { password: PASSWORD });
		await mfa.disable(u.actor, { password: PASSWORD, code: fresh[0] });

		const mine = listEvents({ limit: 1000 }).filter((e) => e.actorId === u.id || e.entityId === String(u.id));
		const actions = [...new Set(mine.map((e) => e.action))];
		for (const action of ['mfa.enrol_start', 'mfa.enable', 'login.mfa_challenge', 'login.mfa_failed', 'login.mfa_ok', 'login.recovery_code_used', 'mfa.recovery_regenerate', 'mfa.disable', 'auth.login']) {
			expect(actions, action).toContain(action);
		}
		const all = JSON.stringify(listEvents({ limit: 10_000 }));
		for (const needle of [secret, ...spent, wrong, ok, ...codes, ...fresh, ...codes.map((c) => c.replace('-', ''))]) expect(all).not.toContain(needle);
	});

	it('the database itself refuses to move the last step back or to make a used code usable', async () => {
		const u = await makeUser('triggers@example.com');
		const { codes } = await enrol(u);
		expect(() => sql().prepare('UPDATE mfa_credentials SET last_step = last_step - 1 WHERE user_id = ?').run(u.id)).toThrow(/cannot be accepted twice/);
		answerChallenge(await challengeFor(u.email), codes[0], client());
		expect(() => sql().prepare('UPDATE mfa_recovery_codes SET used_at = NULL WHERE user_id = ? AND used_at IS NOT NULL').run(u.id)).toThrow(/cannot be used again/);
	});
});

describe('the forms', () => {
	// Issue 8's rule, as for every other form: a field sent twice or a file where
	// text belongs is refused by name, never resolved by picking one value.
	it('refuse a field sent twice and a file for text, naming the field and spending nothing', async () => {
		const u = await makeUser('forms@example.com', 'admin');
		const { secret, step } = await enrol(u);
		const code = totp(secret, (step + 1) * 30_000);
		const locals: Locals = { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, mustEnrol: false, respondent: null };
		type Action = (event: never) => unknown;
		const post = (actions: Record<string, Action>, route: string, name: string, form: Record<string, string | string[] | File>, as = locals, cookies?: Record<string, string>) =>
			outcomeOf(() => actions[name](formEvent(route, name, form, { locals: as, cookies }) as never));
		const TWICE = 'This field was sent twice; submit the form again.';
		const FILE = 'This field takes text, not a file; submit the form again.';

		expect(await post(accountMfaActions, '/(app)/account/mfa', 'disable', { currentPassword: PASSWORD, code: [code, code] })).toMatchObject({ kind: 'refused', data: { errors: { code: TWICE } } });
		expect(await post(accountMfaActions, '/(app)/account/mfa', 'regenerate', { currentPassword: new File([PASSWORD], 'p.txt') })).toMatchObject({ kind: 'refused', data: { errors: { currentPassword: FILE } } });
		expect(mfa.status(u)).toMatchObject({ state: 'on', recoveryCodesLeft: 10 });

		expect(await post(adminActions, '/(app)/admin', 'setMfaRequirement', { required: ['true', 'true'] })).toMatchObject({ kind: 'refused', data: { field: 'required', message: TWICE } });
		expect(mfaRequiredForEveryone()).toBe(false);

		// On the code page the refusal costs no try, and the right code, sent once, still opens.
		const cookies = { clearance_mfa: await challengeFor(u.email) };
		expect(await post(codePageActions, '/login/mfa', 'default', { code: [code, code] }, NOBODY, cookies)).toMatchObject({ kind: 'refused', data: { errors: { code: TWICE }, triesLeft: null } });
		expect(await post(codePageActions, '/login/mfa', 'default', { code: new File([code], 'code.txt') }, NOBODY, cookies)).toMatchObject({ kind: 'refused', data: { errors: { code: FILE } } });
		expect(sql().prepare('SELECT failures FROM mfa_challenges WHERE user_id = ?').get(u.id)).toEqual({ failures: 0 });
		expect(await post(codePageActions, '/login/mfa', 'default', { code }, NOBODY, cookies)).toMatchObject({ kind: 'accepted', label: 'redirect 303' });
	});
});
