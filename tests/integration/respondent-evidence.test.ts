// Issue 20: a platform answering its self-assessment gives links as evidence,
// not only files. A link is checked (web addresses only, bounded, no
// credentials), stored and audited as the platform's, and reaches the
// analyst's verification and report; the server never fetches it.
import { describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import * as templates from '../../src/lib/server/templates';
import { actions, load } from '../../src/routes/invite/+page.server';
import { useTempDatabase } from '../helpers/database';
import { formEvent, loadEvent, outcomeOf } from '../helpers/request-event';
import { openedSelfAssessment } from '../helpers/self-assessment';

useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };

const TEMPLATE = {
	format: 'clearance-template/1',
	key: 'links',
	version: '1.0.0',
	title: 'Links',
	sections: [
		{
			id: 'a',
			title: 'Section A',
			weight: 100,
			questions: [
				{ id: 'a1', prompt: 'Is there a written hiring policy?', type: 'yes_no', evidence: 'required' },
				{ id: 'a2', prompt: 'Are contractors vetted?', type: 'yes_no', evidence: 'none' }
			]
		}
	]
};

let imported = false;
function selfAssessment() {
	if (!imported) {
		templates.importDocument(analyst, TEMPLATE, { publish: true });
		imported = true;
	}
	return openedSelfAssessment(analyst, 'links');
}
type Self = ReturnType<typeof selfAssessment>;

function addLink(s: Self, fields: Record<string, string>) {
	const event = formEvent('/invite', 'addLink', { questionId: 'a1', ...fields }, { locals: { user: null, session: null, respondent: s.ctx() }, path: '/invite' });
	return outcomeOf(() => actions.addLink(event as never));
}
const linksOf = (s: Self) => assessments.get(s.id)!.evidence.filter((e) => e.kind === 'link');

describe('a link given by the platform', () => {
	it('is stored as given, audited as the platform’s, and shown on its page', async () => {
		const s = selfAssessment();
		const url = 'https://platform.example/policies/hiring.pdf?v=3#page=2';
		const outcome = await addLink(s, { url: `  ${url} `, label: 'Hiring policy' });
		expect(outcome.kind).toBe('accepted');
		expect(linksOf(s)).toMatchObject([{ questionId: 'a1', url, label: 'Hiring policy', sha256: null, filename: null }]);
		const event = listEvents({ action: 'evidence.add_link' }).find((e) => e.entityId === String(s.id))!;
		expect(event.actor).toContain(`respondent:${s.invitation.id}`);
		expect(JSON.parse(event.details)).toMatchObject({ question: 'a1', url, label: 'Hiring policy' });
		const data = (await load(loadEvent('/invite', { locals: { user: null, session: null, respondent: s.ctx() }, path: '/invite' }) as never)) as { evidence: Array<{ url: string | null }> };
		expect(data.evidence.map((e) => e.url)).toEqual([url]);
	});

	it('may be plain http, which some platforms still serve their documents over', async () => {
		const s = selfAssessment();
		expect((await addLink(s, { url: 'http://docs.platform.example/soc2', label: '' })).kind).toBe('accepted');
		expect(linksOf(s)[0]).toMatchObject({ url: 'http://docs.platform.example/soc2', label: null });
	});

	const refusals: Array<[string, Record<string, string>, string, RegExp]> = [
		['an empty link', { url: '' }, 'url', /Enter the link/],
		['a javascript: address', { url: 'javascript:alert(1)' }, 'url', /web link starting with https/],
		['a data: address', { url: 'data:text/html,<script>alert(1)</script>' }, 'url', /web link starting with https/],
		['a file: address', { url: 'file:///etc/passwd' }, 'url', /web link starting with https/],
		['no scheme', { url: 'platform.example/policy' }, 'url', /whole link/],
		['a host no analyst can reach', { url: 'https://intranet/policy' }, 'url', /public web address/],
		['a user name disguising the host', { url: 'https://bank.example@evil.example/login' }, 'url', /user name or password/],
		['a space inside', { url: 'https://platform.example/my policy.pdf' }, 'url', /spaces/],
		['a text-direction override', { url: 'https://platform.example/\u202Efdp.exe' }, 'url', /control characters/],
		['a link over 2,000 characters', { url: `https://platform.example/${'a'.repeat(2000)}` }, 'url', /at most 2,000 characters/],
		['a label over 200 characters', { url: 'https://platform.example/ok', label: 'x'.repeat(201) }, 'label', /at most 200 characters/],
		['a label with a line break', { url: 'https://platform.example/ok', label: 'two\nlines' }, 'label', /control characters/]
	];
	for (const [what, fields, field, message] of refusals) {
		it(`is refused for ${what}, naming the field, and nothing is stored`, async () => {
			const s = selfAssessment();
			const outcome = await addLink(s, { label: '', ...fields });
			expect(outcome.label).toBe('fail 400');
			expect(outcome.data).toMatchObject({ action: 'addLink', questionId: 'a1', field });
			expect(outcome.detail).toMatch(message);
			expect(linksOf(s)).toEqual([]);
		});
	}

	it('is refused for a question of another questionnaire, and nothing is stored', async () => {
		const s = selfAssessment();
		const outcome = await addLink(s, { questionId: 'hiring.in-person-id', url: 'https://platform.example/x', label: '' });
		expect(outcome.label).toBe('fail 400');
		expect(outcome.data).toMatchObject({ field: 'questionId' });
		expect(linksOf(s)).toEqual([]);
	});

	it('is refused when a field is sent twice, and nothing is stored', async () => {
		const s = selfAssessment();
		const form = new FormData();
		form.append('questionId', 'a1');
		form.append('url', 'https://platform.example/one');
		form.append('url', 'https://evil.example/two');
		const event = formEvent('/invite', 'addLink', form, { locals: { user: null, session: null, respondent: s.ctx() }, path: '/invite' });
		const outcome = await outcomeOf(() => actions.addLink(event as never));
		expect(outcome.label).toBe('fail 400');
		expect(outcome.data).toMatchObject({ field: 'url' });
		expect(linksOf(s)).toEqual([]);
	});
});
