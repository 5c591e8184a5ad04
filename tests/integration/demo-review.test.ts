import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/lib/server/demo';
import * as reviews from '../../src/lib/server/reviews';
import * as users from '../../src/lib/server/auth/users';
import { useTempDatabase } from '../helpers/database';

useTempDatabase();

describe('the demo’s committee review', () => {
	it('is open, chaired by the analyst, with the committee member sitting and one vote cast, and is seeded once', async () => {
		process.env.DEMO_PASSWORD = 'demo-review-test-passphrase';
		await seedDemo();
		await seedDemo();
		const committee = users.findByEmail('committee@clearance.demo')!;
		const analyst = users.findByEmail('analyst@clearance.demo')!;
		// The open review, and the decided one that shows conditions (demo-conditions.test.ts).
		const seen = reviews.list({ id: committee.id, role: committee.role }).filter((r) => r.title === 'Custodian shortlist for the 2027 allocation');
		expect(seen).toHaveLength(1);
		const detail = reviews.get({ id: committee.id, role: committee.role }, seen[0].id)!;
		expect(detail.status).toBe('open');
		expect(detail.chair.id).toBe(analyst.id);
		expect(detail.isMember).toBe(true);
		expect(detail.isChair).toBe(false);
		expect(detail.candidates.map((c) => c.platform.name)).toEqual(['Northwind Digital Exchange', 'Halcyon Custody', 'Tessellate Market Making']);
		expect(detail.candidates.every((c) => c.intact && /^[0-9a-f]{64}$/.test(c.resultSha256))).toBe(true);
		// The chair's vote is in, but sealed: the member has not voted yet, so only the ballot is sent.
		expect(detail.votes).toHaveLength(0);
		expect(detail.ballots).toEqual([{ candidateId: detail.candidates[0].id, userId: analyst.id }]);
		const chairs = reviews.get({ id: analyst.id, role: analyst.role }, seen[0].id)!;
		expect(chairs.votes).toHaveLength(1);
		expect(chairs.votes[0]).toMatchObject({ userId: analyst.id, outcome: 'approve' });
	});
});
