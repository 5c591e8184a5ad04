import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import * as platforms from '../../src/lib/server/platforms';
import * as users from '../../src/lib/server/auth/users';
import { platformInput } from '../../src/lib/validation/platforms';
import { actions as platformActions } from '../../src/routes/(app)/platforms/[id]/+page.server';
import { actions as newPlatform } from '../../src/routes/(app)/platforms/new/+page.server';
import { useTempDatabase } from '../helpers/database';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };
const make = (name: string, extra: Record<string, string> = {}) => {
	const parsed = platformInput.parse({ name, kind: 'exchange', status: 'prospect', ...extra });
	return platforms.create(analyst, parsed);
};

function finalWith(platformId: number, answers: Record<string, string | number>) {
	const a = assessments.create(analyst, { platformId, templateKey: 'ci-dd', templateVersion: '1.0.0', assessorIds: [], dueDate: null });
	for (const [q, value] of Object.entries(answers)) assessments.saveAnswer(analyst, a.assessment.id, q, { value, na: false, assurance: 'verified', note: 'Seen in the records.' }, 0, { as: 'staff' });
	assessments.submit(analyst, a.assessment.id, { as: 'staff' });
	supportEvidence(analyst, a.assessment.id);
	assessments.finalize(analyst, a.assessment.id);
	return assessments.mustGet(a.assessment.id);
}

describe('platform input', () => {
	it('splits comma-separated lists and checks the website', () => {
		expect(platformInput.parse({ name: ' Acme ', kind: 'custodian', status: 'approved', tags: 'mpc, tier-1, mpc,', website: '' })).toMatchObject({ name: 'Acme', tags: ['mpc', 'tier-1'] });
		const bad = platformInput.safeParse({ name: '', kind: 'bank', status: 'approved', website: 'javascript:alert(1)' });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['name', 'kind', 'website']));
	});

	// Issue 8 (fuzzing) found NUL, bidi overrides and files accepted in these fields.
	it('refuses NUL and text-direction overrides in every text field, naming it, and keeps right-to-left names', () => {
		const problems = (fields: Record<string, string>) => {
			const r = platformInput.safeParse({ name: 'Acme', kind: 'exchange', status: 'prospect', ...fields });
			return r.success ? [] : r.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
		};
		expect(problems({ name: 'Acme \u202Egnp.exe' })).toEqual(['name: A name cannot contain control characters (such as NUL, tabs or line breaks), text-direction overrides (U+202A–U+202E, U+2066–U+2069) or broken characters (lone UTF-16 surrogates).']);
		expect(problems({ name: 'Ac\u0000me' })).toEqual([expect.stringMatching(/^name: A name cannot contain/)]);
		expect(problems({ name: 'Acme	Custody' })).toEqual([expect.stringMatching(/^name: A name cannot contain/)]);
		expect(problems({ tags: 'mpc, tier\u20661' })).toEqual([expect.stringMatching(/^tags: A tag cannot contain/)]);
		expect(problems({ jurisdictions: 'EU, Cay\u0000man' })).toEqual([expect.stringMatching(/^jurisdictions: A jurisdiction cannot contain/)]);
		expect(problems({ website: 'https://acme.example/\u202Efdp.exe' })).toEqual([expect.stringMatching(/^website: A web address cannot contain/)]);
		expect(problems({ description: 'Custody\u0000' })).toEqual([expect.stringMatching(/^description: A description cannot contain/)]);
		// Half a surrogate pair (JSON's "\ud800", or a direct call) is no character at all.
		expect(problems({ name: 'Acme \uD800' })).toEqual([expect.stringMatching(/^name: A name cannot contain .*lone UTF-16 surrogates/)]);
		expect(problems({ tags: 'mpc, tier\uDC00' })).toEqual([expect.stringMatching(/^tags: A tag cannot contain/)]);
		expect(problems({ jurisdictions: 'EU, \uDBFF' })).toEqual([expect.stringMatching(/^jurisdictions: A jurisdiction cannot contain/)]);
		expect(problems({ website: 'https://acme.example/\uD800' })).toEqual([expect.stringMatching(/^website: A web address cannot contain/)]);
		expect(problems({ description: 'Custody \uDFFF' })).toEqual([expect.stringMatching(/^description: A description cannot contain/)]);
		expect(problems({ name: 'شركة الحفظ الآمن', tags: 'בדיקה, custody', description: 'Line one\nLine two' })).toEqual([]);
		expect(problems({ name: 'Acme 🔐', description: 'Keys in 𝔥𝔰𝔪' })).toEqual([]);
	});
});

describe('platforms', () => {
	it('refuse a second platform with the same name, whatever its case', () => {
		make('Northwind');
		expect(() => make('NORTHWIND')).toThrow(/exists already/);
	});

	it('record what an update changed', () => {
		const p = make('Halcyon', { tags: 'mpc' });
		platforms.update(analyst, p.id, platformInput.parse({ name: 'Halcyon', kind: 'custodian', status: 'approved', tags: 'mpc' }), 1);
		const details = JSON.parse(listEvents({ action: 'platform.update' })[0].details);
		expect(Object.keys(details).sort()).toEqual(['kind', 'status']);
	});

	it('list with the latest final figures, filtered and sorted', () => {
		const strong = make('Strong Custody', { tags: 'tier-1' });
		const weak = make('Weak Perps');
		finalWith(strong.id, { 'hiring.in-person-id': 'yes', 'keys.grant-revoke': 'yes' });
		finalWith(weak.id, { 'hiring.in-person-id': 'no' });
		const all = platforms.list({ sort: 'score' });
		expect(all.total).toBe(4);
		expect(all.rows[0].name).toBe('Strong Custody');
		expect(all.rows.at(-1)!.score).toBeNull(); // never assessed: last
		expect(platforms.list({ q: 'tier-1' }).rows.map((r) => r.name)).toEqual(['Strong Custody']);
		expect(platforms.list({ knockouts: true }).rows.map((r) => r.name).sort()).toEqual(['Strong Custody', 'Weak Perps']);
		expect(platforms.list({ q: '%' }).total).toBe(0);
		expect(platforms.list({ pageSize: 1, page: 99 })).toMatchObject({ page: 4, pages: 4 });
		expect(platforms.list({ sort: 'bogus' as never }).rows[0].name).toBe('Halcyon');
	});
});

describe('the platform forms', () => {
	let locals: Locals;
	beforeAll(async () => {
		const u = await users.create({ id: null, label: 'cli' }, { email: 'forms@example.com', name: 'Forms Admin', role: 'admin', password: 'unrelated words for the forms admin' });
		locals = { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, respondent: null };
	});
	const valid = { name: 'Formed', kind: 'exchange', status: 'prospect' };

	it('refuse a file where text belongs and a field sent twice, saving nothing', async () => {
		const before = platforms.list({}).total;
		for (const form of [{ ...valid, description: new File(['x'], 'x.txt') }, { ...valid, status: ['prospect', 'approved'] }]) {
			const outcome = await outcomeOf(() => newPlatform.default(formEvent('/(app)/platforms/new', 'default', form, { locals }) as never));
			expect(outcome).toMatchObject({ kind: 'refused', label: 'fail 400', data: { errors: expect.any(Object) } });
		}
		expect(platforms.list({}).total).toBe(before);
	});

	it('start no assessment on a day that does not exist', async () => {
		const p = make('Due Dates');
		const start = (dueDate: string | string[]) =>
			outcomeOf(() => platformActions.start(formEvent('/(app)/platforms/[id]', 'start', { template: 'ci-dd@1.0.0', assessors: String(locals.user!.id), dueDate }, { locals, params: { id: String(p.id) } }) as never));
		for (const dueDate of ['2099-02-30', '2099-04-31', ['2099-01-05', '2099-01-05']]) {
			expect(await start(dueDate), JSON.stringify(dueDate)).toMatchObject({ kind: 'refused', data: { errors: { dueDate: expect.any(String) } } });
		}
		expect(assessments.listForPlatform(p.id)).toEqual([]);
		expect(await start('2099-02-28')).toMatchObject({ kind: 'accepted', label: 'redirect 303' });
	});
});
