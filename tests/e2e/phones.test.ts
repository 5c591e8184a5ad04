// Every page, as every role that can open it, on a 390 px phone: the page
// itself never scrolls sideways (a table inside a scrolling wrapper may).
// With E2E_SCREENSHOTS=1, each page's screenshot is attached to the report
// for a person to look at; without it (CI, where nobody does) the full-page
// captures are skipped, a large share of this file's time.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import type { Role } from '../../src/lib/server/db/schema';
import { answerTotp, signIn, totpAccount } from './helpers';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../playwright.config';
import { draftTemplate, missed, respondentPage, settle, tour } from './page-tour';

export const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });


/**
 * Null when the page is no wider than the window; else the widest element
 * that sticks out past the right edge without a scrolling box around it,
 * named so the failure says where to look.
 */
export async function overflow(page: Page): Promise<string | null> {
	return page.evaluate(() => {
		const root = document.documentElement;
		if (root.scrollWidth <= root.clientWidth) return null;
		const edge = root.clientWidth;
		// Inside a box that scrolls or clips sideways, sticking out is that box's business.
		const held = (el: Element) => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
			}
			return false;
		};
		const name = (el: Element) => {
			const id = el.id ? `#${el.id}` : '';
			const classes = [...el.classList].filter((c) => !c.startsWith('svelte-')).map((c) => `.${c}`).join('');
			const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
			return `<${el.tagName.toLowerCase()}${id}${classes}> "${text}"`;
		};
		let widest: { el: Element; width: number; right: number } | null = null;
		for (const el of document.body.querySelectorAll('*')) {
			const box = el.getBoundingClientRect();
			// Not drawn (a closed menu's links): no part of the page.
			if (box.right <= edge + 1 || box.width === 0 || !el.checkVisibility() || held(el)) continue;
			if (!widest || box.width > widest.width) widest = { el, width: box.width, right: box.right };
		}
		const what = widest ? `widest: ${name(widest.el)}, ${Math.round(widest.width)} px wide, right edge at ${Math.round(widest.right)} px` : 'no single element found';
		return `page is ${root.scrollWidth} px wide in a ${edge} px window; ${what}`;
	});
}

const SCREENSHOTS = process.env.E2E_SCREENSHOTS === '1';

async function shoot(page: Page, info: TestInfo, name: string): Promise<void> {
	if (!SCREENSHOTS) return;
	// JPEG: a long page's PNG takes several times as long to encode.
	await info.attach(name, { body: await page.screenshot({ fullPage: true, type: 'jpeg', quality: 70 }), contentType: 'image/jpeg' });
}

// One picture per route is enough to look at; every role's layout is still measured.
const shot = new Set<string>();

/**
 * The demo's remediation request and its platform's send form: only the
 * platform that has them links to them, and the tour opens one platform.
 */
async function remediationPages(page: Page): Promise<string[]> {
	await page.goto('/findings?status=sent');
	const platform = await page.getByRole('main').locator('a[href^="/platforms/"]').first().getAttribute('href');
	if (!platform) return [];
	await page.goto(platform);
	const request = await page.getByRole('main').locator('a[href^="/remediation/"]').first().getAttribute('href');
	return [`${platform}/remediation/new`, ...(request ? [request] : [])];
}

async function tourAt390(page: Page, role: Role, info: TestInfo): Promise<void> {
	const problems: string[] = [];
	const also = role === 'committee' ? ['/reviews/new'] : ['/reviews/new', await draftTemplate(page), ...(await remediationPages(page))];
	const stops = await tour(page, role, async (stop) => {
		if (!shot.has(stop.route)) await shoot(page, info, `${role} ${stop.path}`);
		shot.add(stop.route);
		const wide = await overflow(page);
		if (wide) problems.push(`${stop.path}: ${wide}`);
	}, also);
	for (const route of missed(role, stops)) problems.push(`${route}: the ${role} may open it, but no link led there`);
	expect(problems, `pages wider than a phone, or not visited, as the ${role}`).toEqual([]);
}

for (const role of ['analyst', 'committee'] as const) {
	test(`every page the ${role} opens fits a 390 px phone without scrolling sideways`, async ({ page }, info) => {
		// About 25 pages, each measured and most photographed: minutes on a busy 2-core machine.
		test.setTimeout(180_000);
		await signIn(page, role);
		await tourAt390(page, role, info);
	});
}

test('the sign-in and code pages, then every page the admin opens, fit a 390 px phone', async ({ page }, info) => {
	test.setTimeout(180_000);
	await page.goto('/login');
	await shoot(page, info, 'anonymous /login');
	expect(await overflow(page), '/login').toBeNull();
	await page.getByLabel('Email').fill('admin@clearance.demo');
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/login\/mfa/);
	await shoot(page, info, 'anonymous /login/mfa');
	expect(await overflow(page), '/login/mfa').toBeNull();
	await answerTotp(page, DEMO_TOTP_SECRET, totpAccount('', 'admin@clearance.demo'));
	await expect(page).toHaveURL(/\/work$/);
	await tourAt390(page, 'admin', info);
});

test('a respondent’s invitation pages fit a 390 px phone', async ({ browser }, info) => {
	test.setTimeout(60_000);
	const respondent = await respondentPage(browser, PHONE);
	const { page } = respondent;
	const sections = await page.locator('a[href*="section="]').evaluateAll((links) => [...new Set(links.map((a) => (a as HTMLAnchorElement).pathname + (a as HTMLAnchorElement).search))]);
	expect(sections.length, 'the questionnaire has sections to move between').toBeGreaterThan(0);
	const problems: string[] = [];
	// The first section opens on /invite; the last has the submit step after it.
	for (const path of ['/invite', sections[sections.length - 1]]) {
		await page.goto(path);
		await settle(page);
		await shoot(page, info, `respondent ${path}`);
		const wide = await overflow(page);
		if (wide) problems.push(`${path}: ${wide}`);
	}
	expect(problems).toEqual([]);
	await respondent.close();
});

test('the compare page fits a 390 px phone with twelve candidates', async ({ page }, info) => {
	await signIn(page, 'analyst');
	await page.goto('/platforms');
	const ids = await page.locator('a[href^="/platforms/"]').evaluateAll((links) => links.map((a) => /^\/platforms\/(\d+)$/.exec((a as HTMLAnchorElement).pathname)?.[1]).filter(Boolean));
	await page.goto(`/compare?${ids.slice(0, 12).map((id) => `c=${id}`).join('&')}`);
	await settle(page);
	await shoot(page, info, 'analyst /compare, twelve candidates');
	expect(await overflow(page)).toBeNull();
});
