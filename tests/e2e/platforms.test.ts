import { expect, test, type Page } from '@playwright/test';
import { signIn, MAIN } from './helpers';

const ORIGIN = MAIN;

/** Other tests create platforms in the same database: every name here is unique to this run. */
const NAME = `E2E Harbour Exchange ${Date.now().toString(36)}`;
let platformPath = '';
let assessmentPath = '';

/** Open a page and wait until its JavaScript has taken over, so hydration resets nothing typed. */
async function open(page: Page, path: string) {
	await page.goto(path);
	await page.waitForLoadState('networkidle');
}

const searchFor = (name: string) => `/platforms?q=${encodeURIComponent(name)}`;

test.describe.serial('platforms', () => {
	test('an analyst creates a platform; a bad website is refused with its field error and nothing is saved', async ({ page }) => {
		await signIn(page, 'analyst');
		await open(page, '/platforms');
		await page.getByRole('link', { name: 'New platform' }).click();
		await expect(page).toHaveURL(/\/platforms\/new$/);
		await page.waitForLoadState('networkidle');

		await page.getByLabel('Name', { exact: true }).fill(NAME);
		await page.getByLabel('Kind').selectOption({ label: 'Centralised exchange' });
		await page.getByLabel('Pipeline status').selectOption({ label: 'Under review' });
		await page.getByLabel('Jurisdictions').fill('Singapore, EU');
		await page.getByLabel('Website').fill('harbour-exchange.example');
		await page.getByLabel('Description').fill('Spot and derivatives exchange under review for a custody mandate.');
		await page.getByLabel('Tags').fill('e2e, tier-1');
		await page.getByRole('button', { name: 'Create platform' }).click();

		await expect(page.getByText('Enter a web address starting with https://')).toBeVisible();
		await expect(page.getByLabel('Website')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Website')).toBeFocused();
		await expect(page.getByLabel('Name', { exact: true })).toHaveValue(NAME);
		await expect(page.getByLabel('Tags')).toHaveValue('e2e, tier-1');
		await expect(page).toHaveURL(/\/platforms\/new$/);

		const none = await page.request.get(searchFor(NAME));
		expect(await none.text()).toContain('No platforms match these filters');

		await page.getByLabel('Website').fill('https://harbour-exchange.example');
		await page.getByRole('button', { name: 'Create platform' }).click();
		await expect(page).toHaveURL(/\/platforms\/\d+$/);
		platformPath = new URL(page.url()).pathname;
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(NAME);
		await expect(page.getByText('Centralised exchange')).toBeVisible();
		await expect(page.getByText('Singapore, EU')).toBeVisible();
		const website = page.getByRole('link', { name: 'https://harbour-exchange.example' });
		await expect(website).toHaveAttribute('rel', 'noopener noreferrer');
		await expect(page.getByText('No final assessment yet.')).toBeVisible();
	});

	test('an analyst edits the platform; the page shows the change', async ({ page }) => {
		await signIn(page, 'analyst');
		await open(page, platformPath);
		await page.getByRole('link', { name: `Edit ${NAME}` }).click();
		await expect(page).toHaveURL(new RegExp(`${platformPath}/edit$`));
		await page.waitForLoadState('networkidle');
		await expect(page.getByLabel('Jurisdictions')).toHaveValue('Singapore, EU');
		await page.getByLabel('Pipeline status').selectOption({ label: 'Approved' });
		await page.getByLabel('Tags').fill('e2e, tier-1, custody');
		await page.getByRole('button', { name: 'Save changes' }).click();
		await expect(page).toHaveURL(new RegExp(`${platformPath}$`));
		await expect(page.getByText('Approved', { exact: true })).toBeVisible();
		await expect(page.getByText('custody', { exact: true })).toBeVisible();
	});

	test('searching and filtering the list keeps its state in the URL', async ({ page }) => {
		await signIn(page, 'analyst');
		await open(page, '/platforms');
		await page.getByLabel('Search').fill(NAME);
		await page.getByLabel('Pipeline status').selectOption({ label: 'Approved' });
		await page.getByLabel('Sort by').selectOption({ label: 'Score' });
		await page.getByRole('button', { name: 'Apply' }).click();
		await expect(page).toHaveURL(/[?&]status=approved/);
		expect(new URL(page.url()).searchParams.get('q')).toBe(NAME);
		expect(new URL(page.url()).searchParams.get('sort')).toBe('score');
		const rows = page.locator('tbody tr');
		await expect(rows).toHaveCount(1);
		await expect(rows.first().getByRole('link', { name: NAME })).toBeVisible();

		// The URL alone restores the view.
		await page.reload();
		await page.waitForLoadState('networkidle');
		await expect(page.getByLabel('Search')).toHaveValue(NAME);
		await expect(page.getByLabel('Pipeline status')).toHaveValue('approved');
		await expect(rows).toHaveCount(1);

		await page.getByLabel('Kind').selectOption({ label: 'DeFi protocol' });
		await page.getByRole('button', { name: 'Apply' }).click();
		await expect(page).toHaveURL(/[?&]kind=defi/);
		await expect(page.getByRole('heading', { name: 'No platforms match these filters' })).toBeVisible();
		await page.getByRole('link', { name: 'Clear filters' }).click();
		await expect(page).toHaveURL(/\/platforms$/);
		await expect(page.getByLabel('Search')).toHaveValue('');
	});

	test('an analyst starts an assessment and lands on it', async ({ page }) => {
		await signIn(page, 'analyst');
		await open(page, platformPath);
		const form = page.getByRole('region', { name: 'Start assessment' });
		await expect(form.getByLabel('Template version')).toHaveValue(/^ci-dd@/);
		await expect(form.getByLabel('Assessors').locator('option:checked')).toHaveText([/analyst@clearance\.demo/]);
		const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
		await form.getByLabel('Due date').fill(due);
		await form.getByRole('button', { name: 'Start assessment' }).click();
		await expect(page).toHaveURL(/\/assessments\/\d+$/);
		assessmentPath = new URL(page.url()).pathname;

		await open(page, platformPath);
		await expect(page.getByRole('link', { name: `Assessment ${assessmentPath.split('/').pop()}` })).toBeVisible();
	});

	test('the report renders the assessment with a section data table and a draft notice', async ({ page }) => {
		await signIn(page, 'analyst');
		const response = await page.goto(`${assessmentPath}/report`);
		expect(response?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(NAME);
		await expect(page.getByText('Draft — figures may change.')).toBeVisible();
		const table = page.getByRole('table', { name: 'Section scores' });
		await expect(table).toBeVisible();
		await expect(table.getByRole('rowheader', { name: 'Key management and signing' })).toBeVisible();
		await expect(page.getByRole('img', { name: /Bar chart of the score and assured score/ })).toBeVisible();
		await expect(page.getByRole('heading', { name: /Governance and counterintelligence programme/ })).toBeVisible();
		await expect(page.getByText('Unanswered').first()).toBeVisible();
		await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
	});

	test('a committee member reads the list, platform and report but cannot change anything', async ({ page }) => {
		await signIn(page, 'committee');
		await open(page, searchFor(NAME));
		await expect(page.getByRole('heading', { level: 1, name: 'Platforms' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'New platform' })).toHaveCount(0);
		await page.getByRole('link', { name: NAME }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(NAME);
		await expect(page.getByRole('heading', { name: 'Assessment history' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Start assessment' })).toHaveCount(0);
		await expect(page.getByRole('link', { name: /^Edit/ })).toHaveCount(0);

		for (const path of ['/platforms/new', `${platformPath}/edit`]) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(403);
		}
		const create = await page.request.post('/platforms/new', { form: { name: 'Sneaky platform', kind: 'other', status: 'prospect' }, headers: { origin: ORIGIN } });
		expect(create.status()).toBe(403);
		const start = await page.request.post(`${platformPath}?/start`, { form: { template: 'ci-dd@1.0.0' }, headers: { origin: ORIGIN } });
		expect(start.status()).toBe(403);

		const report = await page.goto(`${assessmentPath}/report`);
		expect(report?.status()).toBe(200);
		await expect(page.getByRole('table', { name: 'Section scores' })).toBeVisible();
	});
});

test('without JavaScript the platform form shows its errors and the list filters through the URL', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'analyst');
	const name = `E2E No-JS Custody ${Date.now().toString(36)}`;
	await page.goto('/platforms/new');
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByLabel('Kind').selectOption('custodian');
	await page.getByLabel('Website').fill('ftp://files.example');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page.getByText('Enter a web address starting with https://')).toBeVisible();
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
	await expect(page.getByLabel('Kind')).toHaveValue('custodian');

	await page.getByLabel('Website').fill('');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page).toHaveURL(/\/platforms\/\d+$/);

	await page.goto('/platforms');
	await page.getByLabel('Search').fill(name);
	await page.getByLabel('Kind').selectOption('custodian');
	await page.getByRole('button', { name: 'Apply' }).click();
	await expect(page).toHaveURL(/[?&]kind=custodian/);
	await expect(page.locator('tbody tr')).toHaveCount(1);
	await context.close();
});

test('choices made before the page’s JavaScript arrives survive hydration', async ({ page }) => {
	// Scripts are refused while signing in (the forms work without them), then
	// held back on the form page until the choices below are made.
	let mode: 'abort' | 'hold' = 'abort';
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**', async (route) => {
		if (mode === 'abort') return route.abort();
		await held;
		await route.continue();
	});
	await signIn(page, 'analyst');
	mode = 'hold';
	// Module scripts hold back DOMContentLoaded, so wait only for the form itself.
	await page.goto('/platforms/new', { waitUntil: 'commit' });
	await page.getByLabel('Kind').waitFor();
	await page.getByLabel('Kind').selectOption('custodian');
	await page.getByLabel('Pipeline status').selectOption('approved');
	release();
	await page.waitForLoadState('networkidle');
	await page.waitForTimeout(300);
	await expect(page.getByLabel('Kind')).toHaveValue('custodian');
	await expect(page.getByLabel('Pipeline status')).toHaveValue('approved');
});
