import { describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import * as platforms from '../../src/lib/server/platforms';
import { platformInput } from '../../src/lib/validation/platforms';
import { useTempDatabase } from '../helpers/database';

useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };
const make = (name: string, extra: Record<string, string> = {}) => {
	const parsed = platformInput.parse({ name, kind: 'exchange', status: 'prospect', ...extra });
	return platforms.create(analyst, parsed);
};

function finalWith(platformId: number, answers: Record<string, string | number>) {
	const a = assessments.create(analyst, { platformId, templateKey: 'ci-dd', assessorIds: [], dueDate: null });
	for (const [q, value] of Object.entries(answers)) assessments.saveAnswer(analyst, a.assessment.id, q, { value, na: false, assurance: 'verified', note: '' }, 0);
	assessments.submit(analyst, a.assessment.id);
	return assessments.finalize(analyst, a.assessment.id);
}

describe('platform input', () => {
	it('splits comma-separated lists and checks the website', () => {
		expect(platformInput.parse({ name: ' Acme ', kind: 'custodian', status: 'approved', tags: 'mpc, tier-1, mpc,', website: '' })).toMatchObject({ name: 'Acme', tags: ['mpc', 'tier-1'] });
		const bad = platformInput.safeParse({ name: '', kind: 'bank', status: 'approved', website: 'javascript:alert(1)' });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['name', 'kind', 'website']));
	});
});

describe('platforms', () => {
	it('refuse a second platform with the same name, whatever its case', () => {
		make('Northwind');
		expect(() => make('NORTHWIND')).toThrow(/exists already/);
	});

	it('record what an update changed', () => {
		const p = make('Halcyon', { tags: 'mpc' });
		platforms.update(analyst, p.id, platformInput.parse({ name: 'Halcyon', kind: 'custodian', status: 'approved', tags: 'mpc' }));
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
