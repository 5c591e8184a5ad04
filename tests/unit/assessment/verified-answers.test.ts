import { describe, expect, it } from 'vitest';
import { openQuestions, openToRespondent, verificationProgress, verifiedAnswers, type VerificationView } from '../../../src/lib/assessments/verified-answers';
import type { AnswerSet, Template } from '../../../src/lib/scoring/index';

const template = {
	format: 'clearance-template/1',
	key: 't',
	version: '1.0.0',
	title: 'T',
	grades: [{ grade: 'A', min: 0 }],
	assurance: { claimed: 0.5, evidenced: 0.8, verified: 1 },
	sections: [
		{
			id: 's',
			weight: 1,
			questions: [
				// Ids that name Object.prototype members must still be looked up as questions.
				{ id: 'constructor', type: 'yes_no', weight: 1, allowNA: false, evidence: 'optional' },
				{ id: 'toString', type: 'yes_no', weight: 1, allowNA: true, evidence: 'optional' }
			]
		}
	]
} as Template;

const claims = (answers: AnswerSet['answers']): AnswerSet => ({ format: 'clearance-answers/1', template: { key: 't', version: '1.0.0' }, answers });
const decision = (questionId: string, d: Partial<VerificationView>): VerificationView => ({
	questionId,
	decision: 'accepted',
	value: null,
	na: false,
	rationale: '',
	comment: '',
	claimVersion: 1,
	answeredAt: null,
	decidedBy: null,
	decidedAt: 1,
	...d
});

describe('verified answers', () => {
	it('mark accepted claims and adjustments verified, and leave the rest as claimed', () => {
		const set = verifiedAnswers(claims({ constructor: { value: 'yes', assurance: 'claimed' as const }, toString: { value: 'yes', assurance: 'evidenced' as const } }), {
			constructor: decision('constructor', {}),
			toString: decision('toString', { decision: 'adjusted', na: true, rationale: 'Out of scope.' })
		});
		expect(set.answers.constructor).toEqual({ value: 'yes', assurance: 'verified' });
		expect(set.answers.toString).toEqual({ na: true, assurance: 'verified', note: 'Out of scope.' });
	});

	it('count an answered "constructor" question as undecided until decided', () => {
		const p = verificationProgress(template, claims(Object.assign(Object.create(null), { constructor: { value: 'yes' } })), {}, { constructor: 1 });
		expect(p).toMatchObject({ claimed: 1, undecided: ['constructor'], complete: false });
		const none = verificationProgress(template, claims(Object.create(null)), {}, {});
		expect(none).toMatchObject({ claimed: 0, undecided: [], complete: true });
	});

	it('treat a decision on an older claim version as stale', () => {
		const p = verificationProgress(template, claims({ constructor: { value: 'no' } }), { constructor: decision('constructor', { claimVersion: 1 }) }, { constructor: 2 });
		expect(p).toMatchObject({ stale: ['constructor'], complete: false });
	});

	it('count a question the platform has answered as waiting for a decision, not as open', () => {
		const asked = decision('constructor', { decision: 'clarification', comment: '?', answeredAt: 5 });
		const p = verificationProgress(template, claims({ constructor: { value: 'no' } }), { constructor: asked }, { constructor: 2 });
		expect(p).toMatchObject({ clarification: 0, answered: 1, undecided: ['constructor'], complete: false });
		expect(openToRespondent({ constructor: asked })).toBe('all');
		// A second round shows the platform only its new question, not the one it answered before.
		const again = decision('toString', { decision: 'clarification', comment: 'And this?' });
		expect(openQuestions({ constructor: asked, toString: again })).toEqual({ toString: 'And this?' });
	});

	it('open everything before the first submission, and only the questions asked about after', () => {
		expect(openToRespondent({})).toBe('all');
		expect(openToRespondent({ constructor: decision('constructor', { decision: 'clarification', comment: '?' }), toString: decision('toString', {}) })).toEqual(new Set(['constructor']));
	});
});
