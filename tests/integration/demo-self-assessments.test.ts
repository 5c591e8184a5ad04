import { describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { seedPortfolio } from '../../src/lib/server/demo/portfolio';
import * as invitations from '../../src/lib/server/invitations';
import * as platforms from '../../src/lib/server/platforms';
import { useTempDatabase } from '../helpers/database';

useTempDatabase();

describe('the demo’s self-assessments', () => {
	it('show a verified one with its trust gap, one in verification, and an open link that works', async () => {
		const seeded = await seedPortfolio({ analystId: null, analystLabel: 'cli', selfAssessments: true });
		const selfOf = (name: string) => {
			const p = platforms.list({ q: name, pageSize: 5 }).rows.find((r) => r.name === name)!;
			const row = assessments.listForPlatform(p.id).find((a) => a.origin === 'self')!;
			return assessments.get(row.id)!;
		};

		const final = selfOf('Tessellate Market Making');
		expect(final.assessment.state).toBe('final');
		const gap = assessments.trustGapOf(final);
		// The platform painted itself rosier than the evidence: a positive gap, stored both ways.
		expect(gap.overall.gap!).toBeGreaterThan(5);
		expect(final.result!.claimedResult!.overall.score).toBeCloseTo(gap.overall.claimed!, 9);
		expect(final.result!.result.overall.score).toBeCloseTo(gap.overall.verified!, 9);
		const decisions = Object.values(final.verifications);
		expect(decisions.filter((v) => v.decision === 'accepted').length).toBeGreaterThan(decisions.filter((v) => v.decision === 'adjusted').length);
		expect(decisions.filter((v) => v.decision === 'adjusted').every((v) => v.rationale.length > 20)).toBe(true);

		const half = selfOf('Bastion Prime Brokerage');
		expect(half.assessment.state).toBe('in_review');
		expect(half.verifications['keys.keyholder-background'].decision).toBe('clarification');

		expect(seeded.openLinkPath).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
		const r = invitations.redeem(seeded.openLinkPath!.slice('/invite/'.length), '203.0.113.9');
		expect(r.ok).toBe(true);
	});
});
