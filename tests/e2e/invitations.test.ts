import fs from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn, MAIN } from './helpers';

const BASE = MAIN;

/** As the signed-in analyst: a fresh platform and an invitation link for it (to `template`, "key@version", or the default). */
async function invite(page: Page, name: string, respondentEmail: string, template?: string): Promise<string> {
	await page.goto('/platforms/new');
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Kind').selectOption('custodian');
	await page.getByLabel('Pipeline status').selectOption('under_review');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
	await page.getByLabel('Respondent name').fill('Riley Respondent');
	await page.getByLabel('Respondent email').fill(respondentEmail);
	if (template) await page.getByLabel('Questionnaire', { exact: true }).selectOption(template);
	await page.getByLabel('Message to the respondent (optional)').fill('Thanks for taking part.');
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	const link = await page.getByLabel('Invitation link').inputValue();
	expect(link).toMatch(new RegExp(`^${BASE}/invite/[A-Za-z0-9_-]{43}$`));
	return link;
}

async function respondent(browser: Browser) {
	const context = await browser.newContext();
	return { context, page: await context.newPage() };
}

test('a respondent opens the link, answers part, leaves, returns, completes and submits', async ({ page, browser }) => {
	await signIn(page, 'analyst');
	const link = await invite(page, `Self-assessed Custody ${Date.now()}`, 'riley@custody.example');
	const r = await respondent(browser);

	const opened = await r.page.goto(link);
	// The token is swapped for a cookie and dropped from the address; the redirect that carried it sends no referrer.
	await expect(r.page).toHaveURL(`${BASE}/invite`);
	expect((await opened!.request().redirectedFrom()!.response())!.headers()['referrer-policy']).toBe('no-referrer');
	// The questionnaire's own address holds no token: it refers to this origin only, so its plain forms post with a real Origin.
	expect(opened!.headers()['referrer-policy']).toBe('same-origin');
	await expect(r.page.getByText('Thanks for taking part.')).toBeVisible();

	// The first scored question with choices (the section opens with a free-text one).
	await r.page.getByRole('radio').first().check();
	await r.page.getByLabel(/^Comment on question \d+/).first().fill('Answered by our CISO.');
	await r.page.getByRole('button', { name: 'Save this section' }).click();
	await expect(r.page.getByRole('status')).toContainText('Saved');

	// Leave and come back later: the session cookie still opens the questionnaire.
	await r.page.goto('about:blank');
	await r.page.goto(`${BASE}/invite`);
	await expect(r.page.getByRole('radio').first()).toBeChecked();
	await expect(r.page.getByLabel(/^Comment on question \d+/).first()).toHaveValue('Answered by our CISO.');

	// Staff cannot rewrite the platform's claims, nor submit on its behalf.
	await page.reload();
	const platformUrl = page.url();
	const selfHref = await page.getByRole('link', { name: /^Self-assessment #\d+$/ }).getAttribute('href');
	const put = await page.request.put(`${BASE}${selfHref}/answers`, {
		data: { questionId: 'governance.programme-maturity', value: 5, na: false, assurance: 'verified', note: '', expectedVersion: 1 }
	});
	expect(put.status()).toBe(409);
	const submitByStaff = await page.request.post(`${BASE}${selfHref}?/submit`, { form: {}, headers: { origin: BASE, accept: 'application/json', 'x-sveltekit-action': 'true' } });
	expect(await submitByStaff.text()).toContain('only the platform submits them');
	await page.goto(selfHref!);
	await expect(page.getByRole('button', { name: 'Submit for review' })).toHaveCount(0);

	r.page.once('dialog', (d) => d.accept());
	await r.page.getByRole('button', { name: 'Submit answers' }).click();
	await expect(r.page.getByRole('heading', { name: /submitted/ })).toBeVisible();
	await expect(r.page.getByRole('button', { name: 'Save this section' })).toHaveCount(0);

	// The analyst sees it submitted.
	await page.goto(platformUrl);
	await expect(page.getByText('Submitted', { exact: true })).toBeVisible();
	await r.context.close();
});

test('the respondent reaches nothing else, and one respondent never sees another’s answers', async ({ page, browser }) => {
	await signIn(page, 'analyst');
	const canary = `canary-${Date.now()}-only-for-A`;
	const linkA = await invite(page, `Walled Garden A ${Date.now()}`, 'a@garden.example');
	const a = await respondent(browser);
	await a.page.goto(linkA);
	await a.page.getByLabel(/^Comment on question \d+/).first().fill(canary);
	await a.page.getByRole('button', { name: 'Save this section' }).click();
	await expect(a.page.getByRole('status')).toContainText('Saved');

	const linkB = await invite(page, `Walled Garden B ${Date.now()}`, 'b@garden.example');
	const b = await respondent(browser);
	await b.page.goto(linkB);
	await expect(b.page.getByRole('heading', { level: 1 })).toContainText('Walled Garden B');
	expect(await b.page.content()).not.toContain(canary);
	const bData = await b.page.request.get(`${BASE}/invite/__data.json`);
	expect(await bData.text()).not.toContain(canary);

	// Everything outside /invite, pages and their __data.json alike: 404, no data, not even a sign-in page.
	const outside = ['/dashboard', '/platforms', '/platforms/1', '/templates', '/templates/ci-dd/1.0.0/json', '/admin/users', '/admin/audit', '/account', '/methodology', '/compare', '/logout'];
	const assessmentA = ['/assessments/1', '/assessments/1/export/json', '/assessments/1/export/csv', '/assessments/1/evidence/1', '/assessments/1/report'];
	for (const path of [...outside, ...assessmentA, ...outside.map((p) => `${p}/__data.json`), '/assessments/1/__data.json', '/no-such-page']) {
		const res = await a.page.request.get(`${BASE}${path}`, { maxRedirects: 0 });
		expect(res.status(), path).toBe(404);
		const body = await res.text();
		expect(body, path).not.toContain(canary);
		expect(body, path).not.toMatch(/Sign in|password/i);
	}
	// Writes outside the garden are refused too.
	const put = await a.page.request.put(`${BASE}/assessments/1/answers`, { data: { questionId: 'x', value: 'yes', na: false, assurance: 'claimed', note: '', expectedVersion: 0 } });
	expect(put.status()).toBe(404);
	const post = await a.page.request.post(`${BASE}/assessments/1?/verify`, { form: { questionId: 'x', decision: 'accepted' }, headers: { origin: BASE } });
	expect(post.status()).toBe(404);
	await a.context.close();
	await b.context.close();
});

test('revoked, unknown and tampered links all show the same plain page; the token is in no redirect', async ({ page, browser }) => {
	await signIn(page, 'analyst');
	const link = await invite(page, `Revoked Exchange ${Date.now()}`, 'gone@revoked.example');
	await page.getByRole('button', { name: /^Revoke/ }).click();
	await expect(page.getByRole('status')).toContainText('no longer works');

	const r = await respondent(browser);
	const texts: string[] = [];
	for (const url of [link, `${BASE}/invite/not-a-real-token`, `${link.slice(0, -1)}x`]) {
		const res = await r.page.goto(url);
		expect(res!.status()).toBe(404);
		expect(res!.headers()['referrer-policy']).toBe('no-referrer');
		texts.push(await r.page.locator('main').innerText());
	}
	expect(new Set(texts).size).toBe(1);
	expect(texts[0]).toContain('This link is not valid');

	// Without a session the respondent's page and its data are simply not there.
	const anonymous = await r.page.request.get(`${BASE}/invite/__data.json`);
	expect(anonymous.status()).toBe(404);
	await r.context.close();
});

test('without JavaScript, an invitation refused for a bad field keeps the message that was typed', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'analyst');
	await page.goto('/platforms/new');
	const name = `No-JS Invitee ${Date.now()}`;
	await page.getByLabel('Name').fill(name);
	await page.getByLabel('Kind').selectOption('custodian');
	await page.getByRole('button', { name: 'Create platform' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
	await page.getByLabel('Respondent name').fill('Riley Respondent');
	await page.getByLabel('Respondent email').fill('riley@custody.example');
	// Refused by the server: a link lives 1 to 30 days.
	await page.getByLabel('Link valid for (days)').fill('99');
	const message = 'Please answer by Friday.\nThe hiring section matters most.';
	await page.getByLabel('Message to the respondent (optional)').fill(message);
	await page.getByRole('button', { name: 'Create invitation link' }).click();
	await expect(page.getByRole('alert')).toContainText('The invitation was not created.');
	await expect(page.getByLabel('Message to the respondent (optional)')).toHaveValue(message);
	await context.close();
});

test('the respondent never receives the review guidance: not in the page, not in its __data.json', async ({ page, browser }) => {
	await signIn(page, 'analyst');
	// A questionnaire whose every question has review guidance, marked so that any leak is found.
	const key = `e2e-review-${Date.now()}`;
	const marker = `reviewer-only-${Date.now()}`;
	const doc = JSON.parse(fs.readFileSync('tests/fixtures/scoring/kinds.template.json', 'utf8'));
	doc.key = key;
	doc.title = 'E2E review guidance';
	for (const s of doc.sections) for (const q of s.questions) q.reviewGuidance = `${marker}: probe ${q.id}`;
	await page.goto('/templates');
	await page.getByLabel('Template file').setInputFiles({ name: 'review.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
	await page.getByRole('button', { name: 'Import as draft' }).click();
	await expect(page).toHaveURL(new RegExp(`/templates/${key}/1\\.0\\.0$`));
	await page.getByRole('button', { name: 'Publish' }).click();
	await expect(page.getByText('Published', { exact: true })).toBeVisible();
	// The analyst reads it, labelled for the reviewer.
	await expect(page.getByText(`${marker}: probe keys.quorum`)).toBeVisible();
	await expect(page.getByText('For the reviewer').first()).toBeVisible();

	const link = await invite(page, `Guided Exchange ${Date.now()}`, 'guided@exchange.example', `${key}@1.0.0`);
	const r = await respondent(browser);
	await r.page.goto(link);
	await expect(r.page).toHaveURL(`${BASE}/invite`);
	await expect(r.page.getByRole('heading', { level: 1 })).toContainText('E2E review guidance');
	await expect(r.page.getByText('Multisig quorum for treasury')).toBeVisible();
	expect(await r.page.content()).not.toContain(marker);

	// The server's answers themselves, HTML and data alike, for every section.
	for (const path of ['/invite', '/invite?section=defi', '/invite/__data.json', '/invite/__data.json?section=defi']) {
		const res = await r.page.request.get(`${BASE}${path}`);
		expect(res.status(), path).toBe(200);
		const body = await res.text();
		expect(body, path).toContain('keys.hot-cap');
		expect(body, path).not.toContain(marker);
		expect(body, path).not.toContain('reviewGuidance');
	}
	await r.context.close();
});

// Issue 20: the invitation pages work without JavaScript. The fields are in
// the server's HTML, a section saves with a plain form post, and evidence
// (a file, a link) is given inside its question with a plain form too.
test('without JavaScript, a respondent answers and saves a section, and gives a file and a link inside a question', async ({ page, browser }) => {
	// Two people and a dozen full page loads: longer than the default on a shared machine.
	test.setTimeout(90_000);
	await signIn(page, 'analyst');
	const link = await invite(page, `No-JS Respondent ${Date.now()}`, 'nojs@custody.example');
	const context = await browser.newContext({ javaScriptEnabled: false });
	const r = await context.newPage();
	await r.goto(link);
	await expect(r).toHaveURL(`${BASE}/invite`);

	// Each question is a group named by its prompt; the first with choices is answered.
	const questions = r.locator('section.question[role="group"]');
	const chosen = questions.filter({ has: r.getByRole('radio') }).first();
	const prompt = (await chosen.locator('h3').innerText()).replace(/^\d+\.\s*/, '');
	const number = Number((await chosen.locator('h3').innerText()).match(/^(\d+)\./)![1]);
	const named = r.getByRole('group', { name: prompt, exact: true });
	await expect(named).toHaveCount(1);
	await named.getByRole('radio').first().check();
	const comment = named.getByRole('textbox', { name: `Comment on question ${number} (optional)`, exact: true });
	await comment.fill('Answered with scripts off.');
	await r.getByRole('button', { name: 'Save this section' }).click();
	await expect(r.getByRole('status')).toContainText('Saved');

	// A fresh load shows what was saved, from the server alone.
	await r.goto(`${BASE}/invite`);
	await expect(named.getByRole('radio').first()).toBeChecked();
	await expect(comment).toHaveValue('Answered with scripts off.');

	// Evidence inside a question that asks for it: a file, then a link (the first refused, naming the problem).
	const evidenced = questions.filter({ has: r.getByText('Add evidence') }).first();
	const at = Number((await evidenced.locator('h3').innerText()).match(/^(\d+)\./)![1]);
	await evidenced.getByText('Add evidence').click();
	await evidenced.getByLabel(`File for question ${at}`, { exact: true }).setInputFiles({ name: 'hiring-policy.txt', mimeType: 'text/plain', buffer: Buffer.from(`Hiring policy, ${Date.now()}\n`) });
	await evidenced.getByRole('button', { name: `Upload a file for question ${at}` }).click();
	await expect(evidenced.getByRole('status')).toContainText('Uploaded hiring-policy.txt');
	await expect(evidenced.getByText('hiring-policy.txt', { exact: true })).toBeVisible();
	// The respondent's pages never point at staff pages, not even at its own file's download.
	await expect(r.locator('a[href^="/assessments"], a[href^="/dashboard"]')).toHaveCount(0);

	await evidenced.getByText('Add evidence').click();
	await evidenced.getByLabel(`Link for question ${at}`, { exact: true }).fill('javascript:alert(1)');
	await evidenced.getByRole('button', { name: `Add link for question ${at}` }).click();
	await expect(evidenced.getByText(/web link starting with https:\/\//)).toBeVisible();
	await expect(evidenced.getByLabel(`Link for question ${at}`, { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await evidenced.getByLabel(`Link for question ${at}`, { exact: true }).fill('https://platform.example/policies/hiring?v=2');
	await evidenced.getByLabel(`Link label for question ${at} (optional)`, { exact: true }).fill('Hiring policy <v2>');
	await evidenced.getByRole('button', { name: `Add link for question ${at}` }).click();
	await expect(evidenced.getByRole('status')).toContainText('Added the link Hiring policy <v2>');
	const given = evidenced.getByRole('link', { name: 'Hiring policy <v2>' });
	await expect(given).toHaveAttribute('href', 'https://platform.example/policies/hiring?v=2');
	await expect(given).toHaveAttribute('rel', /noopener noreferrer nofollow/);
	// What was saved before is still there.
	await expect(named.getByRole('radio').first()).toBeChecked();

	// A page that does not exist offers the way back to the questionnaire, not a dashboard.
	await r.goto(`${BASE}/no-such-page`);
	await expect(r.getByRole('link', { name: 'Back to your questionnaire' })).toHaveAttribute('href', '/invite');
	await expect(r.getByRole('link', { name: /dashboard/i })).toHaveCount(0);

	// The analyst sees the link beside the answer, and on the report.
	await page.reload();
	const selfUrl = (await page.getByRole('link', { name: /^Self-assessment #\d+$/ }).getAttribute('href'))!;
	await page.goto(selfUrl);
	const analystLink = page.getByRole('link', { name: 'Hiring policy <v2>' });
	await expect(analystLink).toHaveAttribute('href', 'https://platform.example/policies/hiring?v=2');
	await expect(analystLink).toHaveAttribute('rel', /nofollow/);
	await page.goto(`${selfUrl}/report`);
	await expect(page.getByRole('link', { name: 'Hiring policy <v2>' })).toHaveAttribute('rel', /nofollow/);
	await context.close();
});
