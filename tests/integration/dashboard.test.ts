import { describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { dashboard, DUE_SHOWN } from '../../src/lib/server/dashboard';
import { handle } from '../../src/lib/server/db/index';
import { seedPortfolio } from '../../src/lib/server/demo/portfolio';
import * as platforms from '../../src/lib/server/platforms';
import { platformInput } from '../../src/lib/validation/platforms';
import { useTempDatabase } from '../helpers/database';
import { supportEvidence } from '../helpers/evidence';

const analyst = { id: null, label: 'analyst@example.com' };

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
		// The most urgent DUE_SHOWN of them, with the count of all.
		const urgent = due.sort((a, b) => a.validUntil!.localeCompare(b.validUntil!) || a.name.toLowerCase().localeCompare(b.name.toLowerCase())).slice(0, DUE_SHOWN);
		expect(d.due.map((r) => r.assessmentId)).toEqual(urgent.map((p) => p.assessmentId));
		expect(d.dueCount).toBe(due.length);
		for (const r of d.due) expect(r.overdue).toBe(r.validUntil < today);

		// The demo's self-assessments: one open link, one submitted for verification; the final one is done.
		expect(d.invitations.map((i) => [i.platform, i.status]).sort()).toEqual([
			['Bastion Prime Brokerage', 'submitted'],
			['Fernhill Restaking Protocol', 'pending']
		]);

		// Knock-outs: the newest finals that triggered any, each named by its question's prompt, not its id.
		expect(d.knockouts.length).toBeGreaterThan(0);
		for (const k of d.knockouts) {
			const detail = assessments.get(k.assessmentId)!;
			const stored = detail.result!.result;
			expect(k.knockouts.map((x) => x.id)).toEqual(stored.knockouts.map((x) => x.question));
			const prompts = new Map(detail.template.doc.sections.flatMap((s) => s.questions.map((q) => [q.id, q.prompt])));
			for (const x of k.knockouts) expect([x.prompt, x.prompt === x.id]).toEqual([prompts.get(x.id), false]);
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

	it('shows the most urgent reassessments and counts them all', () => {
		// More assessed platforms than the dashboard shows, each finalised on one answer.
		for (let i = 0; i < DUE_SHOWN; i++) {
			const { id: platformId } = platforms.create(analyst, platformInput.parse({ name: `Due Platform ${i}`, kind: 'exchange', status: 'prospect' }));
			const a = assessments.create(analyst, { platformId, templateKey: 'ci-dd', templateVersion: '1.0.0', assessorIds: [], dueDate: null });
			assessments.saveAnswer(analyst, a.assessment.id, 'governance.threat-model', { value: 'yearly', na: false, assurance: 'verified', note: 'Saw the threat model reviewed in the board minutes.' }, 0, { as: 'staff' });
			assessments.submit(analyst, a.assessment.id, { as: 'staff' });
			supportEvidence(analyst, a.assessment.id);
			assessments.finalize(analyst, a.assessment.id, { validUntil: `2027-0${1 + (i % 9)}-15` });
		}
		// Decades on, every latest final is overdue.
		const later = Date.parse('2100-01-01T00:00:00Z');
		const assessed = platforms.list({ pageSize: 200 }).rows.filter((p) => p.validUntil !== null);
		expect(assessed.length).toBeGreaterThan(DUE_SHOWN);
		const d = dashboard(later);
		expect(d.dueCount).toBe(assessed.length);
		expect(d.due).toHaveLength(DUE_SHOWN);
		expect(d.due.every((r) => r.overdue)).toBe(true);
		const dates = d.due.map((r) => r.validUntil);
		expect([...dates].sort()).toEqual(dates);
		// None left out is more urgent than one shown.
		const shown = new Set(d.due.map((r) => r.assessmentId));
		for (const left of assessed.filter((p) => !shown.has(p.assessmentId!))) expect(left.validUntil! >= dates.at(-1)!).toBe(true);
	});
});
