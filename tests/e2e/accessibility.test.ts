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
			const pages: string[] = ['/work', '/dashboard', '/findings', '/platforms', '/compare', '/reviews', '/methodology', '/account', '/account/sessions', '/account/mfa'];
			// A platform with a verified self-assessment, and an analyst assessment of it.
			await page.goto('/platforms?q=Tessellate');
			await page.getByRole('link', { name: 'Tessellate Market Making' }).click();
			pages.push(new URL(page.url()).pathname);
			pages.push((await page.getByRole('link', { name: /^Self-assessment #\d+$/ }).first().getAttribute('href'))!);
			const assessment = (await page.getByRole('link', { name: /^Assessment \d+$/ }).last().getAttribute('href'))!;
			pages.push(assessment, `${assessment}/report`);
			// The open review (its chair's decision form, conditions included) and its memo; the decided one, with its conditions, and its memo.
			await page.goto('/reviews');
			for (const title of ['Custodian shortlist for the 2027 allocation', 'Market-making partners for the Q1 2027 launch']) {
				const review = (await page.getByRole('main').getByRole('link', { name: title }).first().getAttribute('href'))!;
				pages.push(review, `${review}/memo`);
			}
			// A platform with conditions: Halcyon, approved on two.
			await page.goto('/platforms?q=Halcyon');
			pages.push((await page.getByRole('link', { name: 'Halcyon Custody' }).first().getAttribute('href'))!);

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

test('the respondent’s questionnaire, at 1440 and 390 px, with a refused link showing at its question, has no serious or critical axe violations', async ({ page, browser }) => {
	test.setTimeout(120_000);
	await signIn(page, 'analyst');
	await page.goto('/platforms/new');
	await page.getByLabel('Name').fill(`Accessible Respondent ${Date.now()}`);
	await page.getByLabel('Kind').selectOption('custodian');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await page.getByLabel('Respondent name').fill('Riley Respondent');
	await page.getByLabel('Respondent email').fill('riley@a11y.example');
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await page.getByLabel('Invitation link').inputValue();

	// axe runs as a script in the page, so this is the page with JavaScript; without it the server's HTML is the same.
	const context = await browser.newContext();
	const r = await context.newPage();
	await r.goto(link);
	for (const width of [1440, 390]) {
		await r.setViewportSize({ width, height: 900 });
		await r.goto('/invite?section=hiring');
		// With the evidence fields open and a refused link showing its message at the question.
		const question = r.locator('section.question[role="group"]').filter({ has: r.getByText('Add evidence') }).first();
		await question.getByText('Add evidence').click();
		await question.getByLabel(/^Link for question/).fill('ftp://platform.example/policy');
		await question.getByRole('button', { name: /^Add link/ }).click();
		await expect(question.getByText(/web link starting with https/)).toBeVisible();
		expect(await violations(r), `/invite, ${width} px`).toEqual([]);
	}
	await context.close();
});

test('where scores read (dashboard, platform page, report, audit trail) there is no serious or critical axe violation, at 1440 and at 390 px', async ({ browser }) => {
	// The report is long: axe takes a while over it on a busy machine.
	test.setTimeout(360_000);
	for (const width of [1440, 390]) {
		const context = await browser.newContext({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });
		const page = await context.newPage();
		await signIn(page, 'analyst');
		await page.goto('/platforms?q=Tessellate');
		await page.getByRole('link', { name: 'Tessellate Market Making' }).click();
		const platform = new URL(page.url()).pathname;
		const report = (await page.getByRole('link', { name: /^Report for assessment \d+$/ }).first().getAttribute('href'))!;
		for (const path of ['/dashboard', platform, report]) {
			await page.goto(path);
			await page.waitForLoadState('networkidle');
			expect(await violations(page), `${path} at ${width}px`).toEqual([]);
		}
		// A knock-out's question id shows on keyboard focus, in the tooltip that describes it.
		await page.goto('/dashboard');
		const knockout = page.locator('.ko-name').first();
		await knockout.focus();
		await expect(page.getByRole('tooltip')).toContainText(/Question id [a-z0-9-]+\.[a-z0-9.-]+/);
		await expect(knockout).toHaveAccessibleDescription(/^Question id /);
		expect(await violations(page), `/dashboard with a tooltip open at ${width}px`).toEqual([]);
		await context.close();
	}
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await signIn(admin, 'admin');
	await admin.goto('/admin/audit');
	await expect(admin.locator('td.details dt').first()).toBeVisible();
	expect(await admin.locator('td.details dd').allInnerTexts()).not.toContainEqual(expect.stringMatching(/^[{[]/));
	expect(await violations(admin), '/admin/audit').toEqual([]);
	await adminContext.close();
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
