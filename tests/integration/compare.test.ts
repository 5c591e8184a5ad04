// The compare view's data, read from the demo portfolio: which assessment each
// candidate is compared on, what is refused, and the question-level answers
// and trends the page draws.
import { beforeAll, describe, expect, it } from 'vitest';
import { compareFigures } from '../../src/lib/compare/figures';
import { commonSections, defaultWeights } from '../../src/lib/compare/sections';
import type { CandidatePick } from '../../src/lib/compare/url-state';
import * as assessments from '../../src/lib/server/assessments';
import * as compare from '../../src/lib/server/compare';
import { seedPortfolio } from '../../src/lib/server/demo/portfolio';
import * as platforms from '../../src/lib/server/platforms';
import * as templates from '../../src/lib/server/templates';
import { platformInput } from '../../src/lib/validation/platforms';
import { useTempDatabase } from '../helpers/database';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };

let ids: Record<string, number> = {};
beforeAll(async () => {
	await seedPortfolio({ analystId: null, analystLabel: 'cli', selfAssessments: true });
	ids = Object.fromEntries(platforms.list({ pageSize: 200 }).rows.map((p) => [p.name, p.id]));
});

const pick = (name: string, assessmentId: number | null = null): CandidatePick => ({ platformId: ids[name], assessmentId });
const latestFinal = (name: string) => platforms.list({ pageSize: 200 }).rows.find((p) => p.name === name)!.assessmentId!;
const finals = (name: string) => assessments.listForPlatform(ids[name]).filter((a) => a.state === 'final');

function refusal(picks: CandidatePick[]): { field: string; message: string } {
	try {
		compare.load(picks);
	} catch (err) {
		if (err instanceof compare.CompareError) return { field: err.field, message: err.message };
		throw err;
	}
	throw new Error('the comparison was not refused');
}

function finalWith(platformName: string, answers: Record<string, string>, templateKey = 'ci-dd') {
	const { id: platformId } = platforms.create(analyst, platformInput.parse({ name: platformName, kind: 'exchange', status: 'prospect' }));
	const a = assessments.create(analyst, { platformId, templateKey, assessorIds: [], dueDate: null });
	for (const [q, value] of Object.entries(answers)) assessments.saveAnswer(analyst, a.assessment.id, q, { value, na: false, assurance: 'verified', note: 'Seen in the records.' }, 0, { as: 'staff' });
	assessments.submit(analyst, a.assessment.id, { as: 'staff' });
	supportEvidence(analyst, a.assessment.id);
	assessments.finalize(analyst, a.assessment.id);
	return assessments.mustGet(a.assessment.id);
}

describe('compare.load', () => {
	it('compares each platform on its latest final assessment, from the stored snapshot', () => {
		const data = compare.load([pick('Northwind Digital Exchange'), pick('Meridian Perps Protocol'), pick('Tessellate Market Making')]);
		expect(data.candidates.map((c) => c.platformName)).toEqual(['Northwind Digital Exchange', 'Meridian Perps Protocol', 'Tessellate Market Making']);
		for (const c of data.candidates) {
			expect(c.assessmentId).toBe(latestFinal(c.platformName));
			const stored = assessments.mustGet(c.assessmentId);
			expect(stored.assessment.state).toBe('final');
			expect(c.result).toEqual(stored.result!.result);
			expect(c.finalizedAt).toBe(stored.assessment.finalizedAt);
		}
		// One template version for the candidates (2.0.0): nothing is dropped. Their trends reach back to 1.0.0, whose template comes too.
		const versions = new Set(data.candidates.map((c) => c.templateVersionId));
		expect([...versions].map((v) => data.templates[v].version)).toEqual(['2.0.0']);
		expect(Object.values(data.templates).map((t) => t.version).sort()).toEqual(['1.0.0', '2.0.0']);
		const common = commonSections(data);
		expect(common.mixed).toBe(false);
		expect(common.dropped).toEqual([]);
		expect(common.sections.map((s) => s.id)).toEqual(['governance', 'hiring', 'insider', 'personal-security', 'keys', 'social', 'channels', 'supply-chain', 'custody', 'protocol', 'response']);
	});

	it('reproduces the stored overall figures under the template’s own weights', () => {
		const data = compare.load([pick('Northwind Digital Exchange'), pick('Lumen Wallet')]);
		const common = commonSections(data);
		const rows = compareFigures(data, common, defaultWeights(common));
		for (const row of rows) expect(row.result.overall).toEqual(row.candidate.result.overall);
	});

	it('compares on an earlier final assessment when one is chosen', () => {
		const history = finals('Northwind Digital Exchange');
		expect(history).toHaveLength(3);
		const oldest = history.reduce((a, b) => (a.finalizedAt! < b.finalizedAt! ? a : b));
		const data = compare.load([pick('Northwind Digital Exchange', oldest.id), pick('Lumen Wallet')]);
		expect(data.candidates[0].assessmentId).toBe(oldest.id);
		expect(data.candidates[0].finalizedAt).toBe(oldest.finalizedAt);
		expect(data.candidates[0].result.overall.score).toBe(oldest.score);
		// The choices beside "latest", newest first.
		const options = compare.assessmentOptions([ids['Northwind Digital Exchange']])[ids['Northwind Digital Exchange']];
		expect(options.map((o) => o.id)).toEqual([...history].sort((a, b) => b.finalizedAt! - a.finalizedAt!).map((a) => a.id));
	});

	it('refuses a platform with no final assessment', () => {
		expect(finals('Fernhill Restaking Protocol')).toEqual([]);
		expect(refusal([pick('Northwind Digital Exchange'), pick('Fernhill Restaking Protocol')])).toEqual({
			field: 'c',
			message: 'Fernhill Restaking Protocol has no final assessment to compare yet.'
		});
	});

	it('refuses an assessment of another platform', () => {
		const meridians = latestFinal('Meridian Perps Protocol');
		expect(refusal([pick('Northwind Digital Exchange', meridians), pick('Lumen Wallet')])).toEqual({
			field: 'c',
			message: `Assessment ${meridians} is not a final assessment of Northwind Digital Exchange.`
		});
	});

	it('refuses an assessment that is not final', () => {
		const draft = assessments.listForPlatform(ids['Halcyon Custody']).find((a) => a.state === 'draft')!;
		const inVerification = assessments.listForPlatform(ids['Bastion Prime Brokerage']).find((a) => a.origin === 'self')!;
		expect(inVerification.state).toBe('in_review');
		expect(refusal([pick('Halcyon Custody', draft.id), pick('Lumen Wallet')])).toEqual({ field: 'c', message: `Assessment ${draft.id} is not a final assessment of Halcyon Custody.` });
		expect(refusal([pick('Lumen Wallet'), pick('Bastion Prime Brokerage', inVerification.id)]).message).toBe(`Assessment ${inVerification.id} is not a final assessment of Bastion Prime Brokerage.`);
	});

	it('refuses an unknown platform', () => {
		expect(refusal([pick('Lumen Wallet'), { platformId: 99_999, assessmentId: null }])).toEqual({ field: 'c', message: 'There is no platform 99999.' });
	});

	it('gives a self-assessed platform its claims, and an analyst’s assessment none', () => {
		const data = compare.load([pick('Tessellate Market Making'), pick('Northwind Digital Exchange')]);
		const [tessellate, northwind] = data.candidates;
		expect(tessellate.origin).toBe('self');
		const stored = assessments.mustGet(tessellate.assessmentId).result!;
		expect(tessellate.claimedResult).not.toBeNull();
		expect(tessellate.claimedResult).toEqual(stored.claimedResult);
		expect(northwind.origin).toBe('analyst');
		expect(northwind.claimedResult).toBeNull();

		const common = commonSections(data);
		const [row] = compareFigures(data, common, defaultWeights(common));
		expect(row.gap).toBeCloseTo(stored.claimedResult!.overall.score! - stored.result.overall.score!, 9);
		expect(row.gap).toBeGreaterThan(0); // the demo's platform paints itself rosier than the evidence
	});

	it('gives each scored question as 0–100, N/A or unanswered, as the answers were recorded', () => {
		// Meridian's first review answered nine questions in ten.
		const meridianFirst = finals('Meridian Perps Protocol').at(-1)!;
		expect(meridianFirst.coverage).toBeLessThan(1);
		const data = compare.load([pick('Northwind Digital Exchange'), pick('Meridian Perps Protocol', meridianFirst.id), pick('Tessellate Market Making')]);
		const seen = new Set<string>();
		for (const c of data.candidates) {
			// Each on its own version: Meridian's first review was on 1.0.0.
			const template = data.templates[c.templateVersionId];
			const scored = template.sections.flatMap((s) => s.questions.map((q) => q.id));
			expect(scored).not.toContain('governance.programme-owner'); // a text question counts for nothing
			expect(Object.keys(c.questions).sort()).toEqual([...scored].sort());
			const detail = assessments.mustGet(c.assessmentId);
			const recorded = assessments.answersDocument(detail).answers;
			for (const [id, v] of Object.entries(c.questions)) {
				const kind = typeof v === 'object' && v !== null;
				expect(v === null || v === 'na' || kind || (typeof v === 'number' && v >= 0 && v <= 100), `${id}: ${JSON.stringify(v)}`).toBe(true);
				seen.add(v === null ? 'unanswered' : v === 'na' ? 'na' : kind ? 'kind' : 'number');
				const answer = Object.hasOwn(recorded, id) ? recorded[id] : undefined;
				if (!answer || (answer.value === undefined && !answer.na)) expect(v, id).toBeNull();
				// N/A for the platform's kind, given when the assessment started, apart from an N/A someone chose.
				else if (answer.na && detail.answers[id]?.notApplicableTo) expect(v, id).toEqual({ notApplicableTo: detail.platform.kind });
				else if (answer.na) expect(v, id).toBe('na');
				else if (answer.value === 'yes') expect(v, id).toBe(100);
				else if (answer.value === 'partial') expect(v, id).toBe(50);
				else if (answer.value === 'no') expect(v, id).toBe(0);
			}
		}
		expect([...seen].sort()).toEqual(['kind', 'na', 'number', 'unanswered']);
	});

	it('gives each candidate its platform’s final assessments, oldest first', () => {
		const data = compare.load([pick('Tessellate Market Making'), pick('Northwind Digital Exchange', finals('Northwind Digital Exchange').at(-1)!.id)]);
		for (const c of data.candidates) {
			const history = finals(c.platformName).sort((a, b) => a.finalizedAt! - b.finalizedAt!);
			expect(history.length).toBeGreaterThanOrEqual(3);
			expect(c.trend.map((p) => p.assessmentId)).toEqual(history.map((a) => a.id));
			expect(c.trend.map((p) => p.result.overall.score)).toEqual(history.map((a) => a.score));
			expect(c.trend.map((p) => p.assessmentId)).toContain(c.assessmentId);
		}
		// Tessellate's latest is its verified self-assessment, after two analyst reviews.
		expect(data.candidates[0].trend.at(-1)!.assessmentId).toBe(data.candidates[0].assessmentId);
		// Northwind is compared on its oldest, and the trend still runs to the newest.
		expect(data.candidates[1].trend[0].assessmentId).toBe(data.candidates[1].assessmentId);
	});
});

describe('compare.platformOptions', () => {
	it('lists exactly the platforms with a final assessment, by name, with their latest figures', () => {
		const options = compare.platformOptions();
		const assessed = platforms.list({ pageSize: 200 }).rows.filter((p) => p.assessmentId !== null);
		expect(options.map((o) => o.name)).toEqual(assessed.map((p) => p.name));
		expect(options.map((o) => o.name)).not.toContain('Fernhill Restaking Protocol');
		for (const o of options) {
			const row = assessed.find((p) => p.id === o.id)!;
			expect(o).toEqual({ id: row.id, name: row.name, kind: row.kind, templateKey: 'ci-dd', grade: row.grade, score: row.score });
		}
	});
});

describe('comparing across questionnaires and versions', () => {
	it('refuses candidates assessed on different questionnaires', () => {
		templates.importDocument(
			analyst,
			{
				format: 'clearance-template/1',
				key: 'other',
				version: '1.0.0',
				title: 'Another questionnaire',
				sections: [{ id: 'only', title: 'Only', weight: 1, questions: [{ id: 'only.q', type: 'yes_no' }] }]
			},
			{ publish: true }
		);
		finalWith('Otherworld', { 'only.q': 'yes' }, 'other');
		const { field, message } = refusal([pick('Lumen Wallet'), { platformId: platforms.list({ q: 'Otherworld' }).rows[0].id, assessmentId: null }]);
		expect(field).toBe('c');
		expect(message).toBe('Candidates are compared on one questionnaire; these were assessed on different ones (Lumen Wallet on ci-dd, Otherworld on other).');
	});

	it('compares a platform last assessed on 1.0.0 with ones on 2.0.0 on the seven sections both have', () => {
		const bastion = finals('Bastion Prime Brokerage').find((a) => a.origin === 'analyst')!;
		expect(bastion.templateVersion).toBe('1.0.0');
		const data = compare.load([pick('Northwind Digital Exchange'), pick('Bastion Prime Brokerage', bastion.id)]);
		const common = commonSections(data);
		expect(common.mixed).toBe(true);
		expect(common.newest.version).toBe('2.0.0');
		expect(common.sections.map((s) => s.id)).toEqual(['governance', 'hiring', 'insider', 'keys', 'social', 'supply-chain', 'response']);
		expect(common.dropped.map((s) => s.id)).toEqual(['personal-security', 'channels', 'custody', 'protocol']);
		const rows = compareFigures(data, common, defaultWeights(common));
		for (const row of rows) expect(row.result.sections.map((s) => s.id)).toEqual(common.sections.map((s) => s.id));
	});

	it('compares two versions on the sections both have, leaving out the new one and its knock-outs', () => {
		const draft = templates.newDraftFrom(analyst, 'ci-dd', templates.latestPublished('ci-dd')!.doc.version);
		const doc = structuredClone(draft.doc);
		doc.sections.push({
			id: 'extra',
			title: 'Extra controls',
			weight: 50,
			questions: [{ id: 'extra.q', type: 'yes_no', weight: 1, allowNA: false, evidence: 'optional', critical: { minScore: 1, capGrade: 'F' } }]
		});
		templates.saveDraft(analyst, 'ci-dd', draft.doc.version, doc, draft.row.sha256);
		templates.publish(analyst, 'ci-dd', draft.doc.version);
		const newcomer = finalWith('Newcomer', { 'extra.q': 'no', 'hiring.in-person-id': 'in-person-before' });
		expect(newcomer.result!.result.knockouts.map((k) => k.question)).toContain('extra.q');

		const data = compare.load([pick('Lumen Wallet'), { platformId: newcomer.assessment.platformId, assessmentId: null }]);
		// Lumen's trend reaches back to 1.0.0; the candidates are on 2.0.0 and the new version.
		expect(Object.values(data.templates).map((t) => t.version).sort()).toEqual(['1.0.0', '2.0.0', draft.doc.version]);
		const common = commonSections(data);
		expect(common.mixed).toBe(true);
		expect(common.newest.version).toBe(draft.doc.version);
		expect(common.dropped).toEqual([{ id: 'extra', title: 'Extra controls' }]);
		expect(common.sections).toHaveLength(11);
		const [, row] = compareFigures(data, common, defaultWeights(common));
		expect(row.result.sections.map((s) => s.id)).not.toContain('extra');
		expect(row.result.knockouts.map((k) => k.question)).not.toContain('extra.q');
	});
});

describe('the first view and the details (issue 20: the page sends only what its first view needs)', () => {
	const picks = () => [pick('Northwind Digital Exchange'), pick('Meridian Perps Protocol'), pick('Tessellate Market Making')];

	it('sends the candidates’ figures without their answers or history, and only their own template versions', () => {
		const data = compare.load(picks());
		const first = compare.summary(data);
		for (const c of first.candidates) {
			expect(c).not.toHaveProperty('questions');
			expect(c).not.toHaveProperty('trend');
		}
		expect(Object.keys(first.templates).map(Number).sort()).toEqual([...new Set(data.candidates.map((c) => c.templateVersionId))].sort());
		// The summary is what it leaves out smaller by far: answers and history are most of the bytes.
		expect(JSON.stringify(first).length).toBeLessThan(JSON.stringify(data).length / 2);
		// The figures the page ranks by are the same either way.
		const common = commonSections(data);
		const weights = defaultWeights(common);
		expect(compareFigures(first, common, weights).map((f) => f.result)).toEqual(compareFigures(data, common, weights).map((f) => f.result));
	});

	it('gives the details per candidate in the same order, with the older template versions their history needs', () => {
		const data = compare.load(picks());
		const details = compare.details(data);
		expect(details.candidates.map((c) => c.assessmentId)).toEqual(data.candidates.map((c) => c.assessmentId));
		expect(details.candidates.map((c) => c.questions)).toEqual(data.candidates.map((c) => c.questions));
		const needed = new Set(data.candidates.flatMap((c) => c.trend.map((p) => p.templateVersionId)));
		const all = { ...compare.summary(data).templates, ...details.templates };
		for (const id of needed) expect(all[id], `template version ${id}`).toBeDefined();
		// Northwind's history reaches back to 1.0.0, which only the details carry.
		expect(Object.keys(details.templates).length).toBeGreaterThan(0);
	});
});

describe('GET /compare/details', () => {
	const ROUTE = '/(app)/compare/details';
	function event(path: string, headers: Record<string, string> = {}) {
		const url = new URL(`http://localhost${path}`);
		return {
			locals: { user: { id: 999, email: 'committee@example.com', name: 'Committee', role: 'committee' }, session: null, respondent: null },
			route: { id: ROUTE },
			url,
			params: {},
			request: new Request(url, { headers }),
			getClientAddress: () => '127.0.0.1',
			setHeaders: () => {}
		} as never;
	}
	const query = () => `c=${ids['Northwind Digital Exchange']}&c=${ids['Lumen Wallet']}`;

	it('answers the answers and history with a tag, and 304 with no body while the data is unchanged', async () => {
		const { GET } = await import('../../src/routes/(app)/compare/details/+server');
		const first = await GET(event(`/compare/details?${query()}`));
		expect(first.status).toBe(200);
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
		const body = (await first.json()) as { candidates: Array<{ questions: object; trend: unknown[] }> };
		expect(body.candidates).toHaveLength(2);
		expect(Object.keys(body.candidates[0].questions).length).toBeGreaterThan(10);

		const again = await GET(event(`/compare/details?${query()}`, { 'if-none-match': etag }));
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		// A tag for other candidates, or a stale one, gets the full answer.
		expect((await GET(event(`/compare/details?${query()}`, { 'if-none-match': '"stale"' }))).status).toBe(200);
	});

	it('gives a new tag once a candidate’s data changes (a newer final assessment)', async () => {
		const { GET } = await import('../../src/routes/(app)/compare/details/+server');
		const before = (await GET(event(`/compare/details?c=${ids['Lumen Wallet']}&c=${ids['Halcyon Custody']}`))).headers.get('etag');
		const lumen = assessments.mustGet(latestFinal('Lumen Wallet'));
		const amended = assessments.create(analyst, { platformId: ids['Lumen Wallet'], templateKey: 'ci-dd', assessorIds: [], dueDate: null });
		const [first, answer] = Object.entries(lumen.answers).find(([, a]) => a.value !== null && !a.na)!;
		// Claimed: a higher level needs evidence or a note (issue 20's evidence rules), beside the point here.
		assessments.saveAnswer(analyst, amended.assessment.id, first, { value: answer.value ?? null, na: false, assurance: 'claimed', note: '' }, 0, { as: 'staff' });
		supportEvidence(analyst, amended.assessment.id);
		assessments.submit(analyst, amended.assessment.id, { as: 'staff' });
		assessments.finalize(analyst, amended.assessment.id);
		const after = await GET(event(`/compare/details?c=${ids['Lumen Wallet']}&c=${ids['Halcyon Custody']}`, { 'if-none-match': before! }));
		expect(after.status).toBe(200);
		expect(after.headers.get('etag')).not.toBe(before);
	});

	it('refuses a bad or too short candidate list with 400 naming c', async () => {
		const { GET } = await import('../../src/routes/(app)/compare/details/+server');
		const status = async (path: string) => {
			try {
				await GET(event(path));
			} catch (err) {
				return `${(err as { status: number }).status} ${(err as { body: { message: string } }).body.message}`;
			}
			return 'answered';
		};
		expect(await status('/compare/details?c=x')).toMatch(/^400 c: /);
		expect(await status(`/compare/details?c=${ids['Lumen Wallet']}`)).toBe('400 c: choose at least 2 platforms to compare.');
		expect(await status(`/compare/details?c=${ids['Lumen Wallet']}&c=${ids['Fernhill Restaking Protocol']}`)).toMatch(/^400 c: Fernhill Restaking Protocol has no final assessment/);
	});
});
