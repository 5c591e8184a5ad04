import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn, MAIN } from './helpers';

const BASE = MAIN;

/** A question's block, on the respondent's page and the analyst's alike. */
const question = (page: Page, id: string): Locator => page.locator(`[id="q-${id}"]`);
const radio = (block: Locator, value: string) => block.locator(`input[type="radio"][value="${value}"]`);

test('invite, answer across two visits, verify with adjustments and a clarification, and show the hand-computed trust gap', async ({ page, browser }) => {
	test.setTimeout(120_000);
	await signIn(page, 'analyst');
	const name = `Verified Exchange ${Date.now()}`;
	await page.goto('/platforms/new');
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Kind').selectOption('exchange');
	await page.getByLabel('Pipeline status').selectOption('under_review');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
	const platformUrl = page.url();
	await page.getByLabel('Respondent name').fill('Robin Respondent');
	await page.getByLabel('Respondent email').fill('robin@exchange.example');
	// The trust gap below is computed by hand on 1.0.0's questions and weights.
	await page.getByLabel('Questionnaire', { exact: true }).selectOption('ci-dd@1.0.0');
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await page.getByLabel('Invitation link').inputValue();

	// The respondent, in a browser of its own, answers part of the governance section…
	const context = await browser.newContext();
	const r = await context.newPage();
	await r.goto(link);
	await expect(r).toHaveURL(`${BASE}/invite`);
	await radio(question(r, 'governance.programme-maturity'), '4').check();
	await radio(question(r, 'governance.threat-model'), 'yearly-and-events').check();
	await radio(question(r, 'governance.ofac-screening'), 'yes').check();
	await radio(question(r, 'governance.counterparty-vetting'), 'yes').check();
	await r.getByRole('button', { name: 'Save this section' }).click();
	await expect(r.getByRole('status')).toContainText('Saved');

	// …leaves, comes back, completes the section and submits.
	await r.goto('about:blank');
	await r.goto(`${BASE}/invite`);
	await expect(radio(question(r, 'governance.ofac-screening'), 'yes')).toBeChecked();
	await question(r, 'governance.advisory-days').locator('input[name="value:governance.advisory-days"]').fill('5');
	await radio(question(r, 'governance.critical-assets'), 'yes').check();
	await radio(question(r, 'governance.board-reporting'), 'quarterly').check();
	await radio(question(r, 'governance.independent-review'), 'within-12m-tracked').check();
	await r.getByRole('button', { name: 'Save this section' }).click();
	await expect(r.getByRole('status')).toContainText('Saved');
	r.once('dialog', (d) => d.accept());
	await r.getByRole('button', { name: 'Submit answers' }).click();
	await expect(r.getByRole('heading', { name: /submitted/ })).toBeVisible();

	// The analyst verifies: two adjustments with rationale, one question, the rest accepted.
	await page.goto(platformUrl);
	await page.getByRole('link', { name: /^Self-assessment #\d+$/ }).click();
	await expect(page.getByRole('heading', { name: 'Trust gap', exact: true })).toBeVisible();
	const selfUrl = page.url();

	const adjust = async (id: string, value: string, rationale: string) => {
		const block = question(page, id);
		// Opened already when a first try was refused: the panel stays open with what was typed.
		if (!(await block.getByLabel(/^Rationale/).isVisible())) await block.getByText('Adjust…').click();
		await radio(block, value).check();
		await block.getByLabel(/^Rationale/).fill(rationale);
		await block.getByRole('button', { name: 'Save adjustment' }).click();
		await expect(block.getByTestId('decision')).toContainText('Adjusted to');
	};
	// A rationale is required: the server says so and nothing changes.
	const ofac = question(page, 'governance.ofac-screening');
	await ofac.getByText('Adjust…').click();
	await radio(ofac, 'partial').check();
	await ofac.getByLabel(/^Rationale/).evaluate((el) => el.removeAttribute('required'));
	await ofac.getByRole('button', { name: 'Save adjustment' }).click();
	await expect(ofac.getByRole('alert')).toContainText('reason for the adjustment');
	await expect(ofac.getByTestId('decision')).toContainText('Not decided yet');

	await adjust('governance.ofac-screening', 'partial', 'Screening covers employees only; contractors paid through agencies are not screened.');
	await adjust('governance.programme-maturity', '2', 'Policies exist but no one owns detection; the evidence shows ad hoc practice.');
	const counterparty = question(page, 'governance.counterparty-vetting');
	await counterparty.getByText('Ask the platform…').click();
	await counterparty.getByLabel('Your question for the platform').fill('Which trading counterparties were vetted this year, and by whom?');
	await counterparty.getByRole('button', { name: 'Save question' }).click();
	await expect(counterparty.getByTestId('decision')).toContainText('Asked the platform');
	// "Accept all" accepts what it may: two claims need evidence the platform did not attach, and are named, not accepted.
	await expect(page.getByText('2 of them require evidence the platform did not attach and will be skipped.')).toBeVisible();
	await page.getByRole('button', { name: 'Accept the 5 undecided answers in this section' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Accepted 3 answers. Skipped 2 that require evidence' })).toBeVisible();
	const waiveAndAccept = async (id: string, reason: string) => {
		const block = question(page, id);
		await expect(block.getByRole('button', { name: 'Accept' })).toHaveCount(0);
		await block.getByText('Waive the evidence requirement…').click();
		await block.getByLabel(/^Reason/).fill(reason);
		await block.getByRole('button', { name: 'Waive evidence' }).click();
		await expect(block.getByText('Evidence waived', { exact: true })).toBeVisible();
		await block.getByRole('button', { name: 'Accept' }).click();
		await expect(block.getByTestId('decision')).toContainText('Accepted');
	};
	await waiveAndAccept('governance.threat-model', 'Threat model walked through on the call; the document stays with the platform.');
	await waiveAndAccept('governance.critical-assets', 'Asset register shown on screen.');

	// Not finalisable while a question is open: once confirmed, the refusal says why.
	await page.getByRole('button', { name: 'Finalise' }).click();
	await page.getByRole('alertdialog').getByRole('button', { name: 'Finalise and lock' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'awaits clarification' })).toBeVisible();
	await page.getByRole('button', { name: 'Send the question to the platform' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Sent 1 question back to the platform' })).toBeVisible();

	// The respondent sees only that question reopened, with the analyst's words.
	await r.goto(`${BASE}/invite`);
	await expect(r.getByRole('heading', { name: 'The analyst has a question about your answers' })).toBeVisible();
	const reopened = question(r, 'governance.counterparty-vetting');
	await expect(reopened).toContainText('Which trading counterparties were vetted this year, and by whom?');
	await expect(question(r, 'governance.ofac-screening').locator('input')).toHaveCount(0);
	await radio(reopened, 'partial').check();
	await reopened.getByLabel(/^Comment on question \d+/).fill('Only market makers are vetted today; OTC desks start in Q1.');
	await r.getByRole('button', { name: 'Save this section' }).click();
	await expect(r.getByRole('status')).toContainText('Saved');
	// The answers not asked about are untouched by that save.
	r.once('dialog', (d) => d.accept());
	await r.getByRole('button', { name: 'Submit answers again' }).click();
	await expect(r.getByRole('heading', { name: /submitted/ })).toBeVisible();

	// Back with the analyst: the answer came back; accept it, then finalise.
	await page.goto(selfUrl);
	await expect(counterparty.getByTestId('decision')).toContainText('The platform answered your question');
	await expect(counterparty.getByTestId('claim')).toHaveText('Partly');
	// Answered, so there is nothing to send again; the question stays on record.
	await expect(page.getByRole('button', { name: /^Send .* to the platform$/ })).toHaveCount(0);
	await counterparty.getByText('Waive the evidence requirement…').click();
	await counterparty.getByLabel(/^Reason/).fill('Vetting files seen on screen.');
	await counterparty.getByRole('button', { name: 'Waive evidence' }).click();
	await expect(counterparty.getByText('Evidence waived', { exact: true })).toBeVisible();
	await counterparty.getByRole('button', { name: 'Accept' }).click();
	await expect(counterparty.getByTestId('decision')).toContainText('Accepted');
	await expect(counterparty.getByTestId('decision')).toContainText('Which trading counterparties were vetted this year');
	// Focus stays with the answer just decided, not back at the top of the page.
	await expect(counterparty.getByTestId('decision')).toBeFocused();
	await expect(question(page, 'governance.ofac-screening').getByTestId('claim')).toHaveText('Yes');

	/*
	 * The hand computation. Governance weighs 10 of the template's 100 and its
	 * scored questions 25; every other section is unanswered (0 on both sides).
	 *   Claimed:  maturity 4 → 0.8·3 = 2.4, threat model 3, OFAC yes 5,
	 *             counterparty partial 0.5·4 = 2, advisory ≤7 days 3,
	 *             assets 3, board 2, review 2          = 22.4 → 89.6
	 *   Verified: maturity 2 → 0.4·3 = 1.2, OFAC partial 0.5·5 = 2.5,
	 *             the rest as claimed                 = 18.7 → 74.8
	 *   Section gap 14.8; overall 8.96 − 7.48 = 1.48.
	 */
	const expected = { claimed: 89.6, verified: 74.8, overallClaimed: 8.96, overallVerified: 7.48 };
	const fmt = (x: number) => x.toFixed(1);
	const checkGap = async () => {
		const row = page.locator('#trust-gap-table tr[data-section="governance"] td');
		await expect(row).toHaveText([fmt(expected.claimed), fmt(expected.verified), `+${fmt(expected.claimed - expected.verified)}`]);
		const overall = page.locator('#trust-gap-table tr[data-section="overall"] td');
		await expect(overall).toHaveText([fmt(expected.overallClaimed), fmt(expected.overallVerified), `+${fmt(expected.overallClaimed - expected.overallVerified)}`]);
		await expect(page.getByTestId('trust-gap-overall')).toHaveText(`+${fmt(expected.overallClaimed - expected.overallVerified)}`);
		await expect(page.locator('#trust-gap-table tr[data-section="keys"] td')).toHaveText(['0.0', '0.0', '0.0']);
		// The OFAC knock-out was adjusted down: an overclaim that caps the grade.
		const overclaims = page.locator('.overclaims li');
		await expect(overclaims).toHaveCount(1);
		await expect(overclaims).toContainText('Caps the grade at D');
	};
	await checkGap();
	await expect(page.getByTestId('verification-progress')).toContainText('8 of 8 answers verified: 6 accepted, 2 adjusted.');

	await page.getByRole('button', { name: 'Finalise' }).click();
	await page.getByRole('alertdialog').getByRole('button', { name: 'Finalise and lock' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Finalised' })).toBeVisible();
	await page.reload();
	await checkGap();
	await expect(page.getByRole('button', { name: 'Accept' })).toHaveCount(0);

	// Into the platform's history like any other assessment, at its verified score.
	await page.goto(platformUrl);
	await expect(page.getByText(fmt(expected.overallVerified)).first()).toBeVisible();
	await context.close();
});
