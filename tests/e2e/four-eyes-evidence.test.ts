// Issue 20's "Done when" for four eyes and evidence: an "evidenced" answer
// without evidence is refused with the field named (and attaching evidence
// offers to raise it), an analyst cannot finalise what they submitted, and
// without JavaScript the confirmation is a page of its own.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

/** A new platform and a draft assessment of it on ci-dd 1.0.0; returns the assessment's path. */
async function startAssessment(page: Page, name: string): Promise<string> {
	await page.goto('/platforms/new');
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByLabel('Kind').selectOption('exchange');
	await page.getByLabel('Pipeline status').selectOption('prospect');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page).toHaveURL(/\/platforms\/\d+$/);
	await page.getByLabel('Template version').selectOption('ci-dd@1.0.0');
	await page.getByRole('button', { name: 'Start assessment' }).click();
	await expect(page).toHaveURL(/\/assessments\/\d+$/);
	return new URL(page.url()).pathname;
}

const block = (page: Page, id: string) => page.locator(`[id="q-${id}"]`);

test('an "evidenced" answer without evidence is refused naming Assurance; with evidence attached, "Mark as evidenced" raises it', async ({ page }) => {
	await signIn(page, 'analyst');
	await startAssessment(page, `E2E Evidenced ${Date.now()}`);
	await page.waitForLoadState('networkidle');
	const q = block(page, 'governance.counterparty-vetting');
	await q.getByRole('radio', { name: 'Yes' }).check();
	await expect(q.getByText('Saved', { exact: true })).toBeVisible();

	await q.getByLabel(/^Assurance/).selectOption('evidenced');
	// Said before the save, and refused by the server with the field named.
	await expect(q.getByText('Assurance: “evidenced” needs evidence attached to this question.').first()).toBeVisible();
	await expect(q.getByText(/Not saved: Assurance: “evidenced” needs evidence attached/)).toBeVisible();
	await page.reload();
	await expect(q.getByLabel(/^Assurance/)).toHaveValue('claimed');

	// A link, then the offer to raise the level.
	await q.getByText('Add evidence').click();
	await q.getByLabel(/^Link/).first().fill('https://evidence.example/counterparty-register.pdf');
	await q.getByRole('button', { name: 'Add link' }).click();
	await expect(q.getByRole('link', { name: 'https://evidence.example/counterparty-register.pdf' })).toBeVisible();
	await q.getByRole('button', { name: 'Mark as evidenced' }).click();
	await expect(q.getByText('Saved', { exact: true })).toBeVisible();
	await page.reload();
	await expect(q.getByLabel(/^Assurance/)).toHaveValue('evidenced');
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('submitting shows a confirmation page with the coverage first; an analyst cannot finalise what they submitted', async ({ page }) => {
		await signIn(page, 'analyst');
		const path = await startAssessment(page, `E2E No-JS Confirm ${Date.now()}`);
		// One answer of many: the coverage the confirmation shows is low, and nothing is submitted yet.
		await block(page, 'governance.advisory-days').locator('input[name="value:governance.advisory-days"]').fill('5');
		await page.getByRole('button', { name: 'Save section' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Saved 1 answer.' })).toBeVisible();

		await page.getByRole('button', { name: 'Submit for review' }).click();
		const confirm = page.getByRole('region', { name: 'Submit for review?' });
		await expect(confirm).toBeVisible();
		await expect(confirm).toContainText(/\b\d% answered/);
		await expect(confirm).toContainText('knock-out questions unanswered');
		await expect(page.getByText('Draft', { exact: true })).toBeVisible();
		await confirm.getByRole('button', { name: 'Submit for review' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Submitted for review.' })).toBeVisible();

		// Four eyes: the one who submitted sees why they cannot finalise, and the server refuses them anyway.
		await expect(page.getByRole('button', { name: 'Finalise' })).toBeDisabled();
		await expect(page.getByText('You submitted this assessment, so another analyst finalises it')).toBeVisible();
		const refused = await page.request.post(`${path}?/finalize`, {
			form: { validUntil: '', confirmed: 'yes' },
			headers: { origin: new URL(page.url()).origin, accept: 'application/json', 'x-sveltekit-action': 'true' }
		});
		const body = JSON.parse(await refused.text()) as { type: string; status: number; data: string };
		expect(body).toMatchObject({ type: 'failure', status: 409 });
		expect(body.data).toContain('another analyst must finalise it (four eyes)');
		await page.goto(path);
		await expect(page.getByText('In review', { exact: true })).toBeVisible();
	});
});
