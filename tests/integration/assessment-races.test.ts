// Several server processes share one database: between what a request read
// first and its write transaction, another process may finalise, amend,
// decide or retire. Each test lets that other change commit at exactly that
// moment (tests/helpers/interleave) and checks that the request is refused
// with a clear 409 (423 for the autosave's "locked") and changes nothing:
// never a server error, never a change made on what was true a moment ago.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import * as users from '../../src/lib/server/auth/users';
import { getDb, handle } from '../../src/lib/server/db/index';
import { assessment as assessmentTable, answer as answerTable } from '../../src/lib/server/db/schema';
import * as invitations from '../../src/lib/server/invitations';
import * as platforms from '../../src/lib/server/platforms';
import * as templates from '../../src/lib/server/templates';
import { PUT as autosave } from '../../src/routes/(app)/assessments/[id]/answers/+server';
import { actions as assessmentPage } from '../../src/routes/(app)/assessments/[id]/+page.server';
import { actions as platformPage } from '../../src/routes/(app)/platforms/[id]/+page.server';
import { useTempDatabase } from '../helpers/database';
import { beforeNextWrite, happened } from '../helpers/interleave';
import { refusalOf } from '../helpers/refusal';
import { bodyEvent, formEvent, outcomeOf, type Locals } from '../helpers/request-event';
import { openedSelfAssessment } from '../helpers/self-assessment';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const cli = { id: null, label: 'cli' };
const staff = { as: 'staff' } as const;
const respondentWrites = { as: 'respondent' } as const;

/** Small enough to answer in full: a1 and a2 in section a, b1 in section b. */
const TEMPLATE = {
	format: 'clearance-template/1',
	key: 'race',
	version: '1.0.0',
	title: 'Races',
	sections: [
		{ id: 'a', title: 'Section A', weight: 60, questions: [{ id: 'a1', prompt: 'One?', type: 'yes_no' }, { id: 'a2', prompt: 'Two?', type: 'yes_partial_no' }] },
		{ id: 'b', title: 'Section B', weight: 40, questions: [{ id: 'b1', prompt: 'Three?', type: 'yes_no' }] }
	]
};

let analyst: { id: number; email: string; name: string; role: 'analyst' };
let colleague: { id: number; email: string; name: string; role: 'analyst' };
let locals: Locals;
const actor = () => ({ id: analyst.id, label: analyst.email });

beforeAll(async () => {
	templates.importDocument(cli, TEMPLATE, { publish: true });
	const make = async (email: string, name: string) => {
		const u = await users.create(cli, { email, name, role: 'analyst', password: 'a long and unusual passphrase 1' });
		return { id: u.id, email: u.email, name: u.name, role: 'analyst' as const };
	};
	analyst = await make('ana@example.com', 'Ana Lyst');
	colleague = await make('colin@example.com', 'Colin League');
	locals = { user: analyst, session: null, respondent: null };
});

let n = 0;
const newPlatform = () => platforms.create(cli, { name: `Raced ${++n}`, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
const yes = { value: 'yes', na: false, assurance: 'claimed' as const, note: '' };

function draft(): number {
	return assessments.create(cli, { platformId: newPlatform().id, templateKey: 'race', assessorIds: [], dueDate: null }).assessment.id;
}

function inReview(): number {
	const id = draft();
	assessments.saveAnswer(cli, id, 'a1', yes, 0, staff);
	assessments.submit(cli, id, staff);
	return id;
}

function finalised(): number {
	const id = inReview();
	supportEvidence(cli, id);
	assessments.finalize(cli, id);
	return id;
}

/** A platform's self-assessment, answered in full and submitted: in review, nothing decided yet. */
function submittedSelfAssessment() {
	const s = openedSelfAssessment(cli, 'race');
	assessments.saveAnswers(
		s.respondent,
		s.id,
		['a1', 'a2', 'b1'].map((questionId) => ({ questionId, input: { ...yes, assurance: 'claimed' as const }, expectedVersion: 0 })),
		respondentWrites
	);
	invitations.submit(s.ctx());
	return s;
}

const stateOf = (id: number) => getDb().select({ state: assessmentTable.state }).from(assessmentTable).where(eq(assessmentTable.id, id)).get()!.state;
const answersOf = (id: number) => getDb().select().from(answerTable).where(eq(answerTable.assessmentId, id)).all();

describe('an answer saved while the assessment is finalised', () => {
	it('is refused by the autosave as locked (423), not answered with a server error', async () => {
		const id = inReview();
		beforeNextWrite(() => assessments.finalize(cli, id));
		const body = JSON.stringify({ questionId: 'a2', value: 'partial', na: false, assurance: 'evidenced', note: '', expectedVersion: 0 });
		const outcome = await outcomeOf(() => autosave(bodyEvent('/(app)/assessments/[id]/answers', 'PUT', body, 'application/json', { locals, params: { id: String(id) } }) as never));
		expect(happened()).toBe(true);
		expect(outcome.label).toBe('response 423');
		expect(outcome.data).toMatchObject({ field: 'state', message: expect.stringMatching(/final and locked/) });
		expect(answersOf(id).map((a) => a.questionId)).toEqual(['a1']);
	});

	it('is refused for a section form with 409, saving none of it', async () => {
		const id = inReview();
		beforeNextWrite(() => assessments.finalize(cli, id));
		const form = { section: 'a', 'value:a2': 'partial', 'assurance:a2': 'evidenced', 'version:a2': '0', 'value:a1': 'no', 'assurance:a1': 'evidenced', 'version:a1': '1' };
		const outcome = await outcomeOf(() => assessmentPage.saveSection(formEvent('/(app)/assessments/[id]', 'saveSection', form, { locals, params: { id: String(id) } }) as never));
		expect(happened()).toBe(true);
		expect(outcome.label).toBe('fail 409');
		expect(outcome.data).toMatchObject({ action: 'saveSection', field: 'state', message: expect.stringMatching(/final and locked/) });
		expect(answersOf(id).map((a) => [a.questionId, a.value])).toEqual([['a1', '"yes"']]);
	});

	it('is refused for a batch of answers, nothing of it written', () => {
		const id = inReview();
		beforeNextWrite(() => assessments.finalize(cli, id));
		const err = refusalOf(() => assessments.saveAnswers(cli, id, [{ questionId: 'b1', input: yes, expectedVersion: 0 }], staff));
		expect(err).toMatchObject({ field: 'state', status: 409 });
		expect(answersOf(id)).toHaveLength(1);
	});
});

describe('a platform answering its self-assessment', () => {
	it('cannot change a claim once its submission from another tab has reached the analyst', () => {
		const { id, respondent, ctx, answer } = openedSelfAssessment(cli, 'race');
		answer('a1', 'yes');
		beforeNextWrite(() => invitations.submit(ctx()));
		const err = refusalOf(() => assessments.saveAnswers(respondent, id, [{ questionId: 'a1', input: { ...yes, value: 'no', assurance: 'claimed' }, expectedVersion: 1 }], respondentWrites));
		expect(happened()).toBe(true);
		expect(err).toMatchObject({ field: 'state', status: 409 });
		expect(answersOf(id).map((a) => a.value)).toEqual(['"yes"']);
	});

	it('never writes into an analyst’s assessment', () => {
		const id = draft();
		const err = refusalOf(() => assessments.saveAnswer({ id: null, label: 'respondent:1 <x@y.example>' }, id, 'a1', yes, 0, respondentWrites));
		expect(err.field).toBe('origin');
		expect(answersOf(id)).toHaveLength(0);
	});
});

describe('staff and a platform’s self-assessment', () => {
	it('staff cannot change the platform’s claims, by autosave, section form or directly', async () => {
		const { id } = openedSelfAssessment(cli, 'race');
		expect(refusalOf(() => assessments.saveAnswer(actor(), id, 'a1', yes, 0, staff))).toMatchObject({ field: 'origin', status: 409 });
		expect(refusalOf(() => assessments.saveAnswers(actor(), id, [{ questionId: 'a1', input: yes, expectedVersion: 0 }], staff))).toMatchObject({ field: 'origin', status: 409 });
		const body = JSON.stringify({ questionId: 'a1', value: 'yes', na: false, assurance: 'evidenced', note: '', expectedVersion: 0 });
		const put = await outcomeOf(() => autosave(bodyEvent('/(app)/assessments/[id]/answers', 'PUT', body, 'application/json', { locals, params: { id: String(id) } }) as never));
		expect(put).toMatchObject({ label: 'response 409', data: { field: 'origin' } });
		const form = await outcomeOf(() => assessmentPage.saveSection(formEvent('/(app)/assessments/[id]', 'saveSection', { section: 'a', 'value:a1': 'yes' }, { locals, params: { id: String(id) } }) as never));
		expect(form).toMatchObject({ label: 'fail 409', data: { action: 'saveSection', field: 'origin' } });
		expect(answersOf(id)).toHaveLength(0);
	});

	it('staff cannot submit a self-assessment in the platform’s place', () => {
		const { id } = openedSelfAssessment(cli, 'race');
		expect(refusalOf(() => assessments.submit(actor(), id, staff))).toMatchObject({ field: 'origin', status: 409 });
		expect(stateOf(id)).toBe('draft');
	});
});

describe('amending a final assessment', () => {
	it('a second "amend" is refused with 409 naming the draft already started, and no second draft appears', () => {
		const id = finalised();
		const first = assessments.amend(actor(), id).assessment.id;
		const err = refusalOf(() => assessments.amend(actor(), id));
		expect(err).toMatchObject({ status: 409, amendmentId: first });
		expect(err.message).toContain(`#${first}`);
		expect(getDb().select().from(assessmentTable).where(eq(assessmentTable.amendsId, id)).all()).toHaveLength(1);
	});

	it('two "amend"s at once make one draft; the page of the second points to it', async () => {
		const id = finalised();
		let first = 0;
		beforeNextWrite(() => (first = assessments.amend(actor(), id).assessment.id));
		const outcome = await outcomeOf(() => assessmentPage.amend(formEvent('/(app)/assessments/[id]', 'amend', {}, { locals, params: { id: String(id) } }) as never));
		expect(happened()).toBe(true);
		expect(outcome).toMatchObject({ label: 'fail 409', data: { action: 'amend', amendmentId: first } });
		expect(getDb().select().from(assessmentTable).where(eq(assessmentTable.amendsId, id)).all()).toHaveLength(1);
	});
});

describe('moving an assessment between states while another process moves it', () => {
	it('a second submission is refused with 409 saying what it is now', () => {
		const id = draft();
		beforeNextWrite(() => assessments.submit(cli, id, staff));
		expect(refusalOf(() => assessments.submit(actor(), id, staff))).toMatchObject({ field: 'state', status: 409, message: expect.stringMatching(/in review/) });
		expect(listEvents({ action: 'assessment.submit' }).filter((e) => e.entityId === String(id))).toHaveLength(1);
	});

	it('reopening one that was just finalised is refused with 409', () => {
		const id = inReview();
		beforeNextWrite(() => assessments.finalize(cli, id));
		expect(refusalOf(() => assessments.reopen(actor(), id))).toMatchObject({ field: 'state', status: 409 });
		expect(stateOf(id)).toBe('final');
	});

	it('finalising one that was just reopened is refused with 409, and no figures are stored', () => {
		const id = inReview();
		beforeNextWrite(() => assessments.reopen(cli, id));
		expect(refusalOf(() => assessments.finalize(actor(), id))).toMatchObject({ field: 'state', status: 409 });
		expect(assessments.mustGet(id).result).toBeNull();
	});
});

describe('verifying while others act on the self-assessment', () => {
	it('a decision made as the self-assessment is finalised is refused with 409, not a server error', () => {
		const s = submittedSelfAssessment();
		assessments.decideAll(cli, s.id, ['a1', 'a2', 'b1'].map((questionId) => ({ questionId, input: { decision: 'accepted' as const } })));
		beforeNextWrite(() => assessments.finalize(cli, s.id));
		const err = refusalOf(() => assessments.decide(actor(), s.id, 'a2', { decision: 'adjusted', value: 'partial', na: false, rationale: 'Only half the staff were vetted.' }));
		expect(happened()).toBe(true);
		expect(err).toMatchObject({ field: 'state', status: 409 });
		expect(assessments.mustGet(s.id).verifications.a2.decision).toBe('accepted');
	});

	it('a decision made as the questions go back to the platform is refused, not recorded on its draft', () => {
		const s = submittedSelfAssessment();
		assessments.decide(cli, s.id, 'a1', { decision: 'clarification', comment: 'Who vetted them?' });
		beforeNextWrite(() => assessments.requestClarification(cli, s.id));
		expect(refusalOf(() => assessments.decide(actor(), s.id, 'b1', { decision: 'accepted' }))).toMatchObject({ field: 'state', status: 409 });
		expect(assessments.mustGet(s.id).verifications.b1).toBeUndefined();
	});

	it('a colleague’s decision made after the page was opened is not overwritten', () => {
		const s = submittedSelfAssessment();
		const basis = { claimVersion: 1, decidedAt: 0 };
		beforeNextWrite(() => assessments.decide({ id: colleague.id, label: colleague.email }, s.id, 'a2', { decision: 'adjusted', value: 'partial', na: false, rationale: 'The log shows half.' }, basis));
		expect(refusalOf(() => assessments.decide(actor(), s.id, 'a2', { decision: 'accepted' }, basis))).toMatchObject({ field: 'basis', status: 409 });
		expect(assessments.mustGet(s.id).verifications.a2).toMatchObject({ decision: 'adjusted', decidedBy: 'Colin League' });
	});

	it('"accept the section" leaves alone an answer a colleague decided meanwhile', () => {
		const s = submittedSelfAssessment();
		beforeNextWrite(() => assessments.decide({ id: colleague.id, label: colleague.email }, s.id, 'a2', { decision: 'adjusted', value: 'partial', na: false, rationale: 'The log shows half.' }));
		expect(assessments.acceptSection(actor(), s.id, 'a')).toEqual({ accepted: 1, skipped: [] });
		expect(happened()).toBe(true);
		const v = assessments.mustGet(s.id).verifications;
		expect(v.a1.decision).toBe('accepted');
		expect(v.a2).toMatchObject({ decision: 'adjusted', decidedBy: 'Colin League' });
	});

	it('"accept the section" as the self-assessment is finalised is refused with 409, not a server error', () => {
		const s = submittedSelfAssessment();
		assessments.decideAll(cli, s.id, ['a1', 'a2'].map((questionId) => ({ questionId, input: { decision: 'accepted' as const } })));
		// The colleague accepts the last answer and finalises while this request is on its way.
		beforeNextWrite(() => {
			assessments.decide(cli, s.id, 'b1', { decision: 'accepted' });
			supportEvidence(cli, s.id);
			assessments.finalize(cli, s.id);
		});
		expect(refusalOf(() => assessments.acceptSection(actor(), s.id, 'b'))).toMatchObject({ field: 'state', status: 409 });
		expect(happened()).toBe(true);
		expect(stateOf(s.id)).toBe('final');
	});
});

describe('recomputing stored figures', () => {
	it('two recomputes at once record the repair once; the second finds nothing to change', () => {
		const id = finalised();
		handle().sqlite.prepare(`UPDATE assessment_results SET score = 99, result = '{}' WHERE assessment_id = ?`).run(id);
		beforeNextWrite(() => assessments.recompute(cli, id));
		expect(assessments.recompute(actor(), id).changed).toBe(false);
		const repairs = listEvents({ action: 'assessment.recompute' }).filter((e) => e.entityId === String(id) && JSON.parse(e.details).changed);
		expect(repairs).toHaveLength(1);
	});
});

describe('starting an assessment', () => {
	it('is refused with 409 when its template version is retired meanwhile, creating nothing', () => {
		templates.importDocument(cli, { ...TEMPLATE, key: 'retiring', title: 'Retiring' }, { publish: true });
		const p = newPlatform();
		beforeNextWrite(() => templates.retire(cli, 'retiring', '1.0.0'));
		const err = refusalOf(() => assessments.create(actor(), { platformId: p.id, templateKey: 'retiring', templateVersion: '1.0.0', assessorIds: [analyst.id], dueDate: null }));
		expect(happened()).toBe(true);
		expect(err).toMatchObject({ field: 'template', status: 409 });
		expect(assessments.listForPlatform(p.id)).toHaveLength(0);
	});

	it('is refused with 409 naming an assessor whose account was disabled meanwhile, creating nothing', async () => {
		const u = await users.create(cli, { email: 'leaving@example.com', name: 'Lee Ving', role: 'analyst', password: 'a long and unusual passphrase 1' });
		const p = newPlatform();
		beforeNextWrite(() => users.setDisabled(cli, u.id, true));
		const form = { template: 'race@1.0.0', assessors: [String(analyst.id), String(u.id)], dueDate: '' };
		const outcome = await outcomeOf(() => platformPage.start(formEvent('/(app)/platforms/[id]', 'start', form, { locals, params: { id: String(p.id) } }) as never));
		expect(happened()).toBe(true);
		expect(outcome.label).toBe('fail 409');
		expect(JSON.stringify(outcome.data)).toContain('Lee Ving');
		expect(assessments.listForPlatform(p.id)).toHaveLength(0);
	});

	it('refuses, wherever it is called from, assessors who are not active analysts or admins and a due date in the past', async () => {
		const member = await users.create(cli, { email: 'committee@example.com', name: 'Com Mittee', role: 'committee', password: 'a long and unusual passphrase 1' });
		const p = newPlatform();
		const start = (input: Partial<assessments.NewAssessment>) => () => assessments.create(actor(), { platformId: p.id, templateKey: 'race', assessorIds: [analyst.id], dueDate: null, ...input });
		expect(refusalOf(start({ assessorIds: [member.id] }))).toMatchObject({ field: 'assessors' });
		expect(refusalOf(start({ assessorIds: [987654] }))).toMatchObject({ field: 'assessors', status: 400 });
		expect(refusalOf(start({ dueDate: '2020-01-01' }))).toMatchObject({ field: 'dueDate', status: 400 });
		expect(refusalOf(start({ dueDate: '2099-02-30' }))).toMatchObject({ field: 'dueDate', status: 400 });
		expect(assessments.listForPlatform(p.id)).toHaveLength(0);
	});
});
