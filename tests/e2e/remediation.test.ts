// Issue 21, point 2, in the browser: an analyst sends one finding to the
// platform; its respondent opens the link, answers with a plan and a file and
// marks it done; the analyst verifies the fix and the finding shows verified.
// The respondent's link opens nothing else, and a staff session nothing of the respondent's.
import { expect, test } from '@playwright/test';
import { signIn } from './helpers';
import { findingStatus, plantOpenFindings } from '../helpers/e2e-findings';

test('a finding sent to the platform, answered with a plan and a file, marked done and verified', async ({ page, browser }) => {
	test.setTimeout(90_000);
	await signIn(page, 'analyst');
	await page.goto('/platforms/new');
	const name = `Remediating Exchange ${Date.now()}`;
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Kind').selectOption('exchange');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page).toHaveURL(/\/platforms\/\d+$/);
	const platformId = Number(/\/platforms\/(\d+)$/.exec(page.url())?.[1]);
	const [keyHolders, drills] = plantOpenFindings(platformId, [
		{ title: 'Key holders not background-checked', detail: 'Two of five key holders joined without a background check.', severity: 'critical' },
		{ title: 'No phishing drills for signers', severity: 'medium' }
	]);

	// Sending: from the platform page, one of the two.
	await page.reload();
	await page.getByRole('link', { name: 'Send findings to the platform' }).click();
	await page.getByRole('button', { name: 'Send and show the link' }).click();
	await expect(page.getByText('Choose at least one open finding to send.')).toBeVisible();
	await page.getByRole('checkbox', { name: /Key holders not background-checked/ }).check();
	await page.getByLabel('Who will answer').fill('Rita Fixer');
	await page.getByLabel('Their email').fill('rita@remediating.example');
	await page.getByLabel(/^Message/).fill('Please start with the key holders.');
	await page.getByRole('button', { name: 'Send and show the link' }).click();
	const link = await page.getByLabel('Remediation link').inputValue();
	expect(link).toMatch(/\/remediate\/[A-Za-z0-9_-]{43}$/);
	expect(findingStatus(keyHolders)).toBe('sent');
	expect(findingStatus(drills)).toBe('open');
	await page.getByRole('link', { name: 'Follow this request' }).click();
	await expect(page).toHaveURL(/\/remediation\/\d+$/);
	const requestPage = page.url();
	await expect(page.getByText('Not opened yet')).toBeVisible();

	// The respondent, in a browser of its own, without JavaScript: plain forms.
	const context = await browser.newContext({ javaScriptEnabled: false });
	const r = await context.newPage();
	await r.goto(link);
	await expect(r).toHaveURL(/\/remediate$/);
	await expect(r.getByRole('heading', { name: /Key holders not background-checked/ })).toBeVisible();
	await expect(r.getByText('No phishing drills for signers')).toHaveCount(0);
	await expect(r.getByText('Please start with the key holders.')).toBeVisible();
	// Marking done without a plan is refused, naming what is missing.
	await r.getByRole('button', { name: /^Mark as done/ }).click();
	await expect(r.getByText(/Describe the plan to fix this/)).toBeVisible();
	await r.getByLabel('Your remediation plan').fill('All five key holders checked by an accredited provider; reports attached.');
	await r.getByLabel(/Target date/).fill('2027-02-28');
	await r.getByRole('button', { name: /^Save/ }).click();
	await expect(r.getByText('Saved. You can come back to this link until it expires.')).toBeVisible();
	await r.getByLabel(/^Add a file/).setInputFiles({ name: 'background-checks.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\nbackground check summary\n%%EOF\n') });
	await r.getByRole('button', { name: 'Upload' }).click();
	await expect(r.getByText(/Uploaded background-checks\.pdf/)).toBeVisible();
	await r.getByRole('button', { name: /^Mark as done/ }).click();
	await expect(r.getByText(/Marked as done/).first()).toBeVisible();
	expect(findingStatus(keyHolders)).toBe('remediated');
	// The link opens nothing else: staff pages are a dead link to it.
	const elsewhere = await r.goto('/platforms');
	expect(elsewhere?.status()).toBe(404);
	await context.close();

	// A staff session is no way into the respondent's page.
	const staffTry = await page.goto('/remediate');
	expect(staffTry?.status()).toBe(404);

	// Verification: the answer, the file, then the verdict.
	await page.goto(requestPage);
	await expect(page.getByText('Opened', { exact: true })).toBeVisible();
	await expect(page.locator(`#finding-${keyHolders} .answer`).getByText('All five key holders checked by an accredited provider; reports attached.')).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'background-checks.pdf' }).click();
	expect((await download).suggestedFilename()).toBe('background-checks.pdf');
	await page.getByRole('button', { name: /^Verify the fix/ }).click();
	await expect(page.getByText('Verified: the finding is closed, with its evidence kept.')).toBeVisible();
	await expect(page.locator(`#finding-${keyHolders}`).getByText('Verified', { exact: true })).toBeVisible();
	expect(findingStatus(keyHolders)).toBe('verified');
	// The evidence stays with the closed finding.
	await expect(page.getByRole('link', { name: 'background-checks.pdf' })).toBeVisible();
});
