import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { signIn, MAIN } from './helpers';

const ORIGIN = MAIN;
const template = JSON.parse(fs.readFileSync('src/lib/server/templates/ci-dd.template.json', 'utf8')) as {
	sections: Array<{ id: string; title: string; questions: Array<{ id: string; prompt: string }> }>;
};
const prompts = new Map(template.sections.flatMap((s) => s.questions.map((q) => [q.id, q.prompt] as const)));
const sectionTitle = (id: string) => template.sections.find((s) => s.id === id)!.title;

/** A question on the assessment page, found the way a screen reader names it: by its prompt. */
const question = (page: Page, id: string) => page.getByRole('group', { name: prompts.get(id)!, exact: true });

/** Open a page and wait until its JavaScript has taken over, so that nothing chosen is reset by hydration. */
async function open(page: Page, path: string) {
	await page.goto(path);
	await page.waitForLoadState('networkidle');
}

/** A new platform and a draft assessment of it, through the pages; returns the assessment's path. */
async function startAssessment(page: Page, name: string): Promise<string> {
	await open(page, '/platforms');
	await page.getByRole('link', { name: 'New platform' }).click();
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByLabel('Kind').selectOption('exchange');
	await page.getByLabel('Pipeline status').selectOption('prospect');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page).toHaveURL(/\/platforms\/\d+$/);
	// These tests are about answering, written against 1.0.0's questions; 2.0.0 is the default.
	await page.getByLabel('Template version').selectOption('ci-dd@1.0.0');
	await page.getByRole('button', { name: 'Start assessment' }).click();
	await expect(page).toHaveURL(/\/assessments\/\d+$/);
	return new URL(page.url()).pathname;
}

const liveScore = (page: Page) => page.locator('#live-score');

/** Waive an evidence-required question's evidence through its form, with a reason. */
async function waive(page: Page, id: string, reason: string) {
	const block = question(page, id);
	await block.getByText('No evidence to give? Waive the requirement').click();
	await block.getByLabel(/^Reason/).fill(reason);
	await block.getByRole('button', { name: /^Waive evidence/ }).click();
	await expect(block.getByText('Evidence waived', { exact: true })).toBeVisible();
}

test('answering two sections moves the live score, evidence carries its SHA-256, and a final assessment is locked', async ({ page, browser }) => {
	// Two people and their waivers on a shared, busy machine.
	test.setTimeout(120_000);
	await signIn(page, 'analyst');
	const path = await startAssessment(page, `E2E Answering ${Date.now()}`);
	await expect(page.getByText('Draft', { exact: true })).toBeVisible();
	await expect(liveScore(page)).toHaveText('0.0');

	// Section 1: the score follows the answer at once, before the save comes back.
	await question(page, 'governance.ofac-screening').getByRole('radio', { name: 'Yes' }).check();
	await expect(liveScore(page)).not.toHaveText('0.0');
	const afterOne = await liveScore(page).textContent();
	await question(page, 'governance.programme-maturity').getByRole('radio').nth(3).check();
	await expect(liveScore(page)).not.toHaveText(afterOne!);
	await expect(question(page, 'governance.ofac-screening').getByText('Saved', { exact: true })).toBeVisible();
	await expect(page.getByText('All changes saved')).toBeVisible();

	// Evidence: the page shows the hash of exactly the bytes sent.
	const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
	const sha = createHash('sha256').update(pdf).digest('hex');
	const ofac = question(page, 'governance.ofac-screening');
	await ofac.getByText('Add evidence').click();
	await ofac.getByLabel('File').setInputFiles({ name: 'policy.pdf', mimeType: 'application/pdf', buffer: pdf });
	await ofac.getByRole('button', { name: 'Upload' }).click();
	const evidence = ofac.getByRole('list', { name: /Evidence/ });
	await expect(evidence.getByRole('link', { name: 'policy.pdf' })).toBeVisible();
	await expect(evidence.getByText(sha)).toBeVisible();
	// The answers survive the reload an upload causes.
	await expect(ofac.getByRole('radio', { name: 'Yes' })).toBeChecked();

	// An evidence-required answer with no evidence: waived, with the reason the report will show.
	await waive(page, 'governance.programme-maturity', 'Programme charter read on screen at the onsite; no copy released.');

	// Section 2.
	const beforeHiring = await liveScore(page).textContent();
	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: new RegExp(sectionTitle('hiring')) }).click();
	await expect(page.getByRole('heading', { level: 2, name: sectionTitle('hiring') })).toBeVisible();
	await question(page, 'hiring.in-person-id').getByRole('radio', { name: 'Yes' }).check();
	await question(page, 'hiring.direct-references').getByRole('radio', { name: 'Partly' }).check();
	await expect(liveScore(page)).not.toHaveText(beforeHiring!);
	await expect(page.getByText('All changes saved')).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: new RegExp(sectionTitle('governance')) })).toContainText('2 of 8 answered');
	const draftScore = await liveScore(page).textContent();
	await waive(page, 'hiring.in-person-id', 'ID check witnessed on the video call.');
	await waive(page, 'hiring.direct-references', 'Reference notes seen in the HR system.');

	// Review: the dialog says what submitting locks in before anything happens.
	await page.getByRole('button', { name: 'Submit for review' }).click();
	const dialog = page.getByRole('alertdialog');
	await expect(dialog).toContainText('% answered');
	await dialog.getByRole('button', { name: 'Submit for review' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Submitted for review.' })).toBeVisible();
	await expect(page.getByText('In review', { exact: true })).toBeVisible();
	// Four eyes: whoever submitted does not finalise.
	await expect(page.getByRole('button', { name: 'Finalise' })).toBeDisabled();
	await expect(page.getByText('You submitted this assessment, so another analyst finalises it')).toBeVisible();

	// A second person (the admin) finalises, confirming in the dialog.
	const other = await browser.newContext();
	const admin = await other.newPage();
	await signIn(admin, 'admin');
	await open(admin, path);
	await admin.getByRole('button', { name: 'Finalise' }).click();
	await expect(admin.getByRole('alertdialog')).toContainText('Four eyes: submitted by Amara Analyst, finalised by you.');
	await admin.getByRole('alertdialog').getByRole('button', { name: 'Finalise and lock' }).click();
	await expect(admin.getByRole('status').filter({ hasText: 'Finalised' })).toBeVisible();
	await other.close();
	await page.reload();
	await expect(page.getByText('Final', { exact: true })).toBeVisible();

	// Read-only: answers as text, no fields, the stored figures.
	await expect(page.getByRole('heading', { name: 'Final score' })).toBeVisible();
	await expect(liveScore(page)).toHaveText(draftScore!);
	await expect(page.getByRole('radio')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Save section' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Amend' })).toBeVisible();
	await page.goto(`${path}?section=hiring`);
	await expect(question(page, 'hiring.in-person-id')).toContainText('Yes');
	await expect(page.getByRole('textbox')).toHaveCount(0);

	// The server refuses changes whatever the page offers.
	const put = await page.request.put(`${path}/answers`, {
		data: { questionId: 'hiring.in-person-id', value: 'no', na: false, assurance: 'claimed', note: '', expectedVersion: 1 },
		headers: { origin: ORIGIN }
	});
	expect(put.status()).toBe(423);
	const post = await page.request.post(`${path}?/saveSection`, {
		form: { section: 'hiring', 'value:hiring.in-person-id': 'no', 'assurance:hiring.in-person-id': 'claimed', 'note:hiring.in-person-id': '', 'version:hiring.in-person-id': '1' },
		headers: { origin: ORIGIN, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect(JSON.parse(await post.text()).type).not.toBe('success');
	await page.reload();
	await expect(question(page, 'hiring.in-person-id')).toContainText('Yes');
});

test('two analysts change the same answer: the later one sees the other answer and chooses', async ({ browser }) => {
	const a = await browser.newContext();
	const b = await browser.newContext();
	const pageA = await a.newPage();
	const pageB = await b.newPage();
	await signIn(pageA, 'analyst');
	// A second browser of its own, with its own session.
	await signIn(pageB, 'analyst', '', { fresh: true });
	const path = await startAssessment(pageA, `E2E Conflict ${Date.now()}`);
	await open(pageB, path);

	await question(pageA, 'governance.counterparty-vetting').getByRole('radio', { name: 'Yes' }).check();
	await question(pageA, 'governance.counterparty-vetting').getByLabel('Note').fill('Checked against the registry');
	await expect(question(pageA, 'governance.counterparty-vetting').getByText('Saved', { exact: true })).toBeVisible();
	await expect(pageA.getByText('All changes saved')).toBeVisible();

	// B still holds the version before A's save.
	const stale = question(pageB, 'governance.counterparty-vetting');
	await stale.getByRole('radio', { name: 'No' }).check();
	const conflict = stale.getByRole('alert');
	await expect(conflict).toContainText('saved this answer while you were changing it');
	await expect(conflict).toContainText('Yes');
	await expect(conflict).toContainText('Checked against the registry');
	await expect(pageB.getByText('1 unsaved')).toBeVisible();

	await conflict.getByRole('button', { name: 'Keep mine' }).click();
	await expect(stale.getByText('Saved', { exact: true })).toBeVisible();
	await expect(pageB.getByText('All changes saved')).toBeVisible();
	await pageA.reload();
	await expect(question(pageA, 'governance.counterparty-vetting').getByRole('radio', { name: 'No' })).toBeChecked();

	// And the other way out: take theirs.
	// Chosen straight after a reload, perhaps before the page's script ran: it still saves.
	await question(pageA, 'governance.critical-assets').getByRole('radio', { name: 'Partly' }).check();
	await expect(question(pageA, 'governance.critical-assets').getByText('Saved', { exact: true })).toBeVisible();
	await question(pageB, 'governance.critical-assets').getByRole('radio', { name: 'Yes' }).check();
	await question(pageB, 'governance.critical-assets').getByRole('button', { name: 'Use theirs' }).click();
	await expect(question(pageB, 'governance.critical-assets').getByRole('radio', { name: 'Partly' })).toBeChecked();
	await expect(pageB.getByText('All changes saved')).toBeVisible();
	await a.close();
	await b.close();
});

test('without JavaScript a section is saved with its button, and a refused answer keeps what was typed', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'analyst');
	const path = await startAssessment(page, `E2E No-JS ${Date.now()}`);

	await question(page, 'governance.ofac-screening').getByRole('radio', { name: 'Yes' }).check();
	await question(page, 'governance.advisory-days').getByRole('textbox', { name: prompts.get('governance.advisory-days') }).fill('soon');
	await page.getByRole('button', { name: 'Save section' }).click();
	await expect(page.getByRole('alert').filter({ hasText: 'nothing was saved' })).toBeVisible();
	await expect(question(page, 'governance.advisory-days')).toContainText('This answer cannot be saved');
	await expect(question(page, 'governance.advisory-days').getByRole('textbox', { name: prompts.get('governance.advisory-days') })).toHaveValue('soon');
	await expect(question(page, 'governance.ofac-screening').getByRole('radio', { name: 'Yes' })).toBeChecked();

	await question(page, 'governance.advisory-days').getByRole('textbox', { name: prompts.get('governance.advisory-days') }).fill('5');
	await page.getByRole('button', { name: 'Save section' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved 2 answers.' })).toBeVisible();

	await page.goto(path);
	await expect(question(page, 'governance.ofac-screening').getByRole('radio', { name: 'Yes' })).toBeChecked();
	await expect(question(page, 'governance.advisory-days').getByRole('textbox', { name: prompts.get('governance.advisory-days') })).toHaveValue('5');
	await expect(page.locator('#live-score')).not.toHaveText('0.0');
	await context.close();
});
