import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import { handle } from '../../src/lib/server/db/index';
import * as invitations from '../../src/lib/server/invitations';
import * as platforms from '../../src/lib/server/platforms';
import * as templates from '../../src/lib/server/templates';
import * as verification from '../../src/lib/server/assessments/verification';
import { useTempDatabase } from '../helpers/database';
import { openedSelfAssessment } from '../helpers/self-assessment';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };

/**
 * Small enough to score by hand. Section "a" weighs 60 and "b" 40; a1 is a
 * knock-out (anything below yes caps the grade at D).
 */
const TEMPLATE = {
	format: 'clearance-template/1',
	key: 'tg',
	version: '1.0.0',
	title: 'Trust gap',
	sections: [
		{
			id: 'a',
			title: 'Section A',
			weight: 60,
			questions: [
				{ id: 'a1', prompt: 'Knock-out control?', type: 'yes_no', critical: { minScore: 1, capGrade: 'D' } },
				{ id: 'a2', prompt: 'Partial control?', type: 'yes_partial_no' }
			]
		},
		{
			id: 'b',
			title: 'Section B',
			weight: 40,
			questions: [
				{ id: 'b1', prompt: 'Maturity?', type: 'maturity', weight: 2 },
				{ id: 'b2', prompt: 'Another control?', type: 'yes_no', weight: 2 },
				{ id: 'b3', prompt: 'Anything else?', type: 'text' }
			]
		}
	]
};

beforeAll(() => {
	templates.importDocument(analyst, TEMPLATE, { publish: true });
});
const selfAssessment = () => openedSelfAssessment(analyst, 'tg');

describe('verifying a self-assessment', () => {
	it('waits for the platform to submit, and never touches an analyst assessment', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'accepted' })).toThrow(/has not submitted/);
		const p = platforms.create(analyst, { name: 'Analyst-only', kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
		const own = assessments.create(analyst, { platformId: p.id, templateKey: 'tg', assessorIds: [], dueDate: null });
		assessments.submit(analyst, own.assessment.id, { as: 'staff' });
		expect(() => verification.decide(analyst, own.assessment.id, 'a1', { decision: 'accepted' })).toThrow(/Only a platform’s self-assessment/);
	});

	it('adjusts only with a valid new value and a reason, and keeps the claim unchanged', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		invitations.submit(s.ctx());
		const claimBefore = assessments.get(s.id)!.answers.a1;
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'no', na: false, rationale: '  ' })).toThrow(/reason for the adjustment/);
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'maybe', na: false, rationale: 'x' })).toThrow();
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'yes', na: false, rationale: 'x' })).toThrow(/accept it instead/);
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'clarification', comment: '' })).toThrow(/question for the platform/);
		expect(() => verification.decide(analyst, s.id, 'zz', { decision: 'accepted' })).toThrow(/no question zz/);
		verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'no', na: false, rationale: 'The hiring log shows video-only interviews.' });
		const after = assessments.get(s.id)!;
		expect(after.answers.a1).toEqual(claimBefore);
		expect(after.verifications.a1).toMatchObject({ decision: 'adjusted', value: 'no', rationale: 'The hiring log shows video-only interviews.' });
		expect(assessments.answersDocument(after).answers.a1).toMatchObject({ value: 'no', assurance: 'verified' });
		expect(assessments.claimsDocument(after).answers.a1).toMatchObject({ value: 'yes', assurance: 'claimed' });
		const audit = listEvents({ action: 'verification.decide' }).find((e) => e.entityId === String(s.id))!;
		expect(JSON.parse(audit.details)).toMatchObject({ question: 'a1', to: { decision: 'adjusted', value: '"no"' } });
	});

	it('records several decisions together, or none when one is refused', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		s.answer('a2', 'partial');
		s.answer('b1', 3);
		invitations.submit(s.ctx());
		const events = () => listEvents({ action: 'verification.decide' }).filter((e) => e.entityId === String(s.id)).length;
		// The second is refused (no reason given): the first is not recorded either.
		expect(() =>
			verification.decideAll(analyst, s.id, [
				{ questionId: 'a1', input: { decision: 'accepted' } },
				{ questionId: 'a2', input: { decision: 'adjusted', value: 'no', na: false, rationale: '' } }
			])
		).toThrow(/reason for the adjustment/);
		expect(() =>
			verification.decideAll(analyst, s.id, [
				{ questionId: 'a1', input: { decision: 'accepted' } },
				{ questionId: 'a1', input: { decision: 'clarification', comment: 'Which?' } }
			])
		).toThrow(/a1 appears twice/);
		expect(assessments.get(s.id)!.verifications).toEqual({});
		expect(events()).toBe(0);
		verification.decideAll(analyst, s.id, [
			{ questionId: 'a1', input: { decision: 'accepted' } },
			{ questionId: 'a2', input: { decision: 'adjusted', value: 'no', na: false, rationale: 'Only one of two vaults is covered.' } },
			{ questionId: 'b1', input: { decision: 'clarification', comment: 'Who reviews the programme?' } }
		]);
		const after = assessments.get(s.id)!.verifications;
		expect([after.a1.decision, after.a2.decision, after.b1.decision]).toEqual(['accepted', 'adjusted', 'clarification']);
		// Each decision is its own audit event, as if decided one by one.
		expect(events()).toBe(3);
	});

	it('bulk-accepts a section without overriding decisions already made', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		s.answer('a2', 'partial');
		s.answer('b1', 3);
		invitations.submit(s.ctx());
		verification.decide(analyst, s.id, 'a1', { decision: 'clarification', comment: 'Show us the interview log.' });
		expect(verification.acceptSection(analyst, s.id, 'a')).toEqual({ accepted: 1, skipped: [] });
		const d = assessments.get(s.id)!;
		expect(d.verifications.a1.decision).toBe('clarification');
		expect(d.verifications.a2.decision).toBe('accepted');
		expect(d.verifications.b1).toBeUndefined();
		expect(() => verification.acceptSection(analyst, s.id, 'nope')).toThrow(/Unknown section/);
	});

	it('reopens only the questions asked about, and the re-submission returns them', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		s.answer('b2', 'yes');
		invitations.submit(s.ctx());
		expect(() => verification.requestClarification(analyst, s.id)).toThrow(/no new question/);
		verification.decide(analyst, s.id, 'b2', { decision: 'clarification', comment: 'Which teams does this cover?' });
		expect(() => assessments.finalize(analyst, s.id)).toThrow(/awaits clarification/);
		expect(() => assessments.reopen(analyst, s.id)).toThrow(/ask for clarification/);
		expect(verification.requestClarification(analyst, s.id)).toEqual({ questions: ['b2'], linkUsable: true });
		expect(s.ctx().status).toBe('opened');
		expect(assessments.get(s.id)!.assessment.state).toBe('draft');
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'accepted' })).toThrow(/has not submitted/);
		s.answer('b2', 'no');
		invitations.submit(s.ctx());
		expect(assessments.get(s.id)!.assessment.state).toBe('in_review');
		expect(s.ctx().status).toBe('submitted');
		// Answered: it waits for a decision, and is not sent again.
		expect(assessments.get(s.id)!.verifications.b2.answeredAt).not.toBeNull();
		expect(() => verification.requestClarification(analyst, s.id)).toThrow(/no new question/);
		expect(() => assessments.finalize(analyst, s.id)).toThrow(/not verified yet/);
		verification.decide(analyst, s.id, 'b2', { decision: 'accepted' });
		// The question asked stays on record beside the decision.
		expect(assessments.get(s.id)!.verifications.b2).toMatchObject({ decision: 'accepted', comment: 'Which teams does this cover?', answeredAt: null });
		expect(listEvents({ action: 'assessment.clarification_requested' }).some((e) => e.entityId === String(s.id))).toBe(true);
	});

	it('computes the trust gap by hand, flags the overclaimed knock-out, and finalises keeping both figures', () => {
		const s = selfAssessment();
		// The platform claims everything: a1 yes, a2 yes, b1 maturity 4, b2 yes.
		s.answer('a1', 'yes');
		s.answer('a2', 'yes');
		s.answer('b1', 4);
		s.answer('b2', 'yes');
		invitations.submit(s.ctx());
		verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'no', na: false, rationale: 'No evidence of the control.' });
		verification.decide(analyst, s.id, 'a2', { decision: 'accepted' });
		verification.decide(analyst, s.id, 'b1', { decision: 'adjusted', value: 2, na: false, rationale: 'Ad hoc, not managed.' });
		verification.decide(analyst, s.id, 'b2', { decision: 'clarification', comment: 'Is this really in place?' });
		verification.requestClarification(analyst, s.id);
		s.answer('b2', 'no'); // the platform corrects its own claim
		invitations.submit(s.ctx());
		expect(() => assessments.finalize(analyst, s.id)).toThrow(/1 of the platform's answers is not verified yet/);
		verification.decide(analyst, s.id, 'b2', { decision: 'accepted' });

		// Claimed:  A = (1·1 + 1·1)/2 = 100;  B = (2·0.8 + 2·0)/4 = 40;  overall = (60·100 + 40·40)/100 = 76.
		// Verified: A = (1·0 + 1·1)/2 = 50;   B = (2·0.4 + 2·0)/4 = 20;  overall = (60·50 + 40·20)/100 = 38.
		const gap = assessments.trustGapOf(assessments.get(s.id)!);
		expect(gap.overall.claimed).toBeCloseTo(76, 9);
		expect(gap.overall.verified).toBeCloseTo(38, 9);
		expect(gap.overall.gap).toBeCloseTo(38, 9);
		expect(gap.sections.map((x) => [x.id, x.claimed, x.verified, x.gap])).toEqual([
			['a', 100, 50, 50],
			['b', expect.closeTo(40, 9), expect.closeTo(20, 9), expect.closeTo(20, 9)]
		]);
		expect(gap.overclaims).toEqual([{ question: 'a1', section: 'a', prompt: 'Knock-out control?', capGrade: 'D', claimedR: 1, verifiedR: 0, triggers: true }]);
		expect([gap.overall.claimedGrade, gap.overall.verifiedGrade]).toEqual(['B', 'F']);

		supportEvidence(analyst, s.id);
		assessments.finalize(analyst, s.id);
		const final = assessments.mustGet(s.id);
		expect(final.result!.result.overall.score).toBeCloseTo(38, 9);
		expect(final.result!.claimedResult!.overall.score).toBeCloseTo(76, 9);
		const row = handle().sqlite.prepare('SELECT score, claimed_score FROM assessment_results WHERE assessment_id = ?').get(s.id) as { score: number; claimed_score: number };
		expect(row.claimed_score).toBeCloseTo(76, 9);
		expect(row.score).toBeCloseTo(38, 9);
		// The final snapshot equals the trust gap recomputed from the frozen rows.
		expect(assessments.recompute(analyst, s.id).changed).toBe(false);
		// Frozen: neither the module nor a direct write changes a decision now.
		expect(() => verification.decide(analyst, s.id, 'a2', { decision: 'accepted' })).toThrow(/final and locked/);
		expect(() => handle().sqlite.prepare(`UPDATE verifications SET decision = 'accepted' WHERE assessment_id = ?`).run(s.id)).toThrow(/final assessment cannot be changed/);
	});

	it('refuses to finalise while answers are undecided, and an amendment starts from the verified answers', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		s.answer('a2', 'yes');
		invitations.submit(s.ctx());
		verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'no', na: false, rationale: 'Not in place.' });
		expect(() => assessments.finalize(analyst, s.id)).toThrow(/1 of the platform's answers is not verified/);
		verification.acceptSection(analyst, s.id, 'a');
		supportEvidence(analyst, s.id);
		assessments.finalize(analyst, s.id);
		const amended = assessments.amend(analyst, s.id);
		expect(amended.assessment.origin).toBe('analyst');
		expect(amended.answers.a1).toMatchObject({ value: 'no', assurance: 'verified' });
		expect(amended.answers.a2).toMatchObject({ value: 'yes', assurance: 'verified' });
	});

	it('refuses a decision made on a stale page, and accepting what the platform never answered', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		invitations.submit(s.ctx());
		expect(() => verification.decide(analyst, s.id, 'a2', { decision: 'accepted' })).toThrow(/nothing to accept/);
		const basis = { claimVersion: 1, decidedAt: 0 };
		verification.decide(analyst, s.id, 'a1', { decision: 'accepted' }, basis);
		// A second tab still showing "not decided" cannot overwrite the decision unseen.
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'no', na: false, rationale: 'x' }, basis)).toThrow(/changed since you opened the page/);
		const decidedAt = assessments.get(s.id)!.verifications.a1.decidedAt;
		verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'no', na: false, rationale: 'Not in place.' }, { claimVersion: 1, decidedAt });
		expect(assessments.get(s.id)!.verifications.a1.decision).toBe('adjusted');
	});

	it('will not finalise on a decision the claim has moved on from', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		invitations.submit(s.ctx());
		verification.decide(analyst, s.id, 'a1', { decision: 'accepted' });
		// However it happened (the server refuses such writes now), a claim newer than its decision is not verified.
		handle().sqlite.prepare(`UPDATE answers SET value = '"no"', version = version + 1 WHERE assessment_id = ? AND question_id = 'a1'`).run(s.id);
		expect(() => assessments.finalize(analyst, s.id)).toThrow(/changed an answer after you decided/);
		verification.decide(analyst, s.id, 'a1', { decision: 'accepted' });
		supportEvidence(analyst, s.id);
		assessments.finalize(analyst, s.id);
		expect(assessments.mustGet(s.id).assessment.state).toBe('final');
	});

	it('takes questions back when the platform does not answer, and re-issues only the newest link', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		invitations.submit(s.ctx());
		verification.decide(analyst, s.id, 'a1', { decision: 'clarification', comment: 'Evidence?' });
		expect(() => verification.withdrawClarification(analyst, s.id)).toThrow(/no questions with the platform/);
		verification.requestClarification(analyst, s.id);
		verification.withdrawClarification(analyst, s.id);
		expect(assessments.get(s.id)!.assessment.state).toBe('in_review');
		expect(s.ctx().status).toBe('submitted');
		verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'no', na: false, rationale: 'No evidence came.' });
		supportEvidence(analyst, s.id);
		assessments.finalize(analyst, s.id);
		expect(assessments.mustGet(s.id).assessment.state).toBe('final');
		expect(listEvents({ action: 'assessment.clarification_withdrawn' }).some((e) => e.entityId === String(s.id))).toBe(true);

		const t = selfAssessment();
		const fresh = invitations.reissue(analyst, t.invitation.id);
		expect(() => invitations.reissue(analyst, t.invitation.id)).toThrow(/re-issued already/);
		expect(invitations.statusOf(fresh.invitation)).toBe('pending');
	});
});

// Issue 8 (fuzzing) found reasons and questions stored with NUL or bidi overrides.
describe('the analyst’s words', () => {
	it('a rationale or a question for the platform with NUL or a text-direction override is refused, naming it; several lines and other scripts are kept', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		s.answer('a2', 'yes');
		invitations.submit(s.ctx());
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'no', na: false, rationale: 'The log \u202Esays otherwise' })).toThrow(/^A rationale cannot contain control characters/);
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'clarification', comment: 'Since when?\u0000' })).toThrow(/^A question cannot contain/);
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'adjusted', value: 'no', na: false, rationale: 'The log \uD800' })).toThrow(/^A rationale cannot contain .*lone UTF-16 surrogates/);
		expect(() => verification.decide(analyst, s.id, 'a1', { decision: 'clarification', comment: 'Since \uDC00?' })).toThrow(/^A question cannot contain/);
		expect(assessments.get(s.id)!.verifications).toEqual({});
		verification.decide(analyst, s.id, 'a2', { decision: 'clarification', comment: 'منذ متى؟\nSince when?' });
		expect(assessments.get(s.id)!.verifications.a2.comment).toBe('منذ متى؟\nSince when?');
	});
});
