import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { signIn, MAIN } from './helpers';

const basic = () => JSON.parse(fs.readFileSync('tests/fixtures/scoring/basic.template.json', 'utf8'));
const upload = (doc: unknown, name = 'template.json') => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });

test('the default questionnaire is listed, published, and reads with weights and knock-outs', async ({ page }) => {
	await signIn(page, 'analyst');
	await page.goto('/templates');
	await page.getByRole('link', { name: 'Counterintelligence & operational-security due diligence' }).click();
	await expect(page).toHaveURL(/\/templates\/ci-dd$/);
	// 2.0.0 is the latest; 1.0.0 stays published beside it for the assessments made on it.
	await expect(page.getByRole('link', { name: '1.0.0', exact: true })).toBeVisible();
	await page.getByRole('link', { name: '2.0.0', exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('2.0.0');
	await expect(page.getByText('Published', { exact: true })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Knock-outs' })).toBeVisible();
	await expect(page.getByRole('heading', { name: /Key management and signing/ })).toBeVisible();
	await expect(page.getByRole('button', { name: 'New draft from this version' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Edit draft' })).toHaveCount(0);
});

test('an import with problems lists each with its JSON path and saves nothing', async ({ page }) => {
	await signIn(page, 'analyst');
	await page.goto('/templates');
	const bad = basic();
	bad.key = 'e2e-bad';
	bad.sections[0].weight = -1;
	bad.sections[1].questions[0].type = 'slider';
	await page.getByLabel('Template file').setInputFiles(upload(bad));
	await page.getByRole('button', { name: 'Import as draft' }).click();
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('nothing was saved');
	await expect(alert).toContainText('sections[0].weight');
	await expect(alert).toContainText('sections[1].questions[0].type');
	await page.goto('/templates');
	await expect(page.getByText('e2e-bad')).toHaveCount(0);
});

test('import, publish, download, then a new draft: the published version is frozen', async ({ page }) => {
	await signIn(page, 'analyst');
	await page.goto('/templates');
	const doc = { ...basic(), key: 'e2e-basic', title: 'E2E basic' };
	await page.getByLabel('Template file').setInputFiles(upload(doc));
	await page.getByRole('button', { name: 'Import as draft' }).click();
	await expect(page).toHaveURL(/\/templates\/e2e-basic\/1\.0\.0$/);
	await expect(page.getByText('Draft', { exact: true })).toBeVisible();

	await page.getByRole('button', { name: 'Publish' }).click();
	await expect(page.getByRole('status')).toContainText('published and can no longer change');
	await expect(page.getByText('Published', { exact: true })).toBeVisible();

	const download = await page.request.get('/templates/e2e-basic/1.0.0/json');
	expect(download.headers()['content-disposition']).toContain('e2e-basic-1.0.0.json');
	expect(JSON.parse(await download.text())).toMatchObject({ key: 'e2e-basic', version: '1.0.0', title: 'E2E basic' });

	// The server refuses to save into a published version, whatever the client sends.
	const refused = await page.request.post('/templates/e2e-basic/1.0.0/edit?/save', {
		// A well-formed form, as the editor sends it (any draft hash): the version's state refuses it.
		form: { json: JSON.stringify({ ...doc, title: 'Tampered' }), sha256: '0'.repeat(64) },
		headers: { origin: MAIN, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	const answer = await refused.text();
	expect(answer).toContain('"status":409');
	expect(answer).toContain('was published after you opened it');

	await page.getByRole('button', { name: 'New draft from this version' }).click();
	await expect(page).toHaveURL(/\/templates\/e2e-basic\/1\.0\.1\/edit$/);
	await page.goto('/templates/e2e-basic/1.0.0');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('E2E basic');
});

test('without JavaScript the draft editor is the JSON itself, validated on save', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'analyst');
	await page.goto('/templates');
	await page.getByLabel('Key').fill('e2e-nojs');
	await page.getByLabel('Title').fill('No-JS template');
	await page.getByRole('button', { name: 'Create draft' }).click();
	await expect(page).toHaveURL(/\/templates\/e2e-nojs\/0\.1\.0\/edit$/);

	const editor = page.getByLabel('Template JSON');
	const doc = JSON.parse(await editor.inputValue());
	doc.sections[0].questions[0].weight = -3;
	await editor.fill(JSON.stringify(doc, null, 2));
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByRole('alert')).toContainText('sections[0].questions[0].weight');
	// What the user typed is still there to fix.
	expect(JSON.parse(await page.getByLabel('Template JSON').inputValue()).sections[0].questions[0].weight).toBe(-3);

	doc.sections[0].questions[0].weight = 2;
	doc.title = 'No-JS template, edited';
	await page.getByLabel('Template JSON').fill(JSON.stringify(doc, null, 2));
	await page.getByRole('button', { name: 'Save and view' }).click();
	await expect(page).toHaveURL(/\/templates\/e2e-nojs\/0\.1\.0$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('No-JS template, edited');
	await context.close();
});

test('a weight profile is saved, and a negative weight is refused by browser and server', async ({ page }) => {
	await signIn(page, 'analyst');
	await page.goto('/templates/ci-dd');
	await page.getByLabel('Name').fill('Custody-heavy');
	await page.getByLabel('Key management and signing').fill('40');
	await page.getByLabel('Hiring and identity assurance').fill('-5');
	await page.getByRole('button', { name: 'Save profile' }).click();
	// The browser stops a negative weight; the server refuses it too.
	await expect(page.getByLabel('Hiring and identity assurance')).toHaveJSProperty('validity.valid', false);
	const refused = await page.request.post('/templates/ci-dd?/saveProfile', {
		form: { name: 'Custody-heavy', 'weight.keys': '40', 'weight.hiring': '-5' },
		headers: { origin: MAIN, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	expect(await refused.text()).toContain('Enter a weight from 0 to 1,000,000.');
	await page.reload();
	// Nothing was saved: only the profiles shipped with ci-dd 2.0.0 are listed.
	const listed = page.locator('table').last();
	for (const shipped of ['Exchange', 'Custodian', 'DeFi protocol']) await expect(listed).toContainText(shipped);
	await expect(listed).not.toContainText('Custody-heavy');
	await page.getByLabel('Name').fill('Custody-heavy');
	await page.getByLabel('Key management and signing').fill('40');

	await page.getByLabel('Hiring and identity assurance').fill('10');
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByRole('status')).toHaveText('Saved profile “Custody-heavy”.');
	await expect(page.locator('table').last()).toContainText('Custody-heavy');
	// Sections by their titles, as everywhere else.
	await expect(page.locator('table').last()).toContainText('Key management and signing 40');
});

test('a profile saved meanwhile by someone else is shown, by section title, in the refusal and the list; what was typed stays', async ({ page, browser }) => {
	await signIn(page, 'analyst');
	await page.goto('/templates/ci-dd');
	const other = await browser.newContext();
	const theirs = await other.newPage();
	await signIn(theirs, 'admin');
	await theirs.goto('/templates/ci-dd');
	const name = `Signer-heavy ${Date.now()}`;
	await theirs.getByLabel('Name').fill(name);
	await theirs.getByLabel('Key management and signing').fill('70');
	await theirs.getByRole('button', { name: 'Save profile' }).click();
	await expect(theirs.getByRole('status')).toHaveText(`Saved profile “${name}”.`);
	await other.close();

	// This page was opened before: it does not list that profile, so saving the same name would create, not replace.
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Key management and signing').fill('15');
	await page.getByRole('button', { name: 'Save profile' }).click();
	const refusal = page.getByRole('alert');
	await expect(refusal).toContainText(new RegExp(`“${name}” as .+ saved it`));
	await expect(refusal).toContainText('Key management and signing 70');
	await expect(refusal).not.toContainText('keys 70');
	// The list is read again, so it agrees with the refusal; the form keeps what this person typed.
	await expect(page.locator('table').last()).toContainText(name);
	await expect(page.getByLabel('Key management and signing')).toHaveValue('15');
	// Saving again now replaces the version shown, knowingly.
	await page.getByRole('button', { name: 'Save profile' }).click();
	await expect(page.getByRole('status')).toHaveText(`Saved profile “${name}”.`);
	await expect(page.locator('tr', { hasText: name })).toContainText('Key management and signing 15');
});
