import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../playwright.config';
import { SHORT, signIn, MAIN } from './helpers';

test('an anonymous visitor to /platforms is sent to login, then back after signing in', async ({ page }) => {
	await page.goto('/platforms');
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fplatforms$/);
	await page.getByLabel('Email').fill('analyst@clearance.demo');
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/platforms$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Platforms' })).toBeVisible();
});

test('a wrong password gets a generic message and no session', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('Email').fill('committee@clearance.demo');
	await page.getByLabel('Password').fill('not the right password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('That email and password do not match an active account.');
	await expect(page.getByLabel('Email')).toHaveValue('committee@clearance.demo');
	await page.goto('/dashboard');
	await expect(page).toHaveURL(/\/login/);
});

test('an unknown account gets exactly the same message', async ({ page }) => {
	await page.goto('/login');
	await page.getByLabel('Email').fill('nobody@clearance.demo');
	await page.getByLabel('Password').fill('not the right password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toHaveText('That email and password do not match an active account.');
});

test('login works without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'committee', '', { fresh: true });
	await expect(page.getByRole('heading', { level: 1, name: 'My work' })).toBeVisible();
	await context.close();
});

test('login does not redirect to another site', async ({ page }) => {
	await page.goto('/login?redirectTo=//evil.example/steal');
	await page.getByLabel('Email').fill('analyst@clearance.demo');
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(`${MAIN}/work`);
});

test('sign out ends the session on the server', async ({ page, context }) => {
	await signIn(page, 'analyst', '', { fresh: true });
	const cookie = (await context.cookies()).find((c) => c.name === 'clearance_session')!;
	expect(cookie.httpOnly).toBe(true);
	expect(cookie.sameSite).toBe('Lax');
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
	// Replaying the old cookie gets nowhere: the server forgot it.
	await context.addCookies([{ ...cookie }]);
	await page.goto('/dashboard');
	await expect(page).toHaveURL(/\/login/);
});

test('a session ends after the idle timeout', async ({ page }) => {
	await signIn(page, 'analyst', SHORT, { fresh: true });
	await page.goto(`${SHORT}/platforms`);
	await expect(page.getByRole('heading', { level: 1, name: 'Platforms' })).toBeVisible();
	await page.waitForTimeout(4_000);
	await page.goto(`${SHORT}/platforms`);
	await expect(page).toHaveURL(/\/login\?redirectTo=%2Fplatforms&expired=1$/);
	await expect(page.getByRole('status')).toHaveText('Your session ended. Sign in again to continue.');
});

test('repeated failures are throttled with 429 and Retry-After', async ({ page }) => {
	await page.goto(`${SHORT}/login`);
	for (let i = 0; i < 3; i++) {
		await page.getByLabel('Email').fill('committee@clearance.demo');
		await page.getByLabel('Password').fill(`wrong password ${i}`);
		await Promise.all([
			page.waitForResponse((r) => r.url().startsWith(`${SHORT}/login`) && r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Sign in' }).click()
		]);
		await expect(page.getByRole('alert')).toContainText('do not match');
	}
	const response = await page.request.post(`${SHORT}/login`, {
		form: { email: 'committee@clearance.demo', password: DEMO_PASSWORD },
		headers: { origin: SHORT, accept: 'text/html' }
	});
	expect(response.status()).toBe(429);
	expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
	await page.getByLabel('Email').fill('committee@clearance.demo');
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toContainText('Too many failed attempts');
});
