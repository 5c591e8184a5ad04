import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

/** Serious and critical violations on the page as it stands, as readable lines. */
async function violations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the dashboard, platform, compare, review, account and assessment pages have no serious or critical axe violations', async ({ page }) => {
	test.setTimeout(90_000);
	await signIn(page, 'analyst');
	const pages: string[] = ['/work', '/dashboard', '/platforms', '/compare', '/reviews', '/methodology', '/account', '/account/sessions', '/account/mfa'];
	// A platform with a verified self-assessment, and an analyst assessment of it.
	await page.goto('/platforms?q=Tessellate');
	await page.getByRole('link', { name: 'Tessellate Market Making' }).click();
	pages.push(new URL(page.url()).pathname);
	pages.push((await page.getByRole('link', { name: /^Self-assessment #\d+$/ }).first().getAttribute('href'))!);
	pages.push((await page.getByRole('link', { name: /^Assessment \d+$/ }).last().getAttribute('href'))!);

	for (const path of pages) {
		await page.goto(path);
		await page.waitForLoadState('networkidle');
		expect(await violations(page), path).toEqual([]);
	}
});

test('the submit confirmation, as a dialog and as the page it is without JavaScript, has no serious or critical axe violations', async ({ browser }) => {
	test.setTimeout(150_000);
	const withScript = await browser.newContext();
	const page = await withScript.newPage();
	await signIn(page, 'analyst');
	await page.goto('/platforms/new');
	await page.getByLabel('Name', { exact: true }).fill(`A11y Confirm ${Date.now()}`);
	await page.getByLabel('Kind').selectOption('custodian');
	await page.getByLabel('Pipeline status').selectOption('prospect');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await page.getByRole('button', { name: 'Start assessment' }).click();
	await expect(page).toHaveURL(/\/assessments\/\d+$/);
	const path = new URL(page.url()).pathname;
	await page.waitForLoadState('networkidle');
	await page.getByRole('button', { name: 'Submit for review' }).click();
	await expect(page.getByRole('alertdialog')).toBeVisible();
	expect(await violations(page), `${path} with the dialog open`).toEqual([]);
	// The page a plain post lands on: the form sent natively (no submit event, so no enhancement), as a browser without JavaScript sends it.
	await page.keyboard.press('Escape');
	await page.evaluate(() => HTMLFormElement.prototype.submit.call(document.getElementById('lifecycle-submit')));
	await expect(page.getByRole('region', { name: 'Submit for review?' })).toBeVisible();
	expect(await violations(page), `${path}, the confirmation page`).toEqual([]);
	await withScript.close();
});
