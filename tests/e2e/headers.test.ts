import { expect, test } from '@playwright/test';
import http from 'node:http';
import { signIn, MAIN } from './helpers';

test('pages carry the CSP and security headers', async ({ page }) => {
	await signIn(page, 'analyst');
	const response = await page.goto('/dashboard');
	const h = response!.headers();
	const csp = h['content-security-policy'];
	for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) {
		expect(csp).toContain(directive);
	}
	expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
	expect(csp).not.toContain('unsafe-inline');
	expect(csp).not.toContain('unsafe-eval');
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['referrer-policy']).toBe('same-origin');
	expect(h['cache-control']).toBe('no-store');
	expect(h['strict-transport-security']).toBeUndefined(); // plain http here
});

test('the login page and redirects carry them too', async ({ request }) => {
	const login = await request.get('/login');
	expect(login.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
	const redirect = await request.get('/platforms', { maxRedirects: 0 });
	expect(redirect.status()).toBe(303);
	expect(redirect.headers()['x-content-type-options']).toBe('nosniff');
});

test('a path starting with // is refused, not redirected', async () => {
	const status = await new Promise<number>((resolve, reject) => {
		http.get({ host: 'localhost', port: Number(new URL(MAIN).port), path: '//evil.example/login' }, (res) => {
			res.resume();
			resolve(res.statusCode!);
		}).on('error', reject);
	});
	expect(status).toBe(400);
});

test('no console errors or CSP violations on the signed-in shell', async ({ page }) => {
	const problems: string[] = [];
	page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
	page.on('pageerror', (e) => problems.push(e.message));
	// A refusal the page's own code catches logs nothing (zod's eval probe did
	// exactly that on every page that validates): only the event tells.
	await page.addInitScript(() =>
		document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} in ${e.sourceFile}:${e.lineNumber}`))
	);
	await signIn(page, 'admin');
	for (const path of ['/dashboard', '/admin/users', '/admin/audit', '/account', '/platforms/new']) {
		await page.goto(path);
		// Hydrated, so the page's scripts have run.
		await page.locator('#svelte-announcer').waitFor({ state: 'attached' });
	}
	expect(problems).toEqual([]);
});
