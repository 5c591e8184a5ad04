import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type APIResponse, type Cookie, type Page, type Response } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, MAIN, SHORT } from '../../playwright.config';
import { STEP_SECONDS, stepAt, totp } from '../../src/lib/server/auth/totp';

export { MAIN, SHORT };

/** Who has spent which TOTP step: one key per server (its origin; '' is the main one) and account. */
export const totpAccount = (origin: string, email: string) => `${origin || MAIN}:${email}`;

type DemoRole = 'admin' | 'analyst' | 'committee';

/**
 * Sessions this worker has opened, by server and role. Most tests need
 * someone signed in, not a sign-in: each sign-in costs a page, an argon2
 * check and, for the admin, a TOTP step (three are usable per 30 s, so a run
 * of admin sign-ins waits for the clock). Tests of signing in itself, or that
 * end their session, pass `fresh`.
 */
const sessions = new Map<string, Cookie[]>();

/** Signed in as `role`, on /work: the worker's session for it if the server still honours it, else through the forms. */
export async function signIn(page: Page, role: DemoRole, base = '', options: { fresh?: boolean } = {}) {
	const origin = base || MAIN;
	const key = `${origin} ${role}`;
	const saved = options.fresh ? undefined : sessions.get(key);
	if (saved) {
		await page.context().addCookies(saved);
		await page.goto(`${base}/work`);
		// An ended or expired session lands on the login page instead: sign in again.
		if (new URL(page.url()).pathname === '/work') return;
		sessions.delete(key);
	}
	await signInThroughForms(page, role, base);
	if (!options.fresh) sessions.set(key, (await page.context().cookies(origin)).filter((c) => c.name === 'clearance_session'));
}

async function signInThroughForms(page: Page, role: DemoRole, base: string) {
	await page.goto(`${base}/login`);
	await page.getByLabel('Email').fill(`${role}@clearance.demo`);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	// Admins always have two-factor authentication; the demo admin's secret is DEMO_TOTP_SECRET.
	if (role === 'admin') await answerTotp(page, DEMO_TOTP_SECRET, totpAccount(base, 'admin@clearance.demo'));
	await expect(page).toHaveURL(/\/work$/);
}

/**
 * The last time step used per server and account. The server accepts each
 * step once (and ±1 step around now), so sign-ins in quick succession take
 * the previous, current and next steps in turn, and wait only past that.
 */
const spent = new Map<string, number>();
// Kept in a file as well: after a failed test Playwright starts a new worker,
// whose memory would otherwise offer a step the server has already seen.
const SPENT_FILE = path.resolve('data', `e2e-totp-spent-${new URL(MAIN).port}.json`);
function spentStep(account: string): number {
	try {
		const saved = (JSON.parse(fs.readFileSync(SPENT_FILE, 'utf8')) as Record<string, number>)[account];
		if (typeof saved === 'number') spent.set(account, Math.max(saved, spent.get(account) ?? -Infinity));
	} catch {
		// No file yet: nothing spent by an earlier worker.
	}
	return spent.get(account) ?? -Infinity;
}
function spend(account: string, step: number): void {
	spent.set(account, Math.max(step, spentStep(account)));
	fs.mkdirSync(path.dirname(SPENT_FILE), { recursive: true });
	fs.writeFileSync(SPENT_FILE, JSON.stringify(Object.fromEntries(spent)));
}

/** Whether the code page said no: a 400 page without JavaScript, a "failure" result with it. */
async function refused(response: Response): Promise<boolean> {
	if (response.status() >= 300 && response.status() < 400) return false;
	if (!(response.headers()['content-type'] ?? '').includes('json')) return response.status() === 400;
	return ((await response.json()) as { type: string }).type === 'failure';
}

/** Record a step the server has seen used (say, at enrolment), so answerTotp never offers it. */
export function markTotpSpent(account: string, step: number): void {
	spend(account, step);
}

/**
 * A TOTP code for `account` that nobody has used yet on its server, waiting
 * if the usable steps are spent; `page` (or a plain timer) does the waiting.
 */
export async function unusedTotp(secret: string, account: string, wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms))): Promise<string> {
	const now = Date.now();
	const current = stepAt(now);
	const msLeftInStep = (current + 1) * STEP_SECONDS * 1000 - now;
	const earliest = msLeftInStep > 10_000 ? current - 1 : current;
	const step = Math.max(earliest, spentStep(account) + 1);
	const delay = (step - 1) * STEP_SECONDS * 1000 - now + 500;
	if (delay > 0) {
		test.info().setTimeout(test.info().timeout + delay);
		await wait(delay);
	}
	spend(account, step);
	return totp(secret, step * STEP_SECONDS * 1000);
}

/**
 * Sign in through the forms without a browser (Playwright's request API):
 * password, then the code page for an account with two-factor
 * authentication. Returns the session cookie as `name=value`. The session
 * remembers `userAgent`, when given, as the browser it was opened in.
 */
export async function apiSignIn(
	api: APIRequestContext,
	origin: string,
	email: string,
	password: string,
	totpSecret: string | null,
	options: { userAgent?: string } = {}
): Promise<string> {
	const headers = { origin, accept: 'text/html', ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }) };
	const first = await api.post('/login', { form: { email, password }, headers: { ...headers, cookie: '' }, maxRedirects: 0 });
	expect(first.status(), `password for ${email}`).toBe(303);
	const cookieOf = (response: APIResponse, name: string) => response.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith(`${name}=`))?.value.split(';')[0];
	const location = first.headers().location ?? '';
	if (!location.startsWith('/login/mfa')) return cookieOf(first, 'clearance_session')!;
	if (!totpSecret) throw new Error(`${email} has two-factor authentication and no secret was given`);
	const challenge = cookieOf(first, 'clearance_mfa')!;
	const account = totpAccount(origin, email);
	const code = await unusedTotp(totpSecret, account);
	const second = await api.post(location, { form: { code }, headers: { ...headers, cookie: challenge }, maxRedirects: 0 });
	expect(second.status(), `code for ${email}: ${second.status() === 400 ? await second.text() : ''}`).toBe(303);
	return cookieOf(second, 'clearance_session')!;
}

/** Answer the code page with a TOTP code nobody has used yet on that server; returns the code. */
export async function answerTotp(page: Page, secret: string, account: string): Promise<string> {
	await expect(page).toHaveURL(/\/login\/mfa/);
	for (let attempt = 0; attempt < 3; attempt++) {
		const code = await unusedTotp(secret, account, (ms) => page.waitForTimeout(ms));
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
