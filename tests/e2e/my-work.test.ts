// Each role lands on "My work" and finds its own queues filled from the demo:
// the analyst what the admin submitted, the platform's self-assessment and an
// invitation about to lapse; the committee member the open vote.
import { expect, test } from '@playwright/test';
import { signIn } from './helpers';

const queue = (page: import('@playwright/test').Page, name: string) => page.getByRole('region', { name: new RegExp(`^${name}`) });

test('the analyst lands on My work: a colleague’s submission to finalise, a self-assessment to verify, an invitation about to lapse, drafts and a vote', async ({ page }) => {
	await signIn(page, 'analyst');
	await expect(page.getByRole('heading', { level: 1, name: 'My work' })).toBeVisible();

	const finalise = queue(page, 'Waiting for a second analyst to finalise');
	await expect(finalise.getByRole('listitem').filter({ hasText: 'Kestrel Markets' })).toContainText(/submitted by Ada Admin/);
	await expect(queue(page, 'Self-assessments to verify').getByRole('link', { name: 'Bastion Prime Brokerage' })).toBeVisible();
	await expect(queue(page, 'Invitations about to expire').getByRole('listitem').filter({ hasText: 'Lumen Wallet' })).toContainText(/Priya Raman’s link expires in (1|2) days?/);
	await expect(queue(page, 'Your drafts').getByRole('link', { name: 'Halcyon Custody' })).toBeVisible();
	await expect(queue(page, 'Reviews waiting for your vote').getByRole('link', { name: 'Custodian shortlist for the 2027 allocation' })).toBeVisible();

	// The badge counts what waits; the link goes where the work is done.
	const items = await page.locator('section.queue li').count();
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' })).toHaveText(`My work, ${items} waiting`);
	await finalise.getByRole('link', { name: 'Kestrel Markets' }).click();
	await expect(page).toHaveURL(/\/assessments\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Kestrel Markets');

	// The portfolio dashboard is one click away.
	await page.goto('/work');
	await page.getByRole('main').getByRole('link', { name: 'dashboard' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
});

test('a committee member lands on the open vote, and on nothing of the staff’s', async ({ page }) => {
	await signIn(page, 'committee');
	const vote = queue(page, 'Reviews waiting for your vote');
	await expect(vote.getByRole('listitem').filter({ hasText: 'Custodian shortlist for the 2027 allocation' })).toContainText('no vote from you yet');
	for (const staff of ['Your drafts', 'Waiting for a second analyst', 'Self-assessments to verify', 'Invitations about to expire', 'Security events']) {
		await expect(page.getByText(staff)).toHaveCount(0);
	}
	await expect(page.getByText('Bastion Prime Brokerage')).toHaveCount(0);
	await vote.getByRole('link', { name: 'Custodian shortlist for the 2027 allocation' }).click();
	await expect(page).toHaveURL(/\/reviews\/\d+$/);
});

test('the admin lands on the analyst’s submission to finalise, and the week’s security events', async ({ page }) => {
	await signIn(page, 'admin');
	const finalise = queue(page, 'Waiting for a second analyst to finalise');
	await expect(finalise.getByRole('listitem').filter({ hasText: 'Fernhill Restaking Protocol' })).toContainText(/submitted by Amara Analyst/);
	// Not what the admin submitted themselves.
	await expect(finalise.getByText('Kestrel Markets')).toHaveCount(0);
	// Events or none, the admin is told which.
	await expect(page.getByText(/Security events this week|No failed sign-ins, refused requests or two-factor resets in the last 7 days\./).first()).toBeVisible();
});
