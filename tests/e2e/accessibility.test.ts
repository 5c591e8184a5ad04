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

// A desktop and a phone: the header folds into a menu and tables scroll at 390 px.
for (const viewport of [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 }
]) {
	test.describe(`at ${viewport.width} px`, () => {
		test.use({ viewport });

		test('the dashboard, platform, compare, review, account and assessment pages have no serious or critical axe violations', async ({ page }) => {
			// axe over a memo or an assessment takes seconds each; generous for a busy CI machine.
			test.setTimeout(240_000);
			await signIn(page, 'analyst');
			const pages: string[] = ['/work', '/dashboard', '/platforms', '/compare', '/reviews', '/methodology', '/account', '/account/sessions', '/account/mfa'];
			// A platform with a verified self-assessment, and an analyst assessment of it.
			await page.goto('/platforms?q=Tessellate');
			await page.getByRole('link', { name: 'Tessellate Market Making' }).click();
			pages.push(new URL(page.url()).pathname);
			pages.push((await page.getByRole('link', { name: /^Self-assessment #\d+$/ }).first().getAttribute('href'))!);
			const assessment = (await page.getByRole('link', { name: /^Assessment \d+$/ }).last().getAttribute('href'))!;
			pages.push(assessment, `${assessment}/report`);
			// An open review and its memo.
			await page.goto('/reviews');
			const review = (await page.getByRole('main').locator('a[href^="/reviews/"]').first().getAttribute('href'))!;
			pages.push(review, `${review}/memo`);

			for (const path of pages) {
				await page.goto(path);
				await page.waitForLoadState('networkidle');
				expect(await violations(page), path).toEqual([]);
			}
		});
	});
}

test.describe('at 390 px, with the menu open', () => {
	test.use({ viewport: { width: 390, height: 844 } });
	test('the folded navigation has no serious or critical axe violations open or closed', async ({ page }) => {
		test.setTimeout(60_000);
		await signIn(page, 'committee');
		expect(await violations(page), 'menu closed').toEqual([]);
		await page.getByText('Menu', { exact: true }).click();
		await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Platforms' })).toBeVisible();
		expect(await violations(page), 'menu open').toEqual([]);
		// Following a link folds the menu again.
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Platforms' }).click();
		await expect(page).toHaveURL(/\/platforms$/);
		await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
	});
});
