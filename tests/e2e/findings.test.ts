// Issue 21's "Done when", the findings part: finalise an assessment with two
// failed knock-outs → two proposed findings with the documented severity on
// the platform page → confirm one; an accepted risk past its expiry shows
// open again (the expiry moved back in the database by the test, not waited for).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

const DATABASE = path.resolve(process.env.E2E_DATABASE_PATH || 'data/e2e.db');
const TEMPLATE = JSON.parse(fs.readFileSync(path.resolve('src/lib/server/templates/ci-dd.template.json'), 'utf8')) as {
	sections: Array<{ questions: Array<{ id: string; type: string; critical?: unknown; options?: Array<{ value: string; score: number }>; bands?: Array<{ min?: number; max?: number; score: number }> }> }>;
};
/** The two knock-outs answered "no": ofac-screening caps at D (critical), device-shipping at C (high). */
const FAILED = { 'governance.ofac-screening': 'critical', 'hiring.device-shipping': 'high' } as const;

type Question = (typeof TEMPLATE)['sections'][number]['questions'][number];
/** The best answer a knock-out question takes. */
function best(q: Question): string | number {
	if (q.type === 'choice') return [...q.options!].sort((a, b) => b.score - a.score)[0].value;
	if (q.type === 'number') {
		const band = q.bands!.find((b) => b.score === 1)!;
		return band.min ?? band.max ?? 0;
	}
	return 'yes';
}

/** A form action posted as the page's own script would post it. */
async function act(page: Page, address: string, form: Record<string, string>) {
	const response = await page.request.post(address, { form, headers: { origin: new URL(page.url()).origin, accept: 'application/json', 'x-sveltekit-action': 'true' } });
	const body = JSON.parse(await response.text()) as { type: string; data?: string };
	expect(body.type, `${address}: ${body.data ?? ''}`).not.toBe('failure');
}

test('two failed knock-outs propose two findings with the documented severity; one is confirmed; an accepted risk past its expiry shows open again', async ({ page, browser }) => {
	test.setTimeout(120_000);
	await signIn(page, 'analyst');
	const name = `E2E Findings ${Date.now()}`;
	await page.goto('/platforms/new');
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByLabel('Kind').selectOption('exchange');
	await page.getByLabel('Pipeline status').selectOption('prospect');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page).toHaveURL(/\/platforms\/\d+$/);
	const platformPath = new URL(page.url()).pathname;
	await page.getByLabel('Template version').selectOption('ci-dd@1.0.0');
	await page.getByRole('button', { name: 'Start assessment' }).click();
	await expect(page).toHaveURL(/\/assessments\/\d+$/);
	const assessment = new URL(page.url()).pathname;

	// Every knock-out answered (two failed), each with its evidence requirement waived; nothing else answered, so nothing else is weak.
	const origin = new URL(page.url()).origin;
	for (const q of TEMPLATE.sections.flatMap((s) => s.questions).filter((q) => q.critical)) {
		const value = q.id in FAILED ? 'no' : best(q);
		const saved = await page.request.put(`${assessment}/answers`, { data: { questionId: q.id, value, na: false, assurance: 'claimed', note: '', expectedVersion: 0 }, headers: { origin, 'content-type': 'application/json' } });
		expect(saved.status(), q.id).toBe(200);
		await act(page, `${assessment}?/waiveEvidence`, { questionId: q.id, reason: 'Seen on a screen share; no copy kept.' });
	}
	await act(page, `${assessment}?/submit`, { confirmed: 'yes' });

	// Four eyes: the admin finalises what the analyst submitted.
	const adminContext = await browser.newContext();
	const admin = await adminContext.newPage();
	await signIn(admin, 'admin');
	await admin.goto(assessment);
	await act(admin, `${assessment}?/finalize`, { validUntil: '', confirmed: 'yes' });

	await page.goto(platformPath);
	const section = page.locator('#findings');
	const triage = section.getByRole('region', { name: /Awaiting triage \(2\)/ });
	await expect(triage).toBeVisible();
	const rows = triage.getByRole('listitem');
	await expect(rows).toHaveCount(2);
	// Most severe first: the D cap is critical, the C cap high (docs/methodology.md, "Findings").
	await expect(rows.nth(0)).toContainText('Critical');
	await expect(rows.nth(0)).toContainText('governance.ofac-screening');
	await expect(rows.nth(1)).toContainText('High');
	await expect(rows.nth(1)).toContainText('hiring.device-shipping');

	// Confirm the critical one: it leaves triage and is open, due by the default for a critical finding.
	await rows.nth(0).getByRole('checkbox').check();
	await triage.getByRole('button', { name: 'Confirm selected' }).click();
	await expect(section.getByRole('status').filter({ hasText: 'confirmed' })).toContainText('1 finding confirmed');
	await expect(section.getByRole('region', { name: /Awaiting triage \(1\)/ })).toBeVisible();
	const open = section.getByRole('table', { name: /Open findings/ });
	await expect(open.getByRole('row').nth(1)).toContainText('Critical');
	await expect(open.getByRole('row').nth(1)).toContainText('Open');

	// The admin accepts it as a risk (a critical finding needs an admin) until tomorrow.
	const findingPath = (await open.getByRole('row').nth(1).getByRole('link').first().getAttribute('href'))!;
	await admin.goto(findingPath);
	await admin.getByText('Accept as a risk', { exact: true }).click();
	await admin.getByLabel('Rationale').fill('Compensating control: screening by the custodian.');
	const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
	await admin.getByLabel('Accepted until').fill(tomorrow);
	await admin.getByRole('button', { name: 'Accept the risk' }).click();
	await expect(admin.getByRole('status').filter({ hasText: 'Accepted as a risk until' })).toContainText(tomorrow);
	await page.reload();
	await expect(section.getByText(/Closed \(1\)/)).toBeVisible();

	// The calendar moves on: the acceptance's last day becomes yesterday.
	const id = Number(findingPath.split('/').pop());
	const db = new Database(DATABASE);
	try {
		db.prepare('update findings set acceptance_expires_on = ? where id = ?').run(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), id);
	} finally {
		db.close();
	}
	await page.reload();
	await expect(open.getByRole('row').nth(1)).toContainText('acceptance expired');
	await expect(open.getByRole('row').nth(1)).toContainText('Open');
	await page.goto(findingPath);
	await expect(page.getByText('The risk acceptance ran out')).toBeVisible();
	await adminContext.close();
});
