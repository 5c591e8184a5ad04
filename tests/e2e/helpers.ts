import { expect, test, type Page, type Response } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../playwright.config';
import { STEP_SECONDS, stepAt, totp } from '../../src/lib/server/totp';

export const SHORT = 'http://localhost:4174';

export async function signIn(page: Page, role: 'admin' | 'analyst' | 'committee', base = '') {
	await page.goto(`${base}/login`);
	await page.getByLabel('Email').fill(`${role}@clearance.demo`);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	// Admins always have two-factor authentication; the demo admin's secret is DEMO_TOTP_SECRET.
	if (role === 'admin') await answerTotp(page, DEMO_TOTP_SECRET, `${base || 'main'}:admin`);
	await expect(page).toHaveURL(/\/dashboard$/);
}

/**
 * The last time step used per server and account. The server accepts each
 * step once (and ±1 step around now), so sign-ins in quick succession take
 * the previous, current and next steps in turn, and wait only past that.
 */
const spent = new Map<string, number>();

/** Whether the code page said no: a 400 page without JavaScript, a "failure" result with it. */
async function refused(response: Response): Promise<boolean> {
	if (response.status() >= 300 && response.status() < 400) return false;
	if (!(response.headers()['content-type'] ?? '').includes('json')) return response.status() === 400;
	return ((await response.json()) as { type: string }).type === 'failure';
}

/** Record a step the server has seen used (say, at enrolment), so answerTotp never offers it. */
export function markTotpSpent(account: string, step: number): void {
	spent.set(account, Math.max(step, spent.get(account) ?? -Infinity));
}

/** Answer the code page with a TOTP code nobody has used yet on that server; returns the code. */
export async function answerTotp(page: Page, secret: string, account: string): Promise<string> {
	await expect(page).toHaveURL(/\/login\/mfa/);
	for (let attempt = 0; attempt < 3; attempt++) {
		const now = Date.now();
		const current = stepAt(now);
		const msLeftInStep = (current + 1) * STEP_SECONDS * 1000 - now;
		// The previous step only while the server surely still accepts it.
		const earliest = msLeftInStep > 10_000 ? current - 1 : current;
		const step = Math.max(earliest, (spent.get(account) ?? -Infinity) + 1);
		// A step two ahead is not accepted yet: wait until it is one ahead.
		const wait = (step - 1) * STEP_SECONDS * 1000 - now + 500;
		if (wait > 0) {
			test.info().setTimeout(test.info().timeout + wait);
			await page.waitForTimeout(wait);
		}
		spent.set(account, step);
		const code = totp(secret, step * STEP_SECONDS * 1000);
		await page.getByLabel('Code').fill(code);
		const [response] = await Promise.all([
			page.waitForResponse((r) => r.url().includes('/login/mfa') && r.request().method() === 'POST'),
			page.getByRole('button', { name: 'Continue' }).click()
		]);
		if (!(await refused(response))) return code;
		// Another run (or a restarted worker) spent this step: take the next one.
		const error = page.locator('#code-error');
		await expect(error).toBeVisible();
		const message = (await error.textContent()) ?? '';
		if (!message.includes('already been used')) throw new Error(`the code was refused: ${message}`);
	}
	throw new Error('no unused TOTP code was accepted in three tries');
}
