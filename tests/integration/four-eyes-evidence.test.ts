// Four eyes and evidence rules (issue 20, points 2 and 3): whoever submits
// does not finalise (unless an admin relaxes it, and the record says so);
// "evidenced" means evidence attached, "verified" evidence or a note; an
// evidence-required answer is locked or accepted only with evidence or a
// waiver with a reason. Each rule is checked in the write transaction, so the
// races below end in a clear 409.
import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import { fourEyesRelaxed, setFourEyesRelaxed } from '../../src/lib/server/auth';
import * as users from '../../src/lib/server/auth/users';
import { addLink, removeEvidence, waiveEvidence, withdrawWaiver } from '../../src/lib/server/evidence';
import * as invitations from '../../src/lib/server/invitations';
import * as platforms from '../../src/lib/server/platforms';
import * as templates from '../../src/lib/server/templates';
import { actions as assessmentPage } from '../../src/routes/(app)/assessments/[id]/+page.server';
import { useTempDatabase } from '../helpers/database';
import { beforeNextWrite, happened } from '../helpers/interleave';
import { refusalOf } from '../helpers/refusal';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';
import { openedSelfAssessment } from '../helpers/self-assessment';

useTempDatabase();
const cli = { id: null, label: 'cli' };
const staff = { as: 'staff' } as const;

/** p1 requires evidence, p2 does not; k1 is a knock-out; x1 asks only custodians (N/A for an exchange). */
const TEMPLATE = {
	format: 'clearance-template/1',
	key: 'proof',
	version: '1.0.0',
	title: 'Proof',
	sections: [
		{
			id: 's',
			title: 'Section',
			weight: 100,
			questions: [
				{ id: 'p1', prompt: 'Do you vet key holders?', type: 'yes_no', evidence: 'required' },
				{ id: 'p2', prompt: 'Do you train staff?', type: 'yes_no' },
				{ id: 'k1', prompt: 'Do you interview live?', type: 'yes_no', critical: { minScore: 1, capGrade: 'C' } },
				{ id: 'x1', prompt: 'Do you segregate cold storage?', type: 'yes_no', evidence: 'required', appliesTo: ['custodian'] }
			]
		}
	]
};

type Person = { id: number; email: string; name: string; role: 'analyst' | 'admin' };
let ana: Person;
let bea: Person;
let admin: Person;
const as = (p: Person) => ({ id: p.id, label: p.email });
const yes = (assurance: 'claimed' | 'evidenced' | 'verified' = 'claimed', note = '') => ({ value: 'yes', na: false, assurance, note });

beforeAll(async () => {
	templates.importDocument(cli, TEMPLATE, { publish: true });
	const make = async (email: string, name: string, role: 'analyst' | 'admin') => {
		const u = await users.create(cli, { email, name, role, password: 'a long and unusual passphrase 1' });
		return { id: u.id, email: u.email, name: u.name, role };
	};
	ana = await make('ana@example.com', 'Ana Lyst', 'analyst');
	bea = await make('bea@example.com', 'Bea Second', 'analyst');
	admin = await make('ada@example.com', 'Ada Admin', 'admin');
});

let n = 0;
function draft(by: Person = ana): number {
	const p = platforms.create(cli, { name: `Proof ${++n}`, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
	return assessments.create(as(by), { platformId: p.id, templateKey: 'proof', assessorIds: [], dueDate: null }).assessment.id;
}

/** Answered in full (p1 with its evidence), submitted by Ana. */
function submittedByAna(): number {
	const id = draft();
	addLink(as(ana), id, 'p1', 'https://evidence.example/vetting.pdf', 'Vetting log');
	for (const q of ['p1', 'p2', 'k1']) assessments.saveAnswer(as(ana), id, q, yes(), 0, staff);
	assessments.submit(as(ana), id, staff);
	return id;
}

const localsOf = (p: Person): Locals => ({ user: p, session: null, respondent: null });
const post = (p: Person, id: number, action: string, form: Record<string, string>) =>
	outcomeOf(() => assessmentPage[action](formEvent('/(app)/assessments/[id]', action, form, { locals: localsOf(p), params: { id: String(id) }, path: `/assessments/${id}` }) as never));

describe('an answer’s assurance', () => {
	it('"evidenced" without evidence is refused naming the Assurance field, and nothing is saved; with a link it is saved', () => {
		const id = draft();
		expect(refusalOf(() => assessments.saveAnswer(as(ana), id, 'p2', yes('evidenced'), 0, staff))).toMatchObject({ field: 'p2', message: expect.stringMatching(/^Assurance: “evidenced” needs evidence attached/) });
		expect(assessments.mustGet(id).answers.p2).toBeUndefined();
		addLink(as(ana), id, 'p2', 'https://evidence.example/training.pdf', '');
		expect(assessments.saveAnswer(as(ana), id, 'p2', yes('evidenced'), 0, staff)).toMatchObject({ assurance: 'evidenced', version: 1 });
	});

	it('the plain section form names each refused answer and saves none of the form', () => {
		const id = draft();
		const outcome = assessments.saveAnswers(as(ana), id, [
			{ questionId: 'p2', input: yes('claimed'), expectedVersion: 0 },
			{ questionId: 'k1', input: yes('evidenced'), expectedVersion: 0 }
		], staff);
		expect(outcome).toMatchObject({ saved: 0, errors: { k1: expect.stringMatching(/^Assurance: “evidenced”/) } });
		// Only the N/A given when it started (x1 does not apply to an exchange).
		expect(Object.keys(assessments.mustGet(id).answers)).toEqual(['x1']);
	});

	it('"verified" needs evidence or the verifier’s note of what they saw', () => {
		const id = draft();
		expect(refusalOf(() => assessments.saveAnswer(as(ana), id, 'p2', yes('verified'), 0, staff))).toMatchObject({ message: expect.stringMatching(/“verified” needs evidence attached or a note/) });
		expect(assessments.saveAnswer(as(ana), id, 'p2', yes('verified', 'Watched the training records being pulled from the LMS.'), 0, staff)).toMatchObject({ assurance: 'verified' });
	});

	it('the last evidence behind an "evidenced" answer is not removed from under it', () => {
		const id = draft();
		const link = addLink(as(ana), id, 'p2', 'https://evidence.example/training.pdf', '');
		assessments.saveAnswer(as(ana), id, 'p2', yes('evidenced'), 0, staff);
		expect(refusalOf(() => removeEvidence(as(ana), id, link.id))).toMatchObject({ field: 'evidenceId', message: expect.stringMatching(/only evidence behind an answer marked “evidenced”/) });
		expect(assessments.mustGet(id).evidence).toHaveLength(1);
		assessments.saveAnswer(as(ana), id, 'p2', yes('claimed'), 1, staff);
		removeEvidence(as(ana), id, link.id);
		expect(assessments.mustGet(id).evidence).toHaveLength(0);
	});
});

describe('four eyes', () => {
	it('an analyst cannot finalise what they submitted (409 naming four eyes); a second analyst can, and the record names both', () => {
		const id = submittedByAna();
		expect(refusalOf(() => assessments.finalize(as(ana), id))).toMatchObject({ field: 'fourEyes', status: 409, message: expect.stringMatching(/another analyst must finalise/) });
		expect(assessments.mustGet(id).assessment.state).toBe('in_review');
		assessments.finalize(as(bea), id);
		const a = assessments.mustGet(id).assessment;
		expect(a).toMatchObject({ state: 'final', submittedBy: ana.id, finalizedBy: bea.id });
		const event = listEvents({ action: 'assessment.finalize' }).find((e) => e.entityId === String(id))!;
		expect(JSON.parse(event.details)).not.toHaveProperty('fourEyes');
	});

	it('the page refuses the same person at the confirmation step, before anything is confirmed', async () => {
		const id = submittedByAna();
		const outcome = await post(ana, id, 'finalize', {});
		expect(outcome.label).toBe('fail 409');
		expect(outcome.data).toMatchObject({ field: 'fourEyes' });
		// A second analyst is asked to confirm first: no change yet.
		expect(await post(bea, id, 'finalize', {})).toMatchObject({ kind: 'accepted', data: { confirm: 'finalize' } });
		expect(assessments.mustGet(id).assessment.state).toBe('in_review');
		expect(await post(bea, id, 'finalize', { confirmed: 'yes' })).toMatchObject({ kind: 'accepted', data: { done: expect.stringMatching(/^Finalised/) } });
		expect(assessments.mustGet(id).assessment.state).toBe('final');
	});

	it('a confirmation that is not "yes" is refused, and submitting without one only asks', async () => {
		const id = draft();
		expect(await post(ana, id, 'submit', { confirmed: 'sure' })).toMatchObject({ label: 'fail 400', data: { field: 'confirmed' } });
		expect(await post(ana, id, 'submit', {})).toMatchObject({ kind: 'accepted', data: { confirm: 'submit' } });
		expect(assessments.mustGet(id).assessment.state).toBe('draft');
		expect(await post(ana, id, 'submit', { confirmed: 'yes' })).toMatchObject({ kind: 'accepted', data: { done: 'Submitted for review.' } });
		expect(assessments.mustGet(id).assessment.state).toBe('in_review');
	});

	it('an admin may relax it for a one-person team: audited, and the finalise is recorded as done under that setting', () => {
		const id = submittedByAna();
		setFourEyesRelaxed(as(admin), true);
		try {
			expect(listEvents({ action: 'settings.change' }).at(-1)).toMatchObject({ entityId: 'four_eyes_relaxed_for_one_person_team', actor: admin.email });
			assessments.finalize(as(ana), id);
			const event = listEvents({ action: 'assessment.finalize' }).find((e) => e.entityId === String(id))!;
			expect(JSON.parse(event.details)).toMatchObject({ submittedBy: ana.id, fourEyes: expect.stringMatching(/same person under the one-person-team setting/) });
			expect(assessments.mustGet(id).assessment).toMatchObject({ submittedBy: ana.id, finalizedBy: ana.id });
		} finally {
			setFourEyesRelaxed(as(admin), false);
		}
		expect(fourEyesRelaxed()).toBe(false);
	});

	it('two finalisers at once: one finalises, the other gets 409 and stores nothing', () => {
		const id = submittedByAna();
		beforeNextWrite(() => assessments.finalize(as(admin), id));
		expect(refusalOf(() => assessments.finalize(as(bea), id))).toMatchObject({ field: 'state', status: 409 });
		expect(happened()).toBe(true);
		expect(assessments.mustGet(id).assessment.finalizedBy).toBe(admin.id);
	});

	it('a finalise racing the setting being tightened obeys the setting as committed first: 409, nothing locked', () => {
		const id = submittedByAna();
		setFourEyesRelaxed(as(admin), true);
		// Ana's page offered "Finalise" under the relaxed setting; the admin tightens it just before her transaction.
		beforeNextWrite(() => setFourEyesRelaxed(as(admin), false));
		expect(refusalOf(() => assessments.finalize(as(ana), id))).toMatchObject({ field: 'fourEyes', status: 409 });
		expect(happened()).toBe(true);
		expect(assessments.mustGet(id).assessment.state).toBe('in_review');
	});
});

describe('evidence-required questions', () => {
	it('cannot be finalised without evidence; the refusal names the question; a waiver with a reason lets it through and is kept', () => {
		const id = draft();
		for (const q of ['p1', 'p2', 'k1']) assessments.saveAnswer(as(ana), id, q, yes(), 0, staff);
		assessments.submit(as(ana), id, staff);
		expect(refusalOf(() => assessments.finalize(as(bea), id))).toMatchObject({ field: 'evidence', message: expect.stringMatching(/1 evidence-required answer has no evidence: “Do you vet key holders\?”/) });
		expect(refusalOf(() => waiveEvidence(as(bea), id, 'p1', '   '))).toMatchObject({ field: 'reason' });
		expect(refusalOf(() => waiveEvidence(as(bea), id, 'p2', 'Not needed.'))).toMatchObject({ field: 'questionId', message: expect.stringMatching(/does not require evidence/) });
		waiveEvidence(as(bea), id, 'p1', 'Vetting file seen on site; copies may not leave the building.');
		expect(refusalOf(() => waiveEvidence(as(ana), id, 'p1', 'Again.'))).toMatchObject({ status: 409 });
		assessments.finalize(as(bea), id);
		const done = assessments.mustGet(id);
		expect(done.waivers.p1).toMatchObject({ reason: 'Vetting file seen on site; copies may not leave the building.', waivedBy: 'Bea Second' });
		expect(listEvents({ action: 'evidence.waive' }).find((e) => e.entityId === String(id))).toBeTruthy();
		// Final: the waiver is part of what was locked.
		expect(refusalOf(() => withdrawWaiver(as(bea), id, 'p1'))).toMatchObject({ field: 'state', status: 409 });
	});

	it('one N/A because it does not apply to the platform’s kind needs no evidence', () => {
		const id = submittedByAna();
		expect(assessments.mustGet(id).answers.x1).toMatchObject({ na: true, notApplicableTo: 'exchange' });
		assessments.finalize(as(bea), id);
		expect(assessments.mustGet(id).assessment.state).toBe('final');
	});

	it('an amendment keeps the waivers it starts from, until withdrawn (audited)', () => {
		const id = draft();
		assessments.saveAnswer(as(ana), id, 'p1', yes(), 0, staff);
		waiveEvidence(as(ana), id, 'p1', 'Seen on site.');
		assessments.submit(as(ana), id, staff);
		assessments.finalize(as(bea), id);
		const amended = assessments.amend(as(ana), id).assessment.id;
		expect(assessments.mustGet(amended).waivers.p1).toMatchObject({ reason: 'Seen on site.' });
		withdrawWaiver(as(ana), amended, 'p1');
		expect(assessments.mustGet(amended).waivers.p1).toBeUndefined();
		expect(listEvents({ action: 'evidence.waiver_withdraw' }).find((e) => e.entityId === String(amended))).toBeTruthy();
	});
});

describe('verification', () => {
	function submittedClaims() {
		const s = openedSelfAssessment(cli, 'proof');
		for (const q of ['p1', 'p2', 'k1']) s.answer(q, 'yes');
		invitations.submit(s.ctx());
		return s;
	}

	it('an evidence-required claim without evidence is not accepted; a waiver lets it be', () => {
		const s = submittedClaims();
		expect(refusalOf(() => assessments.decide(as(ana), s.id, 'p1', { decision: 'accepted' }))).toMatchObject({ field: 'p1', message: expect.stringMatching(/requires evidence and the platform attached none/) });
		expect(assessments.mustGet(s.id).verifications.p1).toBeUndefined();
		waiveEvidence(as(ana), s.id, 'p1', 'Key holder files shown over video.');
		assessments.decide(as(ana), s.id, 'p1', { decision: 'accepted' });
		expect(assessments.mustGet(s.id).verifications.p1).toMatchObject({ decision: 'accepted' });
	});

	it('"accept all" accepts what it may and says which it skipped', async () => {
		const s = submittedClaims();
		// p2, k1 and x1 (N/A for the platform's kind, which needs no evidence) are accepted; p1 is not.
		expect(assessments.acceptSection(as(ana), s.id, 's')).toEqual({ accepted: 3, skipped: [{ questionId: 'p1', prompt: 'Do you vet key holders?' }] });
		expect(assessments.mustGet(s.id).verifications.p1).toBeUndefined();
		const again = openedSelfAssessment(cli, 'proof');
		for (const q of ['p1', 'p2']) again.answer(q, 'yes');
		invitations.submit(again.ctx());
		const outcome = await post(ana, again.id, 'acceptSection', { section: 's' });
		expect(outcome.data).toMatchObject({ done: 'Accepted 2 answers. Skipped 1 that requires evidence the platform did not attach: “Do you vet key holders?”. Ask for it, adjust with what you saw, or waive it with a reason.' });
	});

	it('an adjusted answer carries the analyst’s reason, so the self-assessment finalises without a waiver', () => {
		const s = submittedClaims();
		assessments.decide(as(ana), s.id, 'p1', { decision: 'adjusted', value: 'no', na: false, rationale: 'The vetting file covers only two of five key holders.' });
		assessments.acceptSection(as(ana), s.id, 's');
		assessments.finalize(as(ana), s.id);
		expect(assessments.mustGet(s.id).assessment.state).toBe('final');
	});
});
