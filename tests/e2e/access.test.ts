import { expect, test } from '@playwright/test';
import { signIn, MAIN } from './helpers';

const NAV = {
	admin: ['My work', 'Dashboard', 'Platforms', 'Templates', 'Findings', 'Compare', 'Committee', 'Admin'],
	analyst: ['My work', 'Dashboard', 'Platforms', 'Templates', 'Findings', 'Compare', 'Committee'],
	committee: ['My work', 'Dashboard', 'Platforms', 'Findings', 'Compare', 'Committee']
} as const;

for (const [role, labels] of Object.entries(NAV) as Array<[keyof typeof NAV, readonly string[]]>) {
	test(`${role} sees their navigation, and every link works`, async ({ page }) => {
		await signIn(page, role);
		const nav = page.getByRole('navigation', { name: 'Main' });
		// "My work" carries the count of what waits ("My work, 2 waiting").
		await expect(nav.getByRole('link')).toHaveText(labels.map((l) => (l === 'My work' ? /^My work(, \d+ waiting)?$/ : l)));
		for (const label of labels) {
			await nav.getByRole('link', { name: label }).click();
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expect(nav.getByRole('link', { name: label })).toHaveAttribute('aria-current', 'page');
		}
		await page.getByRole('link', { name: 'How scores are calculated' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('How Clearance scores a platform');
		await expect(page.getByRole('heading', { name: 'A worked example' })).toBeVisible();
		await page.locator('a.who').click();
		await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
	});
}

test('a committee member gets 403 on admin pages, their data and admin actions', async ({ page }) => {
	await signIn(page, 'committee');
	for (const path of ['/admin', '/admin/users', '/admin/audit', '/templates']) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not allowed');
	}
	const data = await page.request.get('/admin/users/__data.json');
	expect(data.status()).toBe(403);
	expect(await data.text()).not.toContain('@clearance.demo');
	const action = await page.request.post('/admin/users?/create', {
		form: { email: 'sneaky@example.com', name: 'Sneaky', role: 'admin', password: 'a long enough passphrase' },
		headers: { origin: MAIN }
	});
	expect(action.status()).toBe(403);
});

test('an admin creates a user; bad input shows the field error and changes nothing', async ({ page }) => {
	await signIn(page, 'admin');
	await page.goto('/admin/users');
	const rows = page.locator('tbody tr');
	const before = await rows.count();
	await page.getByLabel('Name').fill('New Analyst');
	await page.getByLabel('Email').fill('new.analyst@example.com');
	await page.getByLabel('Initial password').fill('too short');
	await page.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
	await expect(page.getByLabel('Initial password')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Name')).toHaveValue('New Analyst');
	await expect(rows).toHaveCount(before);

	await page.getByLabel('Initial password').fill('a much longer passphrase');
	await page.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByRole('status')).toHaveText('Created new.analyst@example.com as analyst.');
	await expect(rows).toHaveCount(before + 1);

	await page.goto('/admin/audit?action=user.create');
	await expect(page.locator('tbody')).toContainText('new.analyst@example.com');
	await page.getByRole('button', { name: 'Verify the chain' }).click();
	await expect(page.getByRole('status')).toContainText('events verify');
});

test('forms post with a foreign Origin are refused', async ({ page }) => {
	await signIn(page, 'admin');
	const response = await page.request.post('/admin/users?/create', {
		form: { email: 'csrf@example.com', name: 'CSRF', role: 'admin', password: 'a long enough passphrase' },
		headers: { origin: 'https://evil.example' }
	});
	expect(response.status()).toBe(403);
});

test('admin forms work without JavaScript, errors included', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'admin');
	await page.goto('/admin/users');
	await page.getByLabel('Name').fill('No Script');
	await page.getByLabel('Email').fill('noscript@example.com');
	await page.getByLabel('Initial password').fill('short');
	await page.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
	await expect(page.getByLabel('Email')).toHaveValue('noscript@example.com');
	await expect(page.locator('tbody')).not.toContainText('noscript@example.com');

	await page.getByLabel('Initial password').fill('a long enough passphrase');
	await page.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByRole('status')).toHaveText('Created noscript@example.com as analyst.');
	await expect(page.locator('tbody')).toContainText('noscript@example.com');
	await context.close();
});
