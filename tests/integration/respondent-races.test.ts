// The platform's answers and files change only while they are the platform's
// to change, judged under the write lock: a request that began while the
// questionnaire was open must not save once another process has submitted it,
// taken the analyst's questions back or revoked the link. The same goes for
// the analyst's side: a link re-issued, revoked or questions sent while
// someone else acted on the same rows.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import { evidenceDir } from '../../src/lib/server/evidence';
import * as invitations from '../../src/lib/server/invitations';
import * as templates from '../../src/lib/server/templates';
import { actions } from '../../src/routes/invite/+page.server';
import { useTempDatabase } from '../helpers/database';
import { beforeNextWrite } from '../helpers/interleave';
import { refusalOf } from '../helpers/refusal';
import { formEvent, outcomeOf } from '../helpers/request-event';
import { openedSelfAssessment } from '../helpers/self-assessment';

useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };

const TEMPLATE = {
	format: 'clearance-template/1',
	key: 'races',
	version: '1.0.0',
	title: 'Races',
	sections: [
		{
			id: 'a',
			title: 'Section A',
			weight: 60,
			questions: [
				{ id: 'a1', prompt: 'First control?', type: 'yes_no', evidence: 'optional' },
				{ id: 'a2', prompt: 'Second control?', type: 'yes_partial_no', evidence: 'optional' }
			]
		},
		{ id: 'b', title: 'Section B', weight: 40, questions: [{ id: 'b1', prompt: 'Third control?', type: 'yes_no' }] }
	]
};

beforeAll(() => {
	templates.importDocument(analyst, TEMPLATE, { publish: true });
});
const selfAssessment = () => openedSelfAssessment(analyst, 'races');

type Self = ReturnType<typeof selfAssessment>;

/** Answered (a1 and a2) and submitted; the analyst has sent a question about a1 back to the platform. */
function askedAboutA1(): Self {
	const s = selfAssessment();
	s.answer('a1', 'yes');
	s.answer('a2', 'yes');
	invitations.submit(s.ctx());
	assessments.decide(analyst, s.id, 'a1', { decision: 'clarification', comment: 'Since when?' });
	assessments.requestClarification(analyst, s.id);
	return s;
}

/**
 * One request from the platform's page, its session read as the hook reads
 * it when the request starts; `meanwhile` is what another process does just
 * before the request's write transaction takes the lock.
 */
function respondentPost(s: Self, action: 'saveSection' | 'uploadEvidence' | 'addLink' | 'submit', fields: Record<string, string | File>, meanwhile?: () => void) {
	const event = formEvent('/invite', action, fields, { locals: { user: null, session: null, respondent: s.ctx() }, path: '/invite' });
	if (meanwhile) beforeNextWrite(meanwhile);
	return outcomeOf(() => actions[action](event as never));
}

const sectionA = (values: Record<string, string>, versions: Record<string, number> = {}) => ({
	section: 'a',
	...Object.fromEntries(Object.entries(values).flatMap(([q, v]) => [
		[`value:${q}`, v],
		[`version:${q}`, String(versions[q] ?? 0)]
	]))
});

const evidenceRows = (id: number) => assessments.get(id)!.evidence.length;
const blobCount = () => (fs.existsSync(evidenceDir()) ? fs.readdirSync(evidenceDir(), { recursive: true }).filter((f) => String(f).length > 2).length : 0);

describe('the platform’s answers, once they are no longer its to change', () => {
	it('a section saved while the platform submits in another tab is refused with 409, and nothing is saved', async () => {
		const s = selfAssessment();
		const outcome = await respondentPost(s, 'saveSection', sectionA({ a1: 'yes' }), () => invitations.submit(s.ctx()));
		expect(outcome.label).toBe('fail 409');
		expect(outcome.detail).toMatch(/submitted/);
		expect(assessments.get(s.id)!.answers).toEqual({});
		expect(assessments.get(s.id)!.assessment.state).toBe('in_review');
	});

	it('an answer saved while the analyst takes the questions back is refused with 409, and the claim stays as it was', async () => {
		const s = askedAboutA1();
		const outcome = await respondentPost(s, 'saveSection', sectionA({ a1: 'no' }, { a1: 1 }), () => assessments.withdrawClarification(analyst, s.id));
		expect(outcome.label).toBe('fail 409');
		expect(outcome.detail).toMatch(/with the investor’s analyst now .*took back the questions/);
		expect(assessments.get(s.id)!.answers.a1).toMatchObject({ value: 'yes', version: 1 });
	});

	it('an answer saved as the link is revoked is refused with 409, and nothing is saved', async () => {
		const s = selfAssessment();
		const outcome = await respondentPost(s, 'saveSection', sectionA({ a1: 'yes' }), () => invitations.revoke(analyst, s.invitation.id));
		expect(outcome.label).toBe('fail 409');
		expect(assessments.get(s.id)!.answers).toEqual({});
	});

	it('a page opened before submitting cannot change answers the analyst did not ask about', async () => {
		const s = askedAboutA1();
		// The old tab still shows every question open, and sends them all.
		const outcome = await respondentPost(s, 'saveSection', sectionA({ a1: 'no', a2: 'no' }, { a1: 1, a2: 1 }));
		expect(outcome.label).toBe('fail 409');
		expect(outcome.detail).toMatch(/only the answers the analyst asked about/i);
		expect(assessments.get(s.id)!.answers.a1.value).toBe('yes');
		expect(assessments.get(s.id)!.answers.a2.value).toBe('yes');
		// The question asked about alone is saved.
		const ok = await respondentPost(s, 'saveSection', sectionA({ a1: 'no' }, { a1: 1 }));
		expect(ok.kind).toBe('accepted');
		expect(assessments.get(s.id)!.answers.a1.value).toBe('no');
	});

	it('a file uploaded while the platform submits is refused with 409, leaving no row and no file', async () => {
		const s = selfAssessment();
		const files = blobCount();
		const file = new File([`Policy text for the race, ${Math.random()}\n`], 'policy.txt', { type: 'text/plain' });
		const outcome = await respondentPost(s, 'uploadEvidence', { questionId: 'a1', file }, () => invitations.submit(s.ctx()));
		expect(outcome.label).toBe('fail 409');
		expect(outcome.detail).toMatch(/submitted/);
		expect(evidenceRows(s.id)).toBe(0);
		expect(blobCount()).toBe(files);
	});

	it('a file for a question the analyst no longer asks about is refused with 409', async () => {
		const s = askedAboutA1();
		const file = new File([`The log, ${Math.random()}\n`], 'log.txt', { type: 'text/plain' });
		const outcome = await respondentPost(s, 'uploadEvidence', { questionId: 'a1', file }, () => assessments.withdrawClarification(analyst, s.id));
		expect(outcome.label).toBe('fail 409');
		expect(evidenceRows(s.id)).toBe(0);
	});

	it('a link given while the platform submits is refused with 409, and no row is added', async () => {
		const s = selfAssessment();
		const outcome = await respondentPost(s, 'addLink', { questionId: 'a1', url: 'https://platform.example/policy', label: 'Policy' }, () => invitations.submit(s.ctx()));
		expect(outcome.label).toBe('fail 409');
		expect(outcome.detail).toMatch(/submitted/);
		expect(evidenceRows(s.id)).toBe(0);
		expect(listEvents({ action: 'evidence.add_link' }).filter((e) => e.entityId === String(s.id))).toHaveLength(0);
	});

	it('a link for a question the analyst no longer asks about is refused with 409', async () => {
		const s = askedAboutA1();
		const outcome = await respondentPost(s, 'addLink', { questionId: 'a1', url: 'https://platform.example/log', label: '' }, () => assessments.withdrawClarification(analyst, s.id));
		expect(outcome.label).toBe('fail 409');
		expect(evidenceRows(s.id)).toBe(0);
	});

	it('in a clarification round, a link goes only to the question asked about', async () => {
		const s = askedAboutA1();
		const other = await respondentPost(s, 'addLink', { questionId: 'a2', url: 'https://platform.example/other', label: '' });
		expect(other.label).toBe('fail 409');
		expect(other.detail).toMatch(/only to the answers the analyst asked about/);
		const asked = await respondentPost(s, 'addLink', { questionId: 'a1', url: 'https://platform.example/since-2024', label: 'Since 2024' });
		expect(asked.kind).toBe('accepted');
		expect(assessments.get(s.id)!.evidence.map((e) => [e.questionId, e.url])).toEqual([['a1', 'https://platform.example/since-2024']]);
	});

	it('submitting as the analyst has it already (submitted in another tab) is refused once, not recorded twice', async () => {
		const s = selfAssessment();
		const outcome = await respondentPost(s, 'submit', {}, () => invitations.submit(s.ctx()));
		expect(outcome.label).toBe('fail 409');
		expect(listEvents({ action: 'invitation.submit' }).filter((e) => e.entityId === String(s.invitation.id))).toHaveLength(1);
	});
});

describe('the analyst’s side of the link', () => {
	it('re-issuing a link through which the platform submitted meanwhile is refused with 409', () => {
		const s = selfAssessment();
		beforeNextWrite(() => invitations.submit(s.ctx()));
		const err = refusalOf(() => invitations.reissue(analyst, s.invitation.id));
		expect(err.status).toBe(409);
		expect(err.message).toMatch(/submitted/);
		expect(invitations.listForAssessments([s.id])).toHaveLength(1);
	});

	it('revoking a link another analyst revoked meanwhile records one revocation', () => {
		const s = selfAssessment();
		beforeNextWrite(() => invitations.revoke(analyst, s.invitation.id));
		invitations.revoke(analyst, s.invitation.id);
		expect(listEvents({ action: 'invitation.revoke' }).filter((e) => e.entityId === String(s.invitation.id))).toHaveLength(1);
	});

	it('questions a colleague decided meanwhile are not sent, and the platform’s answers stay closed', () => {
		const s = selfAssessment();
		s.answer('a1', 'yes');
		invitations.submit(s.ctx());
		assessments.decide(analyst, s.id, 'a1', { decision: 'clarification', comment: 'Since when?' });
		beforeNextWrite(() => assessments.decide(analyst, s.id, 'a1', { decision: 'accepted' }));
		const err = refusalOf(() => assessments.requestClarification(analyst, s.id));
		expect(err.status).toBe(409);
		expect(err.message).toMatch(/no new question/);
		expect(assessments.get(s.id)!.assessment.state).toBe('in_review');
		expect(s.ctx().status).toBe('submitted');
	});

	it('questions the platform answered meanwhile cannot be taken back: 409, and its answers stay with the analyst', () => {
		const s = askedAboutA1();
		beforeNextWrite(() => invitations.submit(s.ctx()));
		const err = refusalOf(() => assessments.withdrawClarification(analyst, s.id));
		expect(err.status).toBe(409);
		expect(err.message).toMatch(/answered/);
		expect(assessments.get(s.id)!.verifications.a1.answeredAt).not.toBeNull();
	});
});
