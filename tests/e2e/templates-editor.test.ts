// The template editor as an analyst uses it: build a question scored by bands
// in a new template, save, publish and read it in the viewer; and an invalid
// edit is pointed out at its field, with its path, and holds back saving.
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

/** Starts a blank template from the library page and waits for the editor (not the no-JS form). */
async function createTemplate(page: Page, key: string, title: string) {
	await page.goto('/templates');
	await page.getByLabel('Key', { exact: true }).fill(key);
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByRole('button', { name: 'Create draft' }).click();
	await expect(page).toHaveURL(new RegExp(`/templates/${key}/0\\.1\\.0/edit$`));
	await expect(page.getByRole('region', { name: 'Check, save and publish' })).toBeVisible();
}

const panelOf = (page: Page) => page.getByRole('region', { name: 'Check, save and publish' });

test('an analyst adds a question scored by bands, saves, publishes and sees it in the viewer', async ({ page }) => {
	await signIn(page, 'analyst');
	const key = `e2e-editor-${Date.now()}`;
	const prompt = 'How soon after a leaver’s last day are all their credentials revoked?';
	await createTemplate(page, key, 'Offboarding speed');
	const panel = panelOf(page);
	await expect(panel.getByRole('status')).toHaveText('No problems');

	const section = page.getByRole('region', { name: /^Section 1:/ });
	await section.getByLabel('New question type').selectOption({ label: 'Number with bands' });
	await section.getByRole('button', { name: 'Add question' }).click();
	const question = section.getByRole('region', { name: 'Question 2', exact: true });
	await expect(question.getByLabel('Type', { exact: true })).toHaveValue('number');
	await expect(question.getByLabel('Prompt', { exact: true })).toBeFocused();

	await question.getByLabel('Prompt', { exact: true }).fill(prompt);
	await question.getByLabel('Unit', { exact: true }).fill('hours');
	await question.getByLabel('Weight', { exact: true }).fill('2');
	// Up to 24 hours scores 1, up to 72 scores 0.5, anything else 0 (an open band last).
	await question.getByLabel('Band 1 to').fill('24');
	await question.getByLabel('Band 1 score').fill('1');
	await question.getByRole('button', { name: 'Add band' }).click();
	await question.getByRole('button', { name: 'Move band 3 up' }).click();
	await question.getByLabel('Band 2 to').fill('72');
	await question.getByLabel('Band 2 score').fill('0.5');
	await expect(question.getByLabel('Band 3 from')).toHaveValue('');
	await expect(question.getByLabel('Band 3 to')).toHaveValue('');
	await expect(question.getByLabel('Band 3 score')).toHaveValue('0');
	await expect(question.getByRole('cell', { name: 'up to 72 hours → 50%' })).toBeVisible();

	await expect(panel.getByRole('status')).toHaveText('No problems');
	await expect(panel.getByText('Unsaved changes')).toBeVisible();
	await expect(panel.getByRole('button', { name: 'Publish' })).toBeDisabled();

	await panel.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByText('Draft saved.')).toBeVisible();
	await expect(panel.getByText('All changes saved')).toBeVisible();
	await expect(question.getByLabel('Band 2 to')).toHaveValue('72');

	await panel.getByRole('button', { name: 'Publish' }).click();
	await expect(page).toHaveURL(new RegExp(`/templates/${key}/0\\.1\\.0$`));
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Published');
	const published = page.getByRole('listitem').filter({ hasText: prompt });
	await expect(published).toBeVisible();
	await expect(published.getByRole('listitem')).toHaveText([/^up to 24 hours\s*100%$/, /^up to 72 hours\s*50%$/, /^any value\s*0%$/]);
	await expect(page.getByRole('button', { name: 'New draft from this version' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Edit draft' })).toHaveCount(0);
});

test('an invalid or duplicate question id is shown at its field and by path, and saving waits for the fix', async ({ page }) => {
	await signIn(page, 'analyst');
	await createTemplate(page, `e2e-invalid-${Date.now()}`, 'Invalid edits');
	const panel = panelOf(page);
	const section = page.getByRole('region', { name: /^Section 1:/ });
	const first = section.getByRole('region', { name: 'Question 1', exact: true });
	const firstId = first.getByLabel('ID', { exact: true });

	await firstId.fill('');
	await expect(firstId).toHaveAttribute('aria-invalid', 'true');
	await expect(first.getByText(/^Expected 1 to 64 characters/)).toBeVisible();
	await expect(panel.getByRole('status')).toHaveText('1 problem');
	await expect(panel.getByText('sections[0].questions[0].id', { exact: true })).toBeVisible();
	await expect(panel.getByRole('button', { name: 'Save draft' })).toBeDisabled();
	await expect(panel.getByRole('button', { name: 'Save and view' })).toBeDisabled();
	await expect(panel.getByRole('button', { name: 'Publish' })).toBeDisabled();
	await expect(panel.getByText('Fix the problem before saving.')).toBeVisible();

	// From the keyboard: a second question, then the first given the same id.
	await section.getByRole('button', { name: 'Add question' }).press('Enter');
	const second = section.getByRole('region', { name: 'Question 2', exact: true });
	const secondId = second.getByLabel('ID', { exact: true });
	await expect(secondId).toHaveValue('section-1.q2');
	await firstId.fill('section-1.q2');
	await expect(secondId).toHaveAttribute('aria-invalid', 'true');
	await expect(firstId).not.toHaveAttribute('aria-invalid');
	await expect(panel.getByRole('listitem')).toHaveText([/^sections\[0\]\.questions\[1\]\.id\s*duplicate question id "section-1\.q2" \(also sections\[0\]\.questions\[0\]\)$/]);
	await expect(panel.getByRole('button', { name: 'Save draft' })).toBeDisabled();

	await firstId.fill('section-1.q1');
	await expect(panel.getByRole('status')).toHaveText('No problems');
	await expect(secondId).not.toHaveAttribute('aria-invalid');
	await expect(panel.getByRole('button', { name: 'Save draft' })).toBeEnabled();

	// Leaving with unsaved changes asks first; declining keeps the work.
	let asked = '';
	page.once('dialog', (dialog) => {
		asked = dialog.message();
		void dialog.dismiss();
	});
	await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Templates' }).click();
	await expect.poll(() => asked).toContain('unsaved changes');
	await expect(page).toHaveURL(/\/edit$/);
	await expect(secondId).toHaveValue('section-1.q2');
});
