import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';
import { plantOpenFindings } from '../helpers/e2e-findings';

/** Serious and critical violations on the page as it stands, as readable lines. */
async function violations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// A desktop and a phone: the header folds into a menu and tables scroll at 390 px.
// Each page is scanned once per width: where scores read (dashboard, platform
// page, report) is in this list too, with the dashboard scanned as it stands
// with a knock-out's tooltip open. Reduced motion, so that charts are drawn
// at once rather than mid-animation when axe looks.
for (const viewport of [
	{ width: 1440, height: 900 },
	{ width: 390, height: 844 }
]) {
	test.describe(`at ${viewport.width} px`, () => {
		test.use({ viewport, contextOptions: { reducedMotion: 'reduce' } });

		test('the work, dashboard (with a knock-out’s tooltip open), platform, compare, review, account, assessment and report pages have no serious or critical axe violations', async ({ page }) => {
			// axe over a memo or an assessment takes seconds each; generous for a busy CI machine.
			test.setTimeout(300_000);
			await signIn(page, 'analyst');
			const pages: string[] = ['/work', '/dashboard', '/findings', '/platforms', '/compare', '/reviews', '/methodology', '/account', '/account/sessions', '/account/mfa'];
			// A platform with a verified self-assessment, and an analyst assessment of it.
			await page.goto('/platforms?q=Tessellate');
			await page.getByRole('link', { name: 'Tessellate Market Making' }).click();
			const platform = new URL(page.url()).pathname;
			pages.push(platform);
			// A finding of that platform (the demo's finalises propose them), and the form for one written by hand.
			const findingLink = page.locator('#findings a[href^="/findings/"]').first();
			const finding = (await findingLink.count()) ? await findingLink.getAttribute('href') : null;
			pages.push(...(finding ? [finding] : []), `${platform}/findings/new`);
			pages.push((await page.getByRole('link', { name: /^Self-assessment #\d+$/ }).first().getAttribute('href'))!);
			const assessment = (await page.getByRole('link', { name: /^Assessment \d+$/ }).last().getAttribute('href'))!;
			// The oldest assessment's report and the newest final one's (the same page when there is one).
			const latestReport = (await page.getByRole('link', { name: /^Report for assessment \d+$/ }).first().getAttribute('href'))!;
			pages.push(assessment, `${assessment}/report`, latestReport);
			// The open review (its chair's decision form, conditions included) and its memo; the decided one, with its conditions, and its memo.
			await page.goto('/reviews');
			for (const title of ['Custodian shortlist for the 2027 allocation', 'Market-making partners for the Q1 2027 launch']) {
				const review = (await page.getByRole('main').getByRole('link', { name: title }).first().getAttribute('href'))!;
				pages.push(review, `${review}/memo`);
			}
			// A platform with conditions: Halcyon, approved on two.
			await page.goto('/platforms?q=Halcyon');
			pages.push((await page.getByRole('link', { name: 'Halcyon Custody' }).first().getAttribute('href'))!);

			for (const path of new Set(pages)) {
				await page.goto(path);
				await page.waitForLoadState('networkidle');
				if (path === '/dashboard') {
					// A knock-out's question id shows on keyboard focus, in the tooltip that describes it.
					const knockout = page.locator('.ko-name').first();
					await knockout.focus();
					await expect(page.getByRole('tooltip')).toContainText(/Question id [a-z0-9-]+\.[a-z0-9.-]+/);
					await expect(knockout).toHaveAccessibleDescription(/^Question id /);
				}
				expect(await violations(page), `${path} at ${viewport.width} px`).toEqual([]);
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

test('the audit trail shows each event’s details as a list and has no serious or critical axe violation', async ({ page }) => {
	// A long page by this point of the run (every earlier test's events): axe took over a minute on a busy machine.
	test.setTimeout(180_000);
	await signIn(page, 'admin');
	await page.goto('/admin/audit');
	await expect(page.locator('td.details dt').first()).toBeVisible();
	expect(await page.locator('td.details dd').allInnerTexts()).not.toContainEqual(expect.stringMatching(/^[{[]/));
	expect(await violations(page), '/admin/audit').toEqual([]);
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

test('remediation: the send form (with its refusals), the request page and the respondent’s page (with a refused link), at 1440 and 390 px, have no serious or critical axe violations', async ({ page, browser }) => {
	test.setTimeout(180_000);
	await signIn(page, 'analyst');
	await page.goto('/platforms/new');
	await page.getByLabel('Name').fill(`Accessible Remediation ${Date.now()}`);
	await page.getByLabel('Kind').selectOption('custodian');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page).toHaveURL(/\/platforms\/\d+$/);
	const platformId = Number(/\/platforms\/(\d+)$/.exec(page.url())?.[1]);
	plantOpenFindings(platformId, [
		{ title: 'Key holders not background-checked', detail: 'Two of five key holders joined without a check.', severity: 'critical' },
		{ title: 'No phishing drills for signers', severity: 'medium' }
	]);
	await page.goto(`/platforms/${platformId}/remediation/new`);
	await page.getByRole('button', { name: 'Send and show the link' }).click();
	await expect(page.getByText('Choose at least one open finding to send.')).toBeVisible();
	for (const width of [1440, 390]) {
		await page.setViewportSize({ width, height: 900 });
		expect(await violations(page), `send form with refusals, ${width} px`).toEqual([]);
	}
	await page.getByRole('checkbox', { name: /Key holders not background-checked/ }).check();
	await page.getByRole('checkbox', { name: /No phishing drills/ }).check();
	await page.getByLabel('Who will answer').fill('Rita Fixer');
	await page.getByLabel('Their email').fill('rita@a11y.example');
	await page.getByRole('button', { name: 'Send and show the link' }).click();
	const link = await page.getByLabel('Remediation link').inputValue();
	expect(await violations(page), 'the link, shown once').toEqual([]);

	const context = await browser.newContext();
	const r = await context.newPage();
	await r.goto(link);
	await expect(r).toHaveURL(/\/remediate$/);
	const first = r.locator('section.finding').first();
	await first.getByLabel('Your remediation plan').fill('All key holders checked by an accredited provider.');
	await first.getByRole('button', { name: /^Mark as done/ }).click();
	await expect(r.getByText(/Marked as done\. The investor/)).toBeVisible();
	const second = r.locator('section.finding').nth(1);
	await second.getByLabel(/^Or add a link/).fill('ftp://platform.example/drills');
	await second.getByRole('button', { name: 'Add link' }).click();
	await expect(r.getByText(/web link starting with https/)).toBeVisible();
	for (const width of [1440, 390]) {
		await r.setViewportSize({ width, height: 900 });
		expect(await violations(r), `/remediate, ${width} px`).toEqual([]);
	}
	await context.close();

	await page.getByRole('link', { name: 'Follow this request' }).click();
	await expect(page).toHaveURL(/\/remediation\/\d+$/);
	await page.getByRole('button', { name: /^Reopen/ }).click();
	await expect(page.getByText(/Say why the fix does not hold/)).toBeVisible();
	for (const width of [1440, 390]) {
		await page.setViewportSize({ width, height: 900 });
		expect(await violations(page), `request page with a refused reopen, ${width} px`).toEqual([]);
	}
});
