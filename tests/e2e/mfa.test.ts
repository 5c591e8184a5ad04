import { expect, test, type Browser, type Page } from '@playwright/test';
import { stepAt, totp } from '../../src/lib/server/auth/totp';
import { answerTotp, markTotpSpent, signIn } from './helpers';

// One flow, in order: the accounts are made once by the demo admin, and what
// one test enrols the next one signs in with.
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'a long enough passphrase';
const USERS = {
	enrol: { name: 'Mira Twofactor', email: 'mira.2fa@example.com', role: 'analyst' },
	lockout: { name: 'Lars Lockout', email: 'lars.lockout@example.com', role: 'analyst' },
	sessions: { name: 'Sol Sessions', email: 'sol.sessions@example.com', role: 'committee' },
	newAdmin: { name: 'Nadia Newadmin', email: 'nadia.admin@example.com', role: 'admin' }
} as const;

let admin: Page;
/** What the enrolment test set up, for the sign-in tests after it. */
const enrolled = { secret: '', recoveryCodes: [] as string[] };

test.beforeAll(async ({ browser }) => {
	admin = await (await browser.newContext()).newPage();
	await signIn(admin, 'admin');
	await admin.goto('/admin/users');
	for (const u of Object.values(USERS)) {
		await admin.getByLabel('Name').fill(u.name);
		await admin.getByLabel('Email').fill(u.email);
		await admin.getByLabel('Role', { exact: true }).selectOption(u.role);
		await admin.getByLabel('Initial password').fill(PASSWORD);
		await admin.getByRole('button', { name: 'Create user' }).click();
		await expect(admin.getByRole('status')).toHaveText(`Created ${u.email} as ${u.role}.`);
	}
});

test.afterAll(async () => {
	await admin.context().close();
});

async function passwordOnly(browser: Browser, email: string): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	// Onwards to the dashboard, the code page or the set-up, but off the password form.
	await page.waitForURL((url) => url.pathname !== '/login');
	return page;
}

/** On /account/mfa: start (unless a key is already shown), read the key off the page, confirm. Returns the key and codes. */
async function enrol(page: Page, email: string, start = true): Promise<{ secret: string; recoveryCodes: string[] }> {
	if (start) await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
	await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
	const secret = (await page.locator('#mfa-secret').textContent())!.replace(/\s/g, '');
	expect(secret).toMatch(/^[A-Z2-7]{32}$/);
	const now = Date.now();
	await page.getByLabel('Code from the app').fill(totp(secret, now));
	await page.getByLabel('Current password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
	await expect(page.getByRole('heading', { name: 'Two-factor authentication is on' })).toBeVisible();
	markTotpSpent(email, stepAt(now));
	const recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
	return { secret, recoveryCodes };
}

async function codePage(browser: Browser, email: string): Promise<Page> {
	const page = await passwordOnly(browser, email);
	await expect(page).toHaveURL(/\/login\/mfa$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your code');
	return page;
}

test('a user sets up two-factor authentication from the key on the page and sees recovery codes once', async ({ browser }) => {
	const page = await passwordOnly(browser, USERS.enrol.email);
	await expect(page).toHaveURL(/\/work$/);
	await page.goto('/account');
	await page.getByRole('link', { name: 'Set up two-factor authentication' }).click();
	await expect(page).toHaveURL(/\/account\/mfa$/);

	await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
	const secret = (await page.locator('#mfa-secret').textContent())!.replace(/\s/g, '');
	// A wrong code and a wrong password: both named, nothing turned on, the same key still shown.
	await page.getByLabel('Code from the app').fill(totp(secret, Date.now() - 10 * 30_000));
	await page.getByLabel('Current password').fill('not my password at all');
	await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
	await expect(page.getByText('That code does not match the new secret.')).toBeVisible();
	await expect(page.getByText('The current password is not correct.')).toBeVisible();
	await expect(page.getByLabel('Code from the app')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#mfa-secret')).toHaveText(secret.match(/.{4}/g)!.join(' '));

	await page.getByRole('button', { name: 'Start over with a new key' }).click();
	await expect(page.locator('#mfa-secret')).not.toHaveText(secret.match(/.{4}/g)!.join(' '));
	Object.assign(enrolled, await enrol(page, USERS.enrol.email, false));
	expect(enrolled.secret).not.toBe(secret);
	expect(enrolled.recoveryCodes).toHaveLength(10);
	for (const code of enrolled.recoveryCodes) expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
	await expect(page.getByRole('status')).toContainText('Two-factor authentication is on.');

	// Shown once: a reload no longer has them.
	await page.reload();
	await expect(page.getByRole('list', { name: 'Recovery codes' })).toHaveCount(0);
	await expect(page.getByText('10 of 10 recovery codes left.')).toBeVisible();
	await page.context().close();
});

test('signing in asks for a code after the password, and a code already used is refused', async ({ browser }) => {
	const first = await codePage(browser, USERS.enrol.email);
	// No session yet: the password alone opens nothing.
	await first.goto('/dashboard');
	await expect(first).toHaveURL(/\/login/);
	const firstCode = await (async () => {
		const page = await codePage(browser, USERS.enrol.email);
		const code = await answerTotp(page, enrolled.secret, USERS.enrol.email);
		await expect(page).toHaveURL(/\/work$/);
		await page.context().close();
		return code;
	})();

	const second = await codePage(browser, USERS.enrol.email);
	await second.getByLabel('Code').fill(firstCode);
	await second.getByRole('button', { name: 'Continue' }).click();
	await expect(second.getByRole('alert')).toHaveText('The code was not accepted. 4 tries left.');
	await expect(second.locator('#code-error')).toHaveText(
		'That code has already been used. Wait for your authenticator app to show a new code, then enter it.'
	);
	await answerTotp(second, enrolled.secret, USERS.enrol.email);
	await expect(second).toHaveURL(/\/work$/);
	await first.context().close();
	await second.context().close();
});

test('a recovery code signs in once, typed any way', async ({ browser }) => {
	const [code, next] = enrolled.recoveryCodes;
	const page = await codePage(browser, USERS.enrol.email);
	await page.getByLabel('Code').fill(code);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(/\/work$/);
	await page.context().close();

	const again = await codePage(browser, USERS.enrol.email);
	await again.getByLabel('Code').fill(code);
	await again.getByRole('button', { name: 'Continue' }).click();
	await expect(again.locator('#code-error')).toHaveText('That recovery code has already been used. Each recovery code works once; use another.');
	await again.getByLabel('Code').fill(next.replace('-', ' ').toLowerCase());
	await again.getByRole('button', { name: 'Continue' }).click();
	await expect(again).toHaveURL(/\/work$/);
	await again.goto('/account/mfa');
	await expect(again.getByText('8 of 10 recovery codes left.')).toBeVisible();
	await again.context().close();
});

test('five wrong codes end the sign-in; the password starts a new one', async ({ browser }) => {
	const setup = await passwordOnly(browser, USERS.lockout.email);
	await setup.goto('/account/mfa');
	const { secret } = await enrol(setup, USERS.lockout.email);
	await setup.context().close();

	const page = await codePage(browser, USERS.lockout.email);
	const wrong = totp(secret, Date.now() - 20 * 30_000);
	for (let left = 4; left >= 1; left--) {
		await page.getByLabel('Code').fill(wrong);
		await page.getByRole('button', { name: 'Continue' }).click();
		await expect(page.getByRole('alert')).toHaveText(`The code was not accepted. ${left} ${left === 1 ? 'try' : 'tries'} left.`);
	}
	await page.getByLabel('Code').fill(wrong);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page).toHaveURL(/\/login\?mfa=locked$/);
	await expect(page.getByRole('alert')).toHaveText(
		'Too many wrong codes: that sign-in has been stopped. Sign in again with your password to get five new tries.'
	);
	// The dead challenge answers nothing, even with the right code.
	await page.goto('/login/mfa');
	await expect(page).toHaveURL(/\/login\?mfa=expired$/);

	await page.getByLabel('Email').fill(USERS.lockout.email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await answerTotp(page, secret, USERS.lockout.email);
	await expect(page).toHaveURL(/\/work$/);
	await page.context().close();
});

test('the sessions page ends another session, then all others; an admin ends all of a user’s', async ({ browser }) => {
	const here = await passwordOnly(browser, USERS.sessions.email);
	const laptop = await passwordOnly(browser, USERS.sessions.email);
	const phone = await passwordOnly(browser, USERS.sessions.email);
	for (const p of [here, laptop, phone]) await expect(p).toHaveURL(/\/work$/);

	await here.goto('/account');
	await here.getByRole('link', { name: 'See and end them one by one' }).click();
	const rows = here.locator('tbody tr');
	await expect(rows).toHaveCount(3);
	await expect(rows.filter({ hasText: 'This session' })).toHaveCount(1);
	await expect(rows.filter({ hasText: 'This session' }).getByRole('button')).toHaveCount(0);
	await expect(rows.first()).toContainText(/127\.0\.0\.1|::1/);

	await rows.filter({ hasNotText: 'This session' }).first().getByRole('button', { name: /^End/ }).click();
	await expect(here.getByRole('status')).toHaveText('The session has ended. Whoever used it must sign in again.');
	await expect(rows).toHaveCount(2);
	// One of the two others is gone; the other still works.
	const alive = async (p: Page) => (await p.goto('/dashboard'), !p.url().includes('/login'));
	const [laptopAlive, phoneAlive] = [await alive(laptop), await alive(phone)];
	expect([laptopAlive, phoneAlive].filter(Boolean)).toHaveLength(1);

	await here.getByRole('button', { name: 'End all other sessions' }).click();
	await expect(here.getByRole('status')).toHaveText('Ended 1 other session.');
	await expect(rows).toHaveCount(1);
	for (const p of [laptop, phone]) {
		await p.goto('/dashboard');
		await expect(p).toHaveURL(/\/login/);
	}

	// The admin's "End all" on the users page signs them out of the last one too.
	await admin.goto('/admin/users');
	await admin.getByRole('button', { name: `End all sessions of ${USERS.sessions.email}` }).click();
	await expect(admin.getByRole('status')).toHaveText(`Ended 1 session of ${USERS.sessions.email}.`);
	await here.goto('/dashboard');
	await expect(here).toHaveURL(/\/login\?redirectTo=%2Fdashboard&expired=1$/);
	for (const p of [here, laptop, phone]) await p.context().close();
});

test('a new admin without two-factor authentication is sent to set it up and can reach nothing else', async ({ browser }) => {
	const page = await passwordOnly(browser, USERS.newAdmin.email);
	await expect(page).toHaveURL(/\/account\/mfa$/);
	await expect(page.getByRole('status')).toContainText('Admins must use two-factor authentication.');
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveCount(0);
	for (const path of ['/dashboard', '/admin/users', '/account']) {
		await page.goto(path);
		await expect(page, path).toHaveURL(/\/account\/mfa$/);
	}
	const response = await page.request.post('/admin/users?/create', {
		form: { email: 'sneaky@example.com', name: 'Sneaky', role: 'admin', password: PASSWORD },
		headers: { origin: new URL(page.url()).origin }
	});
	expect(response.status()).toBe(403);

	await enrol(page, USERS.newAdmin.email);
	await page.getByRole('link', { name: 'I have saved my codes: continue' }).click();
	await expect(page).toHaveURL(/\/work$/);
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toBeVisible();
	await page.context().close();
});
