import { describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { dashboard } from '../../src/lib/server/dashboard';
import { handle } from '../../src/lib/server/db/index';
import { seedPortfolio } from '../../src/lib/server/demo-portfolio';
import * as platforms from '../../src/lib/server/platforms';
import { useTempDatabase } from '../helpers/database';

useTempDatabase();

describe('the dashboard', () => {
	it('reads the portfolio from stored snapshots: grades, pipeline, due dates, invitations, knock-outs, activity', async () => {
		await seedPortfolio({ analystId: null, analystLabel: 'cli', selfAssessments: true });
		const d = dashboard();
		const list = platforms.list({ pageSize: 200 }).rows;
		expect(d.platforms).toBe(list.length);

		// Grades agree with the platform list, which reads the same snapshots.
		const expected = new Map<string | null, number>();
		for (const p of list) expected.set(p.grade, (expected.get(p.grade) ?? 0) + 1);
		expect(new Map(d.byGrade.map((g) => [g.grade, g.count]))).toEqual(expected);
		expect(d.byStatus.reduce((n, s) => n + s.count, 0)).toBe(list.length);

		// Due: exactly the latest finals valid until within 60 days, overdue ones marked.
		const horizon = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
		const today = new Date().toISOString().slice(0, 10);
		const due = list.filter((p) => p.validUntil !== null && p.validUntil <= horizon);
		expect(d.due.map((r) => r.assessmentId).sort()).toEqual(due.map((p) => p.assessmentId).sort());
		for (const r of d.due) expect(r.overdue).toBe(r.validUntil < today);

		// The demo's self-assessments: one open link, one submitted for verification; the final one is done.
		expect(d.invitations.map((i) => [i.platform, i.status]).sort()).toEqual([
			['Bastion Prime Brokerage', 'submitted'],
			['Fernhill Restaking Protocol', 'pending']
		]);

		// Knock-outs: the newest finals that triggered any, each named.
		expect(d.knockouts.length).toBeGreaterThan(0);
		for (const k of d.knockouts) {
			const stored = assessments.get(k.assessmentId)!.result!.result;
			expect(k.knockouts.map((x) => x.question)).toEqual(stored.knockouts.map((x) => x.question));
		}
		const finalisedAt = d.knockouts.map((k) => k.finalizedAt);
		expect([...finalisedAt].sort((a, b) => b - a)).toEqual(finalisedAt);

		// Activity: newest first, each linked to what it was about.
		expect(d.activity.length).toBe(15);
		expect(d.activity[0].seq).toBeGreaterThan(d.activity[14].seq);
		for (const e of d.activity) expect(e.subject?.href).toMatch(/^\/(platforms|assessments)\/\d+$/);
	});

	it('leaves expired, unsubmitted links and revoked ones off the list', () => {
		const before = dashboard().invitations.length;
		handle().sqlite.prepare(`UPDATE invitations SET expires_at = 1 WHERE submitted_at IS NULL`).run();
		expect(dashboard().invitations.length).toBe(before - 1);
	});
});
