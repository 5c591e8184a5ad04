// Issue 19 in the browser: ci-dd 2.0.0 is what a new assessment starts on; a
// DeFi protocol's assessment shows the exchange and custody questions as not
// applicable to it, apart from an N/A a person chooses, and its score is the
// CLI's on the exported answers. Compare meets both versions and the shipped
// profiles.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers';

const template = JSON.parse(fs.readFileSync('src/lib/server/templates/ci-dd-2.template.json', 'utf8')) as {
	sections: Array<{ id: string; title: string; appliesTo?: string[]; questions: Array<{ id: string; prompt: string; type: string; allowNA?: boolean; appliesTo?: string[] }> }>;
};
const section = (id: string) => template.sections.find((s) => s.id === id)!;
const prompts = new Map(template.sections.flatMap((s) => s.questions.map((q) => [q.id, q.prompt] as const)));
/** A question on the assessment page, found by its prompt as a screen reader names it. */
const question = (page: Page, id: string) => page.getByRole('group', { name: prompts.get(id)!, exact: true });
/** Questions that do not apply to a DeFi protocol: the custody section's, and keys.ccss-level. */
const notForDefi = template.sections.flatMap((s) => s.questions.filter((q) => !(q.appliesTo ?? s.appliesTo ?? ['defi']).includes('defi')).map((q) => ({ section: s.id, id: q.id })));

async function open(page: Page, url: string) {
	await page.goto(url);
	await page.waitForLoadState('networkidle');
}

async function toSection(page: Page, id: string) {
	await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: new RegExp(section(id).title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
	await expect(page.getByRole('heading', { level: 2, name: section(id).title })).toBeVisible();
	await page.waitForLoadState('networkidle');
}

test('a DeFi protocol’s new assessment is on 2.0.0, shows the exchange-only questions as not applicable to it, and scores as the CLI does', async ({ page }) => {
	test.setTimeout(90_000);
	expect(notForDefi.map((q) => q.id)).toEqual(expect.arrayContaining(['custody.withdrawal-policy', 'custody.hot-wallet-cap', 'keys.ccss-level']));
	await signIn(page, 'analyst');
	const name = `E2E DeFi ${Date.now()}`;
	await open(page, '/platforms/new');
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByLabel('Kind').selectOption('defi');
	await page.getByLabel('Pipeline status').selectOption('prospect');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page).toHaveURL(/\/platforms\/\d+$/);
	// The latest published version is the default.
	await expect(page.getByLabel('Template version')).toHaveValue('ci-dd@2.0.0');
	await page.getByRole('button', { name: 'Start assessment' }).click();
	await expect(page).toHaveURL(/\/assessments\/\d+$/);
	const assessmentPath = new URL(page.url()).pathname;
	await page.waitForLoadState('networkidle');

	// Every exchange and custody question is answered N/A for the DeFi protocol, marked as such.
	await toSection(page, 'custody');
	for (const q of notForDefi.filter((x) => x.section === 'custody')) {
		const block = question(page, q.id);
		await expect(block.getByText('Not applicable to DeFi protocol', { exact: true })).toBeVisible();
		await expect(block.getByRole('checkbox', { name: /Not applicable/ })).toBeChecked();
		await expect(block.getByLabel(/^Note/)).toHaveValue(/^Not applicable to DeFi protocol: this question applies to centralised exchanges, custodians/);
	}
	await toSection(page, 'keys');
	await expect(question(page, 'keys.ccss-level').getByText('Not applicable to DeFi protocol', { exact: true })).toBeVisible();
	// A question for every kind, without allowNA, offers no N/A and is not marked.
	await expect(question(page, 'keys.unilateral-control').getByRole('checkbox', { name: /Not applicable/ })).toHaveCount(0);
	await expect(question(page, 'keys.unilateral-control').getByText(/Not applicable to/)).toHaveCount(0);

	// The protocol section is asked; its questions may be answered N/A by a person (appliesTo limits them).
	await toSection(page, 'protocol');
	const protocol = section('protocol').questions.filter((q) => q.type !== 'text');
	for (const q of protocol) await expect(question(page, q.id).getByText(/Not applicable to/)).toHaveCount(0);
	const chosenNA = protocol[protocol.length - 1].id;
	await question(page, chosenNA).getByRole('checkbox', { name: /Not applicable/ }).check();
	for (const q of protocol.slice(0, -1).filter((x) => x.type === 'choice')) await question(page, q.id).getByRole('radio').last().check();
	await toSection(page, 'governance');
	for (const q of section('governance').questions.filter((x) => x.type === 'choice').slice(0, 3)) await question(page, q.id).getByRole('radio').nth(1).check();
	await expect(page.getByText('All changes saved')).toBeVisible();
	// A person's N/A reads as theirs, not as the kind's.
	await page.reload();
	await toSection(page, 'protocol');
	await expect(question(page, chosenNA).getByRole('checkbox', { name: /Not applicable/ })).toBeChecked();
	await expect(question(page, chosenNA).getByText(/Not applicable to/)).toHaveCount(0);

	// The live score equals `clearance score` on the exported answers and template.
	const shown = { score: await page.locator('#live-score').textContent(), grade: await page.locator('#live-grade').textContent() };
	const answers = await page.request.get(`${assessmentPath}/export/json`);
	expect(answers.status()).toBe(200);
	const exported = JSON.parse(await answers.text());
	expect(exported.template).toEqual({ key: 'ci-dd', version: '2.0.0' });
	for (const q of notForDefi) expect(exported.answers[q.id], q.id).toMatchObject({ na: true, note: expect.stringMatching(/^Not applicable to DeFi protocol: /) });
	const templateJson = await page.request.get('/templates/ci-dd/2.0.0/json');
	expect(templateJson.status()).toBe(200);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearance-e2e-defi-'));
	fs.writeFileSync(path.join(dir, 'template.json'), await templateJson.text());
	fs.writeFileSync(path.join(dir, 'answers.json'), JSON.stringify(exported));
	const cli = spawnSync('node', ['src/cli/bin.js', 'score', '--template', path.join(dir, 'template.json'), '--answers', path.join(dir, 'answers.json')], { encoding: 'utf8' });
	fs.rmSync(dir, { recursive: true, force: true });
	expect(cli.stderr).toBe('');
	expect(cli.status).toBe(0);
	const scored = JSON.parse(cli.stdout) as { overall: { score: number; grade: string }; sections: Array<{ id: string; applicable: boolean }> };
	expect(scored.sections.find((s) => s.id === 'custody')!.applicable).toBe(false);
	expect(shown.score).toBe(scored.overall.score.toFixed(1));
	expect(shown.grade).toBe(scored.overall.grade);
});

test('compare offers the shipped profiles and says when candidates are on 1.0.0 and 2.0.0', async ({ page }) => {
	await signIn(page, 'analyst');
	const idOf = async (platform: string) => {
		await open(page, '/platforms');
		await page.getByRole('link', { name: platform, exact: true }).first().click();
		await expect(page).toHaveURL(/\/platforms\/\d+$/);
		return new URL(page.url()).pathname.split('/').at(-1)!;
	};
	// Northwind's latest final is on 2.0.0; Bastion's only analyst finals are on 1.0.0.
	const northwind = await idOf('Northwind Digital Exchange');
	const bastion = await idOf('Bastion Prime Brokerage');
	await open(page, `/compare?c=${northwind}&c=${bastion}`);
	const notice = page.getByTestId('version-notice');
	await expect(notice).toContainText('different versions');
	await expect(notice).toContainText('2.0.0');
	await expect(notice).toContainText('1.0.0');
	await expect(notice).toContainText('compared on the 7 sections every version has');
	const profiles = page.getByLabel('Start from');
	for (const name of ['Exchange', 'Custodian', 'DeFi protocol']) await expect(profiles.locator('option', { hasText: `Profile: ${name}` })).toHaveCount(1);
});
