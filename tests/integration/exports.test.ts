// The two CSV downloads, called as SvelteKit would call them: the comparison
// (same candidates and weights as the compare view's link) and the portfolio
// (every platform the list's filters match, not one page).
import { isHttpError } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { seedPortfolio } from '../../src/lib/server/demo/portfolio';
import * as platforms from '../../src/lib/server/platforms';
import { platformInput } from '../../src/lib/validation/platforms';
import { eq } from 'drizzle-orm';
import { getDb } from '../../src/lib/server/db/index';
import { template, weightProfile } from '../../src/lib/server/db/schema';
import { GET as compareExport } from '../../src/routes/(app)/compare/export/+server';
import { load as compareLoad } from '../../src/routes/(app)/compare/+page.server';
import { loadEvent } from '../helpers/request-event';
import { GET as portfolioExport } from '../../src/routes/(app)/platforms/export/+server';
import { useTempDatabase } from '../helpers/database';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };

type Handler = (event: never) => Response | Promise<Response>;

function fakeEvent(routeId: string, path: string) {
	const url = new URL(`http://localhost${path}`);
	return {
		locals: { user: { id: 999, email: 'committee@example.com', name: 'Committee', role: 'committee' }, session: null, respondent: null },
		route: { id: routeId },
		url,
		params: {},
		request: new Request(url),
		getClientAddress: () => '127.0.0.1',
		setHeaders: () => {}
	};
}

async function download(handler: Handler, routeId: string, path: string): Promise<{ response: Response; text: string }> {
	const response = await handler(fakeEvent(routeId, path) as never);
	// Response.text() would drop the byte-order mark; decode keeping it.
	const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
	return { response, text };
}

/** The HTTP error a handler throws, as "status message". */
async function refusal(handler: Handler, routeId: string, path: string): Promise<string> {
	try {
		await handler(fakeEvent(routeId, path) as never);
	} catch (err) {
		if (isHttpError(err)) return `${err.status} ${err.body.message}`;
		throw err;
	}
	throw new Error('the request was not refused');
}

/** RFC 4180, every cell quoted as the export writes it. */
function parseCsv(text: string): string[][] {
	expect(text.endsWith('\r\n')).toBe(true);
	return text
		.slice(0, -2)
		.split('\r\n')
		.map((line) => {
			const cells: string[] = [];
			const cell = /"((?:[^"]|"")*)"(,|$)/y;
			let at = 0;
			while (at < line.length) {
				cell.lastIndex = at;
				const m = cell.exec(line);
				if (!m) throw new Error(`not a quoted CSV line: ${line}`);
				cells.push(m[1].replace(/""/g, '"'));
				at = cell.lastIndex;
			}
			return cells;
		});
}

const COMPARE = '/(app)/compare/export';
const PORTFOLIO = '/(app)/platforms/export';

let ids: Record<string, number> = {};
function finalWith(name: string, answers: Record<string, string>, extra: Record<string, string> = {}) {
	const { id: platformId } = platforms.create(analyst, platformInput.parse({ name, kind: 'exchange', status: 'prospect', ...extra }));
	const a = assessments.create(analyst, { platformId, templateKey: 'ci-dd', templateVersion: '1.0.0', assessorIds: [], dueDate: null });
	for (const [q, value] of Object.entries(answers)) assessments.saveAnswer(analyst, a.assessment.id, q, { value, na: false, assurance: 'verified', note: 'Seen in the records.' }, 0, { as: 'staff' });
	assessments.submit(analyst, a.assessment.id, { as: 'staff' });
	supportEvidence(analyst, a.assessment.id);
	assessments.finalize(analyst, a.assessment.id);
	return platformId;
}

beforeAll(async () => {
	await seedPortfolio({ analystId: null, analystLabel: 'cli', selfAssessments: true });
	finalWith('=cmd()', { 'hiring.in-person-id': 'yes' }, { tags: '@ops, +tier-1' });
	ids = Object.fromEntries(platforms.list({ pageSize: 200 }).rows.map((p) => [p.name, p.id]));
});

describe('the comparison CSV', () => {
	it('is a UTF-8 download with a byte-order mark, CRLF lines and every cell quoted', async () => {
		const { response, text } = await download(compareExport, COMPARE, `/compare/export?c=${ids['Northwind Digital Exchange']}&c=${ids['Lumen Wallet']}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="clearance-comparison-\d{4}-\d{2}-\d{2}\.csv"$/);
		expect(text.startsWith('\uFEFF"rank","platform","assessment_id",')).toBe(true);
		expect(text.slice(1).split('\r\n').filter(Boolean).every((line) => line.startsWith('"') && line.endsWith('"'))).toBe(true);
	});

	it('has a header and one row per candidate, best first, with the stored figures', async () => {
		const names = ['Meridian Perps Protocol', 'Northwind Digital Exchange', 'Lumen Wallet', 'Tessellate Market Making'];
		const { text } = await download(compareExport, COMPARE, `/compare/export?${names.map((n) => `c=${ids[n]}`).join('&')}`);
		const [header, ...rows] = parseCsv(text.slice(1));
		expect(header.slice(0, 12)).toEqual(['rank', 'platform', 'assessment_id', 'finalized', 'template', 'origin', 'score', 'assured_score', 'coverage', 'grade', 'band_grade', 'knockouts']);
		// Every candidate's latest final is on ci-dd 2.0.0: its eleven sections.
		expect(header.slice(12, 23)).toEqual([
			'Governance and counterintelligence programme (weight 7)',
			'Hiring and identity assurance (weight 12)',
			'Personnel lifecycle and insider threat (weight 8)',
			'Personal security of executives, signers and key staff (weight 7)',
			'Key management and signing (weight 16)',
			'Social engineering and transaction verification (weight 12)',
			'Accounts, domains and community channels (weight 5)',
			'Supply chain, vendors and developer environment (weight 10)',
			'Exchange and custody operations (weight 7)',
			'Protocol governance and on-chain controls (weight 7)',
			'Detection, threat monitoring and incident response (weight 9)'
		]);
		expect(header.slice(23)).toEqual(['self_reported_score', 'trust_gap']);
		expect(rows).toHaveLength(4);
		expect(rows.map((r) => r[1]).sort()).toEqual([...names].sort());

		const list = platforms.list({ pageSize: 200 }).rows;
		for (const row of rows) {
			const stored = list.find((p) => p.name === row[1])!;
			expect(row[2]).toBe(String(stored.assessmentId));
			expect(row[6]).toBe(stored.score!.toFixed(2));
			expect(row[9]).toBe(stored.grade);
			expect(row[4]).toBe('ci-dd 2.0.0');
		}
		// Best first; each rank is 1 + the number of higher scores.
		const scores = rows.map((r) => Number(r[6]));
		expect([...scores].sort((a, b) => b - a)).toEqual(scores);
		rows.forEach((r, i) => expect(Number(r[0])).toBe(1 + scores.filter((s) => s > scores[i]).length));
		// Only the self-assessed platform reports its claims and a trust gap.
		const tessellate = rows.find((r) => r[1] === 'Tessellate Market Making')!;
		expect(tessellate[5]).toBe('self');
		expect(Number(tessellate[24])).toBeCloseTo(Number(tessellate[23]) - Number(tessellate[6]), 1);
		for (const r of rows.filter((x) => x !== tessellate)) expect(r.slice(23)).toEqual(['', '']);
	});

	it('uses the weights in the link, and leaves the other sections at the template’s', async () => {
		const { text } = await download(compareExport, COMPARE, `/compare/export?c=${ids['Northwind Digital Exchange']}&c=${ids['Lumen Wallet']}&w=keys:0,hiring:1`);
		const [header, ...rows] = parseCsv(text.slice(1));
		expect(header[13]).toBe('Hiring and identity assurance (weight 1)');
		expect(header[16]).toBe('Key management and signing (weight 0)');
		expect(header[12]).toBe('Governance and counterintelligence programme (weight 7)');
		// The overall score is the weighted mean of the section columns under those weights,
		// over the sections that apply (an exchange has no protocol section; a wallet no custody one either).
		const weights = [7, 1, 8, 7, 0, 12, 5, 10, 7, 7, 9];
		for (const r of rows) {
			const cells = r.slice(12, 23);
			expect(cells.filter((c) => c === '').length).toBeGreaterThan(0);
			const counted = cells.flatMap((c, i) => (c === '' ? [] : [[Number(c), weights[i]] as const]));
			const mean = counted.reduce((sum, [s, w]) => sum + w * s, 0) / counted.reduce((a, [, w]) => a + w, 0);
			expect(Number(r[6])).toBeCloseTo(mean, 1);
		}
	});

	it('neutralises a cell that a spreadsheet would run as a formula', async () => {
		const { text } = await download(compareExport, COMPARE, `/compare/export?c=${ids['=cmd()']}&c=${ids['Lumen Wallet']}`);
		expect(text).toContain(`"'=cmd()"`);
		expect(text).not.toMatch(/(^|,)"=/m);
		expect(parseCsv(text.slice(1)).map((r) => r[1])).toContain(`'=cmd()`);
	});

	it('refuses a bad link with a 400 naming the parameter', async () => {
		const two = `c=${ids['Northwind Digital Exchange']}&c=${ids['Lumen Wallet']}`;
		expect(await refusal(compareExport, COMPARE, `/compare/export?${two}&w=keys:-1`)).toMatch(/^400 w: Each weight reads section:number/);
		expect(await refusal(compareExport, COMPARE, `/compare/export?${two}&w=keys:0`)).toBe('400 w: At least one section needs a weight above 0.');
		// Display settings (vary, heat, tables) do not change the figures, so they do not refuse a download.
		expect((await download(compareExport, COMPARE, `/compare/export?${two}&vary=1000&heat=zzz&tables=x`)).response.status).toBe(200);
		expect(await refusal(compareExport, COMPARE, `/compare/export?c=${ids['Lumen Wallet']}`)).toBe('400 c: choose at least 2 platforms to compare.');
		expect(await refusal(compareExport, COMPARE, `/compare/export?${two}&c=${ids['Fernhill Restaking Protocol']}`)).toBe('400 c: Fernhill Restaking Protocol has no final assessment to compare yet.');
		expect(await refusal(compareExport, COMPARE, `/compare/export?${two}&profile=12345`)).toBe('400 profile: there is no such weight profile for this template.');
	});
});

describe('the portfolio CSV', () => {
	const columns = ['platform_id', 'name', 'kind', 'status', 'jurisdictions', 'tags', 'assessment_id', 'last_assessed', 'valid_until', 'score', 'assured_score', 'coverage', 'grade', 'knockouts'];

	it('writes every platform, not one page of them', async () => {
		for (let i = 1; i <= 25; i++) platforms.create(analyst, platformInput.parse({ name: `Prospect ${String(i).padStart(2, '0')}`, kind: 'other', status: 'prospect' }));
		const total = platforms.list({}).total;
		expect(total).toBeGreaterThan(25);
		const { response, text } = await download(portfolioExport, PORTFOLIO, '/platforms/export?page=2');
		expect(response.headers.get('content-disposition')).toMatch(/filename="clearance-portfolio-\d{4}-\d{2}-\d{2}\.csv"/);
		expect(text.startsWith('\uFEFF')).toBe(true);
		const [header, ...rows] = parseCsv(text.slice(1));
		expect(header).toEqual(columns);
		expect(rows).toHaveLength(total);
		// Sorted by name, as the list is by default.
		expect(rows.map((r) => r[1])).toEqual(platforms.list({ pageSize: 200 }).rows.map((p) => (p.name.startsWith('=') ? `'${p.name}` : p.name)));
	});

	it('honours the list’s filters and sort', async () => {
		const gradeA = platforms.list({ grade: 'A', sort: 'score', pageSize: 200 }).rows;
		expect(gradeA.length).toBeGreaterThan(0);
		const { text } = await download(portfolioExport, PORTFOLIO, '/platforms/export?grade=A&sort=score');
		const rows = parseCsv(text.slice(1)).slice(1);
		expect(rows.map((r) => r[0])).toEqual(gradeA.map((p) => String(p.id)));
		for (const r of rows) expect(r[12]).toBe('A');

		const perps = await download(portfolioExport, PORTFOLIO, '/platforms/export?q=perps&kind=exchange');
		expect(parseCsv(perps.text.slice(1)).slice(1).map((r) => r[1])).toEqual(platforms.list({ q: 'perps', kind: 'exchange', pageSize: 200 }).rows.map((p) => p.name));
		// A value the list does not know is ignored, not refused.
		const unknown = await download(portfolioExport, PORTFOLIO, '/platforms/export?grade=Z');
		expect(parseCsv(unknown.text.slice(1)).length - 1).toBe(platforms.list({}).total);
	});

	it('writes a platform’s latest final figures, and blanks for one never assessed', async () => {
		const { text } = await download(portfolioExport, PORTFOLIO, '/platforms/export');
		const rows = parseCsv(text.slice(1)).slice(1);
		const northwind = rows.find((r) => r[1] === 'Northwind Digital Exchange')!;
		const stored = platforms.list({ q: 'Northwind Digital Exchange' }).rows[0];
		expect(northwind).toEqual([
			String(stored.id),
			'Northwind Digital Exchange',
			'exchange',
			stored.status,
			stored.jurisdictions.join('; '),
			stored.tags.join('; '),
			String(stored.assessmentId),
			new Date(stored.lastAssessed!).toISOString().slice(0, 10),
			stored.validUntil,
			stored.score!.toFixed(2),
			stored.assuredScore!.toFixed(2),
			stored.coverage!.toFixed(4),
			stored.grade,
			String(stored.knockouts)
		]);
		const prospect = rows.find((r) => r[1] === 'Prospect 01')!;
		expect(prospect.slice(6)).toEqual(['', '', '', '', '', '', '', '']);
	});

	it('neutralises names and tags that a spreadsheet would run as formulas', async () => {
		const { text } = await download(portfolioExport, PORTFOLIO, '/platforms/export?q=cmd');
		const [, row] = parseCsv(text.slice(1));
		expect(row[1]).toBe(`'=cmd()`);
		expect(row[5]).toBe(`'@ops; +tier-1`);
	});
});

describe('a weight profile saved before weights were bounded', () => {
	/** Written as an older release could have stored it: no check on the way in. */
	function storedProfile(name: string, sections: Record<string, number>): number {
		const templateId = getDb().select({ id: template.id }).from(template).where(eq(template.key, 'ci-dd')).get()!.id;
		return getDb().insert(weightProfile).values({ templateId, name, sections: JSON.stringify(sections), createdAt: 0, updatedAt: 0 }).returning({ id: weightProfile.id }).get().id;
	}
	const pair = () => `c=${ids['Northwind Digital Exchange']}&c=${ids['Lumen Wallet']}`;

	it('is refused by the comparison export, naming it, instead of exporting NaN scores and grade F for everyone', async () => {
		const id = storedProfile('Pre-bound heavy', { keys: 1e308, hiring: 20 });
		expect(await refusal(compareExport, COMPARE, `/compare/export?${pair()}&profile=${id}`)).toBe('400 profile: “Pre-bound heavy” has a weight over 1,000,000, saved before weights were bounded; fix it on its template\'s page.');
	});

	it('is not offered by compare, and a link naming it says why and shows the template’s weights', async () => {
		const id = storedProfile('Pre-bound light', { governance: 2_000_000 });
		const path = `/compare?${pair()}&profile=${id}`;
		const locals = { user: { id: 999, email: 'committee@example.com', name: 'Committee', role: 'committee' as const }, session: null, respondent: null };
		const data = (await compareLoad(loadEvent('/(app)/compare', { locals, path }) as never)) as { profiles: Array<{ id: number }>; problems: Record<string, string> };
		expect(data.profiles.map((p) => p.id)).not.toContain(id);
		expect(data.problems.profile).toMatch(/“Pre-bound light” has a weight over 1,000,000, saved before weights were bounded, so it is not used; the template’s weights are shown/);
	});
});
