// The demo shows findings at every stage (issue 21): what a new user opens
// after `npm run demo` must hold each one, told through the domain's own
// functions, and seeding twice must not tell it twice.
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/demo';
import { handle } from '../../src/lib/server/db/index';
import { dayOf, effectiveStatus, isOverdue, type FindingStatus } from '../../src/lib/findings/vocabulary';
import { useTempDatabase } from '../helpers/database';

useTempDatabase();

interface Row {
	id: number;
	platformId: number;
	status: FindingStatus;
	dueOn: string | null;
	acceptanceExpiresOn: string | null;
}

describe('the demo’s findings', () => {
	it('hold every stage: proposed, open and overdue, accepted until an expiry, sent, marked done, verified and dismissed; seeded once', async () => {
		process.env.DEMO_PASSWORD = 'demo-findings-test-passphrase';
		await seedDemo();
		await seedDemo();
		const { sqlite } = handle();
		const rows = sqlite
			.prepare('select id, platform_id as platformId, status, due_on as dueOn, acceptance_expires_on as acceptanceExpiresOn from findings')
			.all() as Row[];
		const today = dayOf(Date.now());
		const by = (status: FindingStatus) => rows.filter((r) => r.status === status);
		for (const status of ['proposed', 'open', 'sent', 'remediated', 'verified', 'accepted', 'dismissed'] as const) expect(by(status).length, status).toBeGreaterThan(0);
		expect(rows.some((r) => isOverdue(r, today)), 'one finding overdue').toBe(true);
		const accepted = by('accepted')[0];
		expect(accepted.acceptanceExpiresOn! > today).toBe(true);
		expect(effectiveStatus(accepted, today)).toBe('accepted');
		// One remediation request, its respondent's answers kept: a plan still open, one done, one verified with its evidence.
		expect(sqlite.prepare('select count(*) from remediation_requests').pluck().get()).toBe(1);
		expect(sqlite.prepare('select count(*) from finding_responses where done_at is not null').pluck().get()).toBe(2);
		expect(sqlite.prepare('select count(*) from finding_evidence').pluck().get()).toBe(2);
		// An approved-with-conditions decision with a condition still open.
		expect(sqlite.prepare("select count(*) from conditions where status = 'open'").pluck().get()).toBeGreaterThan(0);
		// Every step is in the findings' history.
		const kinds = sqlite.prepare('select distinct kind from finding_events').pluck().all();
		expect(kinds).toEqual(expect.arrayContaining(['proposed', 'confirmed', 'accepted', 'sent', 'responded', 'remediated', 'verified', 'dismissed']));
	});
});
