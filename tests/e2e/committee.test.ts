// Issue 7's "done when", end to end in Chromium: an analyst opens a review of
// three demo platforms; a committee member explores the comparison, moves a
// slider and sees the ranking change, and votes; the chair decides; the memo
// prints to a PDF that names the candidates. Then axe on each page.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { signIn } from './helpers';

const CANDIDATES = ['Northwind Digital Exchange', 'Halcyon Custody', 'Tessellate Market Making'];
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function as(browser: Browser, role: 'analyst' | 'committee'): Promise<Page> {
	const context = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1366, height: 900 } });
	const page = await context.newPage();
	await signIn(page, role);
	return page;
}

/** The platforms in the order the ranking table lists them. */
async function rankingOrder(page: Page): Promise<string[]> {
	return page.locator('#ranking-table tbody th[scope=row]').allInnerTexts();
}

async function pdfText(bytes: Buffer): Promise<string> {
	const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
	const pages: string[] = [];
	for (let i = 1; i <= doc.numPages; i++) pages.push((await (await doc.getPage(i)).getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join(' '));
	return pages.join('\n');
}

async function seriousViolations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('a committee compares three platforms, re-weighs, votes and decides; the memo prints to a PDF naming them', async ({ browser }) => {
	// The chair now votes on each candidate too, and axe runs over four long pages on a shared machine.
	test.setTimeout(240_000);

	// The analyst picks the three platforms in the compare view and opens a review.
	const analyst = await as(browser, 'analyst');
	await analyst.goto('/compare');
	// All three at once: checked in the picker, added with one button.
	for (const name of CANDIDATES) await analyst.getByRole('checkbox', { name: new RegExp(name) }).check();
	await analyst.getByRole('button', { name: 'Compare the checked platforms' }).click();
	for (const name of CANDIDATES) await expect(analyst.getByRole('link', { name: `Remove ${name}` })).toBeVisible();
	await expect(analyst.locator('#ranking-table tbody tr')).toHaveCount(3);
	await analyst.getByRole('link', { name: 'Start a committee review' }).click();
	await expect(analyst.getByRole('heading', { name: 'New committee review' })).toBeVisible();
	await analyst.waitForLoadState('networkidle');
	// Refused first: a review needs a mandate; nothing is created.
	await analyst.getByLabel('Title').fill('Custodian for the Q1 allocation');
	await analyst.getByLabel('Mandate').fill('   ');
	await analyst.getByLabel(/Chen Committee/).check();
	await analyst.getByRole('button', { name: 'Open the review' }).click();
	await expect(analyst.getByRole('alert')).toContainText('mandate');
	await analyst.getByLabel('Mandate').fill('Choose at most one custodian for a USD 50M allocation; conditions allowed.');
	await analyst.getByRole('button', { name: 'Open the review' }).click();
	await expect(analyst).toHaveURL(/\/reviews\/\d+$/);
	const reviewUrl = new URL(analyst.url()).pathname;
	await expect(analyst.locator('code.sha')).toHaveCount(3);

	// The committee member explores the comparison the review pinned.
	const member = await as(browser, 'committee');
	await member.goto(reviewUrl);
	await member.getByRole('link', { name: 'Explore in compare' }).click();
	await expect(member).toHaveURL(/\/compare\?/);
	const before = await rankingOrder(member);
	expect([...before].sort()).toEqual([...CANDIDATES].sort());
	await expect(member.getByTestId('leader')).toContainText(`Ranked first: ${before[0]}`);

	// Hiring and identity assurance, and the community channels, count for much more
	// (on ci-dd 2.0.0, Halcyon leads Northwind on both): the ranking changes at once.
	await member.locator('#weight-hiring').fill('80');
	await member.locator('#weight-channels').fill('80');
	await expect(member.getByTestId('leader')).toContainText('custom weights');
	await expect.poll(() => rankingOrder(member)).not.toEqual(before);
	const after = await rankingOrder(member);
	expect(after[0]).toBe('Halcyon Custody');
	await expect(member.getByTestId('leader')).toContainText('Ranked first: Halcyon Custody');
	// The URL carries the view, so the link shares it.
	await expect.poll(() => member.url()).toContain('hiring:80');
	await member.reload();
	expect((await rankingOrder(member))[0]).toBe('Halcyon Custody');
	const compareUrl = new URL(member.url());

	// Back on the review, the member votes on each candidate, with reasons.
	await member.goto(reviewUrl);
	for (const [name, outcome] of [
		['Northwind Digital Exchange', 'Approve'],
		['Halcyon Custody', 'Approve with conditions'],
		['Tessellate Market Making', 'Reject']
	] as const) {
		const vote = member.getByRole('group', { name, exact: true });
		await vote.getByLabel(outcome, { exact: true }).check();
		await vote.getByLabel('Rationale').fill(`${outcome} ${name}: see the hiring controls.`);
		await vote.getByRole('button', { name: /Record vote/ }).click();
		await expect(vote.getByRole('status')).toHaveText('Your vote is recorded.');
	}
	// A member is not the chair: there is no decision form for them.
	await expect(member.getByRole('heading', { name: 'Record the decision' })).toHaveCount(0);

	// The chair has not voted yet: the member's three votes are in, but what they say is neither shown nor sent.
	await analyst.reload();
	const memberRow = analyst.getByRole('row', { name: /Chen Committee/ });
	await expect(memberRow).toContainText('Voted');
	await expect(memberRow).not.toContainText('Approve with conditions');
	await expect(analyst.getByTestId('vote-count')).toContainText('3 of 6 votes in');
	expect(await analyst.content()).not.toContain('see the hiring controls');
	await expect(analyst.getByTestId('sealed-for-chair')).toContainText('Northwind Digital Exchange');
	// The chair votes on each candidate; the committee's votes open to them one by one.
	for (const name of CANDIDATES) {
		const vote = analyst.getByRole('group', { name, exact: true });
		await vote.getByLabel('Approve with conditions', { exact: true }).check();
		await vote.getByLabel('Rationale').fill(`The chair's view of ${name}.`);
		await vote.getByRole('button', { name: /Record vote/ }).click();
		await expect(vote.getByRole('status')).toHaveText('Your vote is recorded.');
	}
	await expect(memberRow).toContainText('Approve with conditions');
	await expect(memberRow).toContainText('see the hiring controls');
	await expect(analyst.getByTestId('sealed-for-chair')).toHaveCount(0);
	// The fingerprints sit at the end of the page, folded away.
	await expect(analyst.getByRole('heading', { name: 'Fingerprints' })).toBeVisible();
	await expect(analyst.locator('code.sha').first()).toBeHidden();

	// The chair sees the votes and decides; the review closes.
	analyst.on('dialog', (dialog) => dialog.accept());
	await analyst.getByLabel('Northwind Digital Exchange', { exact: true }).selectOption('approve');
	await analyst.getByLabel('Halcyon Custody', { exact: true }).selectOption('conditional');
	await analyst.getByLabel('Tessellate Market Making', { exact: true }).selectOption('reject');
	await analyst.locator('#decision-rationale').fill('Northwind approved; Halcyon subject to a hiring-controls remediation plan.');
	// Approve with conditions without a condition: refused, naming Halcyon, nothing decided.
	await analyst.getByRole('button', { name: 'Record the decision' }).click();
	await expect(analyst.getByRole('alert').filter({ hasText: 'needs at least one condition for Halcyon Custody' }).first()).toBeVisible();
	await expect(analyst.getByRole('heading', { name: 'Record the decision' })).toBeVisible();
	// Two conditions, in the fields that showed when "Approve with conditions" was chosen.
	const conditions = analyst.getByRole('group', { name: 'Conditions for Halcyon Custody' });
	await conditions.getByLabel('What Halcyon Custody must do').nth(0).fill('E2E condition one: evidence the hiring background checks.');
	await conditions.getByLabel('Due by').nth(0).fill(inDays(30));
	await conditions.getByLabel('What Halcyon Custody must do').nth(1).fill('E2E condition two: independent review of the hiring controls.');
	await conditions.getByLabel('Due by').nth(1).fill(inDays(60));
	await analyst.getByRole('button', { name: 'Record the decision' }).click();
	await expect(analyst.getByTestId('decision')).toContainText('nothing in it can change');
	await expect(analyst.getByRole('heading', { name: 'Record the decision' })).toHaveCount(0);
	await member.reload();
	await expect(member.getByRole('heading', { name: 'Your vote' })).toHaveCount(0);

	// The memo, printed to PDF by Chromium, names every candidate and the decision.
	await analyst.goto(`${reviewUrl}/memo`);
	await expect(analyst.getByRole('heading', { name: 'Custodian for the Q1 allocation' })).toBeVisible();
	await analyst.waitForLoadState('networkidle');
	const pdf = await analyst.pdf({ format: 'A4', printBackground: true });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	// Each candidate's grade at a glance, and the knock-outs in their own section, named by question.
	await expect(analyst.getByTestId('memo-grade')).toHaveCount(3);
	await expect(analyst.getByRole('heading', { name: 'Knock-outs', exact: true })).toBeVisible();
	const text = await pdfText(pdf);
	for (const name of CANDIDATES) expect(text).toContain(name);
	expect(text).toContain('Approve with conditions');
	expect(text).toContain('Custodian for the Q1 allocation');

	// The conditions, on the memo (printed too), the platform page and the dashboard.
	for (const line of ['E2E condition one', 'E2E condition two']) {
		await expect(analyst.getByTestId('memo-conditions')).toContainText(line);
		expect(text).toContain(line);
	}
	await analyst.goto(reviewUrl);
	const halcyon = (await analyst.getByRole('link', { name: 'Halcyon Custody' }).first().getAttribute('href'))!;
	await analyst.goto(halcyon);
	for (const line of ['E2E condition one', 'E2E condition two']) await expect(analyst.getByTestId('platform-conditions')).toContainText(line);
	await analyst.goto('/dashboard');
	for (const line of ['E2E condition one', 'E2E condition two']) await expect(analyst.getByTestId('follow-up')).toContainText(line);

	// The chair signs one off: it leaves the dashboard, the other stays until closed.
	await analyst.goto(reviewUrl);
	const first = analyst.getByTestId('condition').filter({ hasText: 'E2E condition one' });
	await first.locator('summary').click();
	await first.getByLabel('Why the condition is met').fill('Background-check evidence received and reviewed.');
	await first.getByRole('button', { name: 'Sign off', exact: true }).click();
	await expect(analyst.getByTestId('condition').filter({ hasText: 'E2E condition one' })).toContainText('Signed off');
	await analyst.goto('/dashboard');
	await expect(analyst.getByTestId('follow-up')).toContainText('E2E condition two');
	await expect(analyst.getByTestId('follow-up')).not.toContainText('E2E condition one');
	await analyst.goto(halcyon);
	await expect(analyst.getByTestId('platform-conditions')).toContainText('Background-check evidence received');

	// No serious or critical accessibility violation on any page of the flow.
	for (const path of [compareUrl.pathname + compareUrl.search, reviewUrl, `${reviewUrl}/memo`, '/reviews']) {
		await analyst.goto(path);
		await analyst.waitForLoadState('networkidle');
		expect(await seriousViolations(analyst), path).toEqual([]);
	}
});
