// Re-authentication — the current password, and a code to turn two-factor
// authentication off — is throttled like sign-in: the same allowance per
// account, shared with sign-in, given back by a right answer; and every
// failed, throttled and successful attempt is in the audit trail.
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../src/lib/server/audit';
import * as mfa from '../../src/lib/server/auth/mfa';
import { hashRecoveryCode, normaliseRecoveryCode } from '../../src/lib/server/auth/recovery-codes';
import { login } from '../../src/lib/server/auth/sign-in';
import { stepAt, totp } from '../../src/lib/server/auth/totp';
import * as users from '../../src/lib/server/auth/users';
import { handle } from '../../src/lib/server/db/index';
import { actions as accountActions } from '../../src/routes/(app)/account/+page.server';
import { actions as mfaActions } from '../../src/routes/(app)/account/mfa/+page.server';
import { useTempDatabase } from '../helpers/database';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';

useTempDatabase();

const PASSWORD = 'a long enough passphrase';
const NEXT = 'another long passphrase';
const CLI = { id: null, label: 'cli' };
let ip = 0;
const client = () => ({ ip: `10.30.0.${ip++ % 250}`, userAgent: 'vitest', replacesSessionId: null });

async function makeUser(email: string) {
	const u = await users.create(CLI, { email, name: email.split('@')[0], role: 'analyst', password: PASSWORD });
	const locals: Locals = { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, mustEnrol: false, respondent: null };
	return { ...u, actor: { id: u.id, label: u.email }, locals };
}

type User = Awaited<ReturnType<typeof makeUser>>;

const hashOf = (id: number) => (handle().sqlite.prepare('SELECT password_hash AS h FROM users WHERE id = ?').get(id) as { h: string }).h;

/** The events of one action about one user, oldest first, their details parsed. */
const events = (action: string, u: User) =>
	listEvents({ action, limit: 1000 })
		.filter((e) => e.entityId === String(u.id))
		.map((e) => JSON.parse(e.details) as Record<string, unknown>)
		.reverse();

function changePassword(u: User, current: string) {
	const form = { currentPassword: current, newPassword: NEXT, confirmPassword: NEXT };
	return outcomeOf(() => accountActions.changePassword(formEvent('/(app)/account', 'changePassword', form, { locals: u.locals }) as never));
}

function disable(u: User, code: string) {
	return outcomeOf(() => mfaActions.disable(formEvent('/(app)/account/mfa', 'disable', { currentPassword: PASSWORD, code }, { locals: u.locals }) as never));
}

async function enrol(u: User) {
	mfa.startEnrolment(u.actor);
	const status = mfa.status(u);
	if (status.state !== 'pending') throw new Error('not pending');
	const now = Date.now();
	await mfa.confirmEnrolment(u.actor, { password: PASSWORD, code: totp(status.secret, now) }, null);
	return { secret: status.secret, step: stepAt(now) };
}

describe('changing the password', () => {
	it('refuses the sixth attempt after five wrong passwords, right password or not, saying when to retry, and audits each', async () => {
		const u = await makeUser('guess@example.com');
		const hash = hashOf(u.id);
		for (let i = 0; i < 5; i++) {
			expect(await changePassword(u, `wrong guess number ${i}`)).toMatchObject({ label: 'fail 400', data: { errors: { currentPassword: 'The current password is not correct.' } } });
		}
		const sixth = await changePassword(u, PASSWORD);
		expect(sixth.label).toBe('fail 429');
		expect(sixth.data).toMatchObject({ errors: { currentPassword: expect.stringMatching(/Too many wrong attempts.*try again in 15 minutes/i) } });
		expect(hashOf(u.id)).toBe(hash);
		expect(events('auth.reauth_failed', u)).toEqual(Array.from({ length: 5 }, () => ({ purpose: 'password_change', reason: 'wrong_password' })));
		expect(events('auth.reauth_throttled', u)).toEqual([{ purpose: 'password_change', retryAfter: expect.any(Number) }]);
		expect(events('user.password_change', u)).toEqual([]);
	});

	it('spends the same allowance as signing in: five wrong re-authentications hold off the sign-in too', async () => {
		const u = await makeUser('shared@example.com');
		for (let i = 0; i < 5; i++) await changePassword(u, `wrong guess number ${i}`);
		const signIn = await login({ email: u.email, password: PASSWORD }, client());
		expect(!signIn.ok && signIn.retryAfter).toBeGreaterThan(0);
	});

	it('a right password gives the allowance back, as a sign-in does, and is audited', async () => {
		const u = await makeUser('reset@example.com');
		for (let i = 0; i < 4; i++) expect((await login({ email: u.email, password: `wrong guess ${i}` }, client())).ok).toBe(false);
		expect(await changePassword(u, PASSWORD)).toMatchObject({ kind: 'accepted' });
		expect(events('auth.reauth_ok', u)).toEqual([{ purpose: 'password_change' }]);
		// Five more wrong tries are each told the password is wrong; only the sixth is held off.
		for (let i = 0; i < 5; i++) expect((await changePassword(u, `wrong again ${i}`)).label).toBe('fail 400');
		expect((await changePassword(u, NEXT)).label).toBe('fail 429');
	});

	it('two password changes from the same old password at once: one wins, the other is told the password changed and changes nothing', async () => {
		const u = await makeUser('twotabs@example.com');
		const results = await Promise.allSettled(['first new passphrase', 'second new passphrase'].map((next) => users.changePassword(u.actor, PASSWORD, next, null)));
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(lost.reason).toMatchObject({ status: 409, field: 'currentPassword', message: expect.stringMatching(/changed in another session.*nothing was changed/) });
		expect(events('user.password_change', u)).toHaveLength(1);
	});
});

describe('turning two-factor authentication on', () => {
	it('confirmed in two tabs at once: one turns it on, the other is told it is already on and replaces no recovery code', async () => {
		const u = await makeUser('twotabs-mfa@example.com');
		mfa.startEnrolment(u.actor);
		const status = mfa.status(u);
		if (status.state !== 'pending') throw new Error('not pending');
		const code = totp(status.secret, Date.now());
		const results = await Promise.allSettled([0, 1].map(() => mfa.confirmEnrolment(u.actor, { password: PASSWORD, code }, null)));
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 409, message: expect.stringMatching(/already on/) });
		const shown = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<string[]>).value;
		const stored = handle().sqlite.prepare('SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?').pluck().all(u.id);
		expect(stored.sort()).toEqual(shown.map((c) => hashRecoveryCode(normaliseRecoveryCode(c)!)).sort());
	});
});

describe('turning two-factor authentication off', () => {
	it('refuses after five wrong codes, as a sign-in allows five, even the right code; audits each', async () => {
		const u = await makeUser('codes@example.com');
		const { secret, step } = await enrol(u);
		const wrong = totp(secret, (step - 40) * 30_000);
		for (let i = 0; i < 5; i++) {
			expect(await disable(u, wrong)).toMatchObject({ label: 'fail 400', data: { errors: { code: expect.stringMatching(/not right/) } } });
		}
		const right = await disable(u, totp(secret, (step + 1) * 30_000));
		expect(right.label).toBe('fail 429');
		expect(right.data).toMatchObject({ errors: { currentPassword: expect.stringMatching(/try again in 15 minutes/i) } });
		expect(mfa.isEnrolled(u.id)).toBe(true);
		expect(events('auth.reauth_failed', u)).toEqual(Array.from({ length: 5 }, () => ({ purpose: 'mfa_disable', reason: 'wrong_code' })));
		expect(events('auth.reauth_throttled', u)).toHaveLength(1);
		expect(events('mfa.disable', u)).toEqual([]);
	});

	it('a code of the wrong shape costs no try, as at sign-in', async () => {
		const u = await makeUser('shape@example.com');
		const { secret, step } = await enrol(u);
		for (let i = 0; i < 8; i++) expect((await disable(u, '12 34')).label).toBe('fail 400');
		expect(await disable(u, totp(secret, (step + 1) * 30_000))).toMatchObject({ kind: 'accepted' });
		expect(mfa.isEnrolled(u.id)).toBe(false);
		expect(events('auth.reauth_ok', u).map((d) => d.purpose)).toEqual(['mfa_enable', 'mfa_disable']);
	});
});

describe('new recovery codes', () => {
	it('are throttled and audited like every other re-authentication', async () => {
		const u = await makeUser('regen@example.com');
		await enrol(u);
		for (let i = 0; i < 5; i++) await expect(mfa.regenerateRecoveryCodes(u.actor, { password: `wrong guess ${i}` })).rejects.toMatchObject({ field: 'currentPassword', status: 400 });
		await expect(mfa.regenerateRecoveryCodes(u.actor, { password: PASSWORD })).rejects.toMatchObject({ field: 'currentPassword', status: 429 });
		expect(events('auth.reauth_failed', u)).toHaveLength(5);
	});
});
