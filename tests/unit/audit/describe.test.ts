import { describe, expect, it } from 'vitest';
import { describeDetails, labelOf } from '../../../src/lib/audit/describe';

describe('audit details as readable fields', () => {
	it('labels each field and lists a vote change field by field, only what changed', () => {
		const details = JSON.stringify({ candidateId: 7, platform: 'Halcyon Custody', from: { outcome: 'approve', rationale: 'Strong.' }, to: { outcome: 'reject', rationale: 'Strong.' } });
		expect(describeDetails('review.vote', details)).toEqual([
			{ label: 'Candidate', value: '7' },
			{ label: 'Platform', value: 'Halcyon Custody' },
			{ label: 'Vote: Outcome', from: 'approve', to: 'reject' }
		]);
		// A first vote: nothing before it.
		expect(describeDetails('review.vote', JSON.stringify({ from: null, to: { outcome: 'approve' } }))).toEqual([{ label: 'Vote: Outcome', from: '—', to: 'approve' }]);
	});

	it('names a state or role change by what it changes, and a profile’s sections against the previous ones', () => {
		expect(describeDetails('assessment.submit', JSON.stringify({ from: 'draft', to: 'in_review', submittedBy: 3 }))).toEqual([
			{ label: 'State', from: 'draft', to: 'in_review' },
			{ label: 'Submitted by', value: '3' }
		]);
		expect(describeDetails('user.role_change', JSON.stringify({ email: 'a@x.io', from: 'analyst', to: 'admin', sessionsEnded: 2 }))[1]).toEqual({ label: 'Role', from: 'analyst', to: 'admin' });
		expect(describeDetails('profile.save', JSON.stringify({ template: 'ci-dd', sections: { hiring: 30, keys: 20 }, previous: { hiring: 20, keys: 20 } }))).toEqual([
			{ label: 'Template', value: 'ci-dd' },
			{ label: 'Sections: Hiring', from: '20', to: '30' }
		]);
	});

	it('shows a save of several answers, and links given together, as each one’s change, as if each had its own event', () => {
		const saved = JSON.stringify({
			answers: [
				{ question: 'keys.grant-revoke', version: 1, from: null, to: { value: '"yes"', na: false, assurance: 'claimed', note: null } },
				{ question: 'hiring.in-person-id', version: 3, from: { value: '"no"', na: false, assurance: 'claimed', note: null }, to: { value: '"yes"', na: false, assurance: 'evidenced', note: 'Seen.' } }
			]
		});
		expect(describeDetails('answer.save', saved)).toEqual([
			{ label: 'keys.grant-revoke (version 1): Value', from: '—', to: '"yes"' },
			{ label: 'keys.grant-revoke (version 1): Not applicable', from: '—', to: 'no' },
			{ label: 'keys.grant-revoke (version 1): Assurance', from: '—', to: 'claimed' },
			{ label: 'hiring.in-person-id (version 3): Value', from: '"no"', to: '"yes"' },
			{ label: 'hiring.in-person-id (version 3): Assurance', from: 'claimed', to: 'evidenced' },
			{ label: 'hiring.in-person-id (version 3): Note', from: '—', to: 'Seen.' }
		]);
		const links = JSON.stringify({ links: [{ question: 'keys.grant-revoke', evidenceId: 4, url: 'https://dr.example/a', label: 'Data room' }, { question: 'hiring.in-person-id', evidenceId: 5, url: 'https://dr.example/b', label: '' }] });
		expect(describeDetails('evidence.add_link', links)).toEqual([
			{ label: 'keys.grant-revoke', value: 'Data room: https://dr.example/a' },
			{ label: 'hiring.in-person-id', value: 'https://dr.example/b' }
		]);
	});

	it('never shows raw JSON: lists and objects read as text, and unparseable details as they are', () => {
		const fields = describeDetails('review.create', JSON.stringify({ members: [3, 4], weights: { hiring: 20 }, candidates: [{ platform: 'A', assessmentId: 1 }], seeded: true }));
		expect(fields).toEqual([
			{ label: 'Members', value: '3, 4' },
			{ label: 'Weights', value: 'Hiring: 20' },
			{ label: 'Candidates', value: '(Platform: A; Assessment: 1)' },
			{ label: 'Seeded', value: 'yes' }
		]);
		for (const f of fields) expect(f.value).not.toMatch(/[{}"]/);
		expect(describeDetails('x', 'not json')).toEqual([{ label: 'Details', value: 'not json' }]);
		expect([labelOf('sessionsEnded'), labelOf('ip'), labelOf('retry_after')]).toEqual(['Sessions ended', 'IP address', 'Retry after']);
	});
});
