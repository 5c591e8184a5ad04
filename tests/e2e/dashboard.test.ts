import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

test('the dashboard shows the demo portfolio by grade and pipeline, what is due, the self-assessments and recent activity', async ({ page }) => {
	await signIn(page, 'committee');
	// One click from the landing page.
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
	await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
	// The chart's figures are in the table beside it; together they cover every platform.
	const counts = await page.locator('#grades-table tbody td').allInnerTexts();
	const total = counts.reduce((n, c) => n + Number(c), 0);
	await expect(page.getByText(`${total} platforms in the portfolio`)).toBeVisible();
	await expect(page.getByRole('img', { name: /Doughnut chart of \d+ platforms by the grade/ })).toBeVisible();

	const selfAssessments = page.getByRole('region', { name: 'Self-assessments' });
	await expect(selfAssessments.getByRole('row', { name: /Bastion Prime Brokerage.*Submitted: verify/ })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Recent activity' }).getByRole('listitem').first()).toBeVisible();

	// A pipeline count opens the platform list filtered the same way.
	const approved = page.getByRole('region', { name: 'Pipeline' }).getByRole('link', { name: /Approved/ });
	const n = Number((await approved.locator('.count').innerText()).trim());
	await approved.click();
	await expect(page).toHaveURL(/\/platforms\?status=approved/);
	await expect(page.locator('tbody tr')).toHaveCount(n);
});
