// Findings leave Clearance as a clearance-findings/1 document or as CSV with
// the same columns, per platform and for the portfolio; statuses are the
// effective ones, and no cell of the CSV runs as a formula.
import { beforeAll, describe, expect, it } from 'vitest';
import * as platforms from '../../src/lib/server/platforms';
import * as users from '../../src/lib/server/auth/users';
import { FINDINGS_CSV_HEADER, findingsFilter, listFindings } from '../../src/lib/server/findings';
import { GET as portfolioExport } from '../../src/routes/(app)/findings/export/[format]/+server';
import { GET as platformExport } from '../../src/routes/(app)/platforms/[id]/findings/export/[format]/+server';
import { useTempDatabase } from '../helpers/database';
import { addFinding } from '../helpers/findings-rows';
import { loadEvent, outcomeOf, type Locals } from '../helpers/request-event';

useTempDatabase();
const cli = { id: null, label: 'cli' };
let viewer: Locals;
const ids: Record<string, number> = {};
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
	const u = await users.create(cli, { email: 'reader@example.com', name: 'Reader', role: 'committee', password: 'a long enough passphrase' });
	viewer = { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, respondent: null };
	for (const name of ['Alpha', 'Bravo']) ids[name] = platforms.create(cli, { name, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' }).id;
	ids.lapsed = addFinding({ platformId: ids.Alpha, title: 'Accepted, acceptance ended', status: 'accepted', acceptanceExpiresOn: later(-3), dueOn: later(-10), severity: 'critical', questions: ['keys.ceremony'] });
	ids.formula = addFinding({ platformId: ids.Alpha, title: '=HYPERLINK("https://evil.example")', ownerName: '@owner', ownerEmail: 'owner@alpha.example' });
	ids.bravo = addFinding({ platformId: ids.Bravo, title: 'Bravo only', status: 'verified', severity: 'low' });
});

async function download(route: 'portfolio' | 'platform', format: string, platformId?: number) {
	const common = { locals: viewer, params: { format, ...(platformId ? { id: String(platformId) } : {}) }, path: route === 'portfolio' ? `/findings/export/${format}` : `/platforms/${platformId}/findings/export/${format}` };
	const event = loadEvent(route === 'portfolio' ? '/(app)/findings/export/[format]' : '/(app)/platforms/[id]/findings/export/[format]', common);
	return (route === 'portfolio' ? portfolioExport : platformExport)(event as never) as Response;
}

describe('the findings exports', () => {
	it('describe the portfolio as a clearance-findings/1 document, an acceptance past its expiry read as open and overdue', async () => {
		const doc = await (await download('portfolio', 'json')).json();
		expect(doc.format).toBe('clearance-findings/1');
		expect(doc.scope).toEqual({ portfolio: true });
		expect(Date.parse(doc.generatedAt)).not.toBeNaN();
		expect(doc.findings.map((f: { id: number }) => f.id)).toEqual([ids.lapsed, ids.formula, ids.bravo]);
		expect(doc.findings[0]).toMatchObject({
			platform: { id: ids.Alpha, name: 'Alpha' },
			questions: ['keys.ceremony'],
			severity: 'critical',
			status: 'accepted',
			effectiveStatus: 'open',
			overdue: true,
			acceptance: { expiresOn: later(-3) },
			history: { steps: 1, last: { kind: 'created' } }
		});
	});

	it('keep to one platform on its route, and answer 404 for a platform that does not exist or a format that is not offered', async () => {
		const doc = await (await download('platform', 'json', ids.Bravo)).json();
		expect([doc.scope, doc.findings.map((f: { id: number }) => f.id)]).toEqual([{ platformId: ids.Bravo, platform: 'Bravo' }, [ids.bravo]]);
		expect(await outcomeOf(() => download('platform', 'json', 999_999))).toMatchObject({ kind: 'refused', label: 'error 404' });
		expect(await outcomeOf(() => download('portfolio', 'xml'))).toMatchObject({ kind: 'refused', label: 'error 404' });
	});

	it('give CSV the document’s columns, with no cell that a spreadsheet would run as a formula', async () => {
		const text = await (await download('platform', 'csv', ids.Alpha)).text();
		const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
		expect(lines[0]).toBe(FINDINGS_CSV_HEADER.map((h) => `"${h}"`).join(','));
		expect(lines).toHaveLength(3);
		expect(text).toContain(`"'=HYPERLINK(""https://evil.example"")"`);
		expect(text).toContain(`"'@owner"`);
		expect(text).not.toMatch(/(^|,)"[=+@]/m);
	});
});

describe('the findings list', () => {
	it('filters by effective status, severity, overdue and platform, and drops a filter it does not know', () => {
		const ids_ = (q: string) => listFindings(findingsFilter(new URLSearchParams(q)), 1).rows.map((r) => r.id);
		expect(ids_('status=open')).toEqual([ids.lapsed, ids.formula]);
		expect(ids_('status=accepted')).toEqual([]);
		expect(ids_('overdue=1')).toEqual([ids.lapsed]);
		expect(ids_(`platform=${ids.Bravo}`)).toEqual([ids.bravo]);
		expect(ids_('severity=low&status=owed')).toEqual([]);
		expect(ids_('status=<script>&severity=__proto__').sort()).toEqual([ids.lapsed, ids.formula, ids.bravo].sort());
	});
});
