// Every page of the app as each role reaches it: follow the links from the
// landing page, one address per route, and say which routes the role may open
// (by the route policy) that no link led to, so a new page cannot slip past
// the tests that use this tour (phones, accessibility).
import path from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { routePolicy } from '../../src/lib/server/http/policy';
import type { Role } from '../../src/lib/server/db/schema';
import { listRoutes } from '../helpers/routes';
import { MAIN, signIn } from './helpers';

/** Every route with a page (not only an endpoint), by its kit id. */
export const PAGE_ROUTES: string[] = listRoutes(path.resolve('src/routes'))
	.filter((r) => r.files.includes('+page.svelte'))
	.map((r) => r.id);

const matchers = PAGE_ROUTES.map((id) => ({
	id,
	params: (id.match(/\[/g) ?? []).length,
	pattern: new RegExp('^' + id.replace(/\/\([^)]+\)/g, '').replace(/\[[^\]]+\]/g, '[^/]+') + '/?$')
})).sort((a, b) => a.params - b.params);

/** The page route an address opens, static segments first (/platforms/new before /platforms/[id]). */
export function routeOf(pathname: string): string | undefined {
	return matchers.find((m) => m.pattern.test(pathname === '' ? '/' : pathname))?.id;
}

/** The page routes a role may open, by the policy. */
export function pagesFor(role: Role): string[] {
	return PAGE_ROUTES.filter((id) => {
		const access = routePolicy[id];
		return Array.isArray(access) && access.includes(role);
	});
}

export interface Stop {
	route: string;
	path: string;
}

/**
 * Walk a signed-in role's pages breadth-first from its landing page and the
 * navigation, visiting the first address found for each route. `visit` runs on
 * each page once loaded. Returns the stops in order.
 */
export async function tour(page: Page, role: Role, visit: (stop: Stop) => Promise<void>, also: string[] = []): Promise<Stop[]> {
	const wanted = new Set(pagesFor(role));
	const seen = new Set<string>();
	// `also`: pages that only a step with side effects leads to (a new draft), or a
	// chosen set (compare's "start a review"), opened directly.
	const queue: Stop[] = ['/work', ...also].map((path) => ({ route: routeOf(new URL(path, 'http://x').pathname)!, path }));
	for (const stop of queue) seen.add(stop.route);
	const stops: Stop[] = [];
	while (queue.length) {
		const stop = queue.shift()!;
		const response = await page.goto(stop.path);
		expect(response?.status(), `${role} opens ${stop.path}`).toBeLessThan(400);
		await settle(page);
		stops.push(stop);
		await visit(stop);
		// Links a person can follow to another page: not downloads, not sign-out.
		const hrefs = await page.locator('a[href]:not([download])').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
		for (const href of hrefs) {
			const url = new URL(href);
			if (url.origin !== new URL(page.url()).origin) continue;
			const route = routeOf(url.pathname);
			if (!route || seen.has(route) || !wanted.has(route)) continue;
			seen.add(route);
			queue.push({ route, path: url.pathname + url.search });
		}
	}
	return stops;
}

/** Loaded, fonts laid out, and charts (which load their script after the page) drawn. */
export async function settle(page: Page): Promise<void> {
	await page.waitForLoadState('load');
	await page.evaluate(() => document.fonts.ready.then(() => undefined));
	if (await page.locator('canvas').count()) await page.waitForLoadState('networkidle');
}

/** The routes a role may open that the tour did not reach. */
export function missed(role: Role, stops: Stop[]): string[] {
	const reached = new Set(stops.map((s) => s.route));
	return pagesFor(role).filter((id) => !reached.has(id));
}

/** A questionnaire draft of its own (a fresh key, so no other test's drafts are touched): its editor's address. */
export async function draftTemplate(page: Page): Promise<string> {
	await page.goto('/templates');
	const form = page.locator('form[action="?/create"]');
	await form.getByLabel('Key').fill(`phone-${Date.now().toString(36)}`);
	await form.getByLabel('Title').fill('Phone layout check');
	await form.getByRole('button', { name: 'Create draft' }).click();
	await expect(page).toHaveURL(/\/edit$/);
	return new URL(page.url()).pathname;
}

/** A respondent's browser: an invitation made by the analyst for a fresh platform, opened in its own context. */
export async function respondentPage(browser: Browser, viewport: { width: number; height: number }): Promise<{ page: Page; close: () => Promise<void> }> {
	const staff = await browser.newContext({ viewport, baseURL: MAIN });
	const analyst = await staff.newPage();
	await signIn(analyst, 'analyst');
	await analyst.goto('/platforms/new');
	await analyst.getByLabel('Name').fill(`Pocket Exchange ${Date.now()}`);
	await analyst.getByLabel('Kind').selectOption('exchange');
	await analyst.getByLabel('Pipeline status').selectOption('under_review');
	await analyst.getByRole('button', { name: 'Create platform' }).click();
	await expect(analyst.getByRole('heading', { level: 1 })).toContainText('Pocket Exchange');
	await analyst.getByLabel('Respondent name').fill('Robin Respondent');
	await analyst.getByLabel('Respondent email').fill('robin@pocket.example');
	await analyst.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await analyst.getByLabel('Invitation link').inputValue();
	await staff.close();

	const context = await browser.newContext({ viewport, baseURL: MAIN });
	const page = await context.newPage();
	await page.goto(link);
	await expect(page).toHaveURL(/\/invite$/);
	return { page, close: () => context.close() };
}
