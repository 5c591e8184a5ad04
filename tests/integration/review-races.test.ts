// Two requests on one committee review at once — the same member voting from
// two tabs, the chair seating one member twice, two decisions recorded
// together — end in one consistent review and a clear answer, never a 500:
// every rule is checked inside the write transaction, and the database's
// unique indexes hold whatever slips past.
import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import { handle } from '../../src/lib/server/db/index';
import type { Role } from '../../src/lib/server/db/schema';
import * as platforms from '../../src/lib/server/platforms';
import * as reviews from '../../src/lib/server/reviews';
import type { ReviewActor } from '../../src/lib/server/reviews';
import * as templates from '../../src/lib/server/templates';
import * as users from '../../src/lib/server/auth/users';
import { actions } from '../../src/routes/(app)/reviews/[id]/+page.server';
import { useTempDatabase } from '../helpers/database';
import { beforeNextWrite } from '../helpers/interleave';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const cli = { id: null, label: 'cli' };
const DOC = {
	format: 'clearance-template/1',
	key: 'race',
	version: '1.0.0',
	title: 'Race test',
	sections: [{ id: 'a', title: 'Section A', weight: 1, questions: [{ id: 'a1', prompt: 'Control?', type: 'yes_no' }] }]
};

let chair: ReviewActor, ana: ReviewActor, bo: ReviewActor, admin: ReviewActor;
const people = new Map<number, Locals>();
const candidates: number[] = [];

async function person(name: string, role: Role): Promise<ReviewActor> {
	const u = await users.create(cli, { email: `${name}@example.com`, name, role, password: 'a long enough passphrase' });
	people.set(u.id, { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, respondent: null });
	return { id: u.id, label: u.email, role: u.role };
}

beforeAll(async () => {
	chair = await person('Chair', 'analyst');
	ana = await person('Ana', 'committee');
	bo = await person('Bo', 'committee');
	admin = await person('Admin', 'admin');
	templates.importDocument(cli, DOC, { publish: true });
	for (const name of ['Alpha', 'Bravo']) {
		const p = platforms.create(cli, { name, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
		const { id } = assessments.create(cli, { platformId: p.id, templateKey: 'race', assessorIds: [], dueDate: null }).assessment;
		assessments.saveAnswer(cli, id, 'a1', { value: 'yes', na: false, assurance: 'claimed', note: '' }, 0, { as: 'staff' });
		assessments.submit(cli, id, { as: 'staff' });
		supportEvidence(cli, id);
		assessments.finalize(cli, id);
		candidates.push(p.id);
	}
});

const open = () => reviews.create(chair, { title: 'Custody shortlist', mandate: 'Choose a custodian.', candidates: candidates.map((platformId) => ({ platformId })), members: [ana.id] });

/** A form posted to the review page's action, as `who`. */
const post = (who: ReviewActor, reviewId: number, action: 'vote' | 'decide' | 'addMember', form: Record<string, string>) =>
	outcomeOf(() => actions[action](formEvent('/(app)/reviews/[id]', action, form, { locals: people.get(who.id)!, params: { id: String(reviewId) } }) as never));

const count = (sql: string, ...params: unknown[]) => (handle().sqlite.prepare(sql).get(...params) as { n: number }).n;
const events = (action: string, reviewId: number) => listEvents({ action }).filter((e) => e.entityId === String(reviewId));

describe('one member voting twice at once', () => {
	it('keeps one vote, the later one, and audits each change from what it replaced', async () => {
		const r = open();
		const [alpha] = r.candidates;
		beforeNextWrite(() => reviews.vote(ana, r.id, alpha.id, 'approve', 'From the first tab.'));
		expect(await post(ana, r.id, 'vote', { candidate: String(alpha.id), outcome: 'reject', rationale: 'From the second tab.' })).toMatchObject({ kind: 'accepted' });
		expect(count('SELECT count(*) AS n FROM review_votes WHERE candidate_id = ? AND user_id = ?', alpha.id, ana.id)).toBe(1);
		expect(reviews.get(ana, r.id)!.votes).toEqual([expect.objectContaining({ userId: ana.id, outcome: 'reject', rationale: 'From the second tab.' })]);
		expect(events('review.vote', r.id).map((e) => JSON.parse(e.details)).reverse()).toEqual([
			expect.objectContaining({ from: null, to: { outcome: 'approve', rationale: 'From the first tab.' } }),
			expect.objectContaining({ from: { outcome: 'approve', rationale: 'From the first tab.' }, to: { outcome: 'reject', rationale: 'From the second tab.' } })
		]);
	});
});

describe('the chair seating one member twice at once', () => {
	it('seats them once and answers the second with 409 saying they sit already', async () => {
		const r = open();
		beforeNextWrite(() => reviews.addMember(chair, r.id, bo.id));
		const outcome = await post(chair, r.id, 'addMember', { member: String(bo.id) });
		expect(outcome).toMatchObject({ kind: 'refused', label: 'fail 409', data: { field: 'userId', message: expect.stringMatching(/^Bo is a member already \(seated .*\); nothing was changed\.$/) } });
		expect(count('SELECT count(*) AS n FROM review_members WHERE review_id = ? AND user_id = ?', r.id, bo.id)).toBe(1);
		expect(events('review.add_member', r.id)).toHaveLength(1);
	});
});

describe('two decisions recorded at once', () => {
	it('keeps the first and refuses the second with 409 naming what was decided and by whom', async () => {
		const r = open();
		const [alpha, bravo] = r.candidates;
		beforeNextWrite(() => reviews.decide(admin, r.id, { [alpha.id]: 'approve', [bravo.id]: 'reject' }, 'Alpha only.'));
		const outcome = await post(chair, r.id, 'decide', { [`decision.${alpha.id}`]: 'conditional', [`decision.${bravo.id}`]: 'conditional', rationale: 'Both, with conditions.' });
		expect(outcome).toMatchObject({
			kind: 'refused',
			label: 'fail 409',
			data: { field: 'status', message: expect.stringMatching(/^Admin recorded the decision .*: Alpha approve, Bravo reject\. This review can no longer change; nothing was changed\.$/), values: { rationale: 'Both, with conditions.' } }
		});
		const d = reviews.get(chair, r.id)!;
		expect([d.status, d.decidedBy?.name, d.decisionRationale, d.candidates.map((c) => c.decision)]).toEqual(['decided', 'Admin', 'Alpha only.', ['approve', 'reject']]);
		expect(events('review.decide', r.id)).toHaveLength(1);
	});

	it('refuses with 409 a vote or a new member that arrives just after the decision', async () => {
		const r = open();
		const [alpha, bravo] = r.candidates;
		beforeNextWrite(() => reviews.decide(chair, r.id, { [alpha.id]: 'approve', [bravo.id]: 'approve' }, 'Both.'));
		expect(await post(ana, r.id, 'vote', { candidate: String(alpha.id), outcome: 'reject', rationale: 'Too late?' })).toMatchObject({
			kind: 'refused',
			label: 'fail 409',
			data: { field: 'status', message: expect.stringMatching(/^Chair recorded the decision/), values: { rationale: 'Too late?' } }
		});
		expect(await post(chair, r.id, 'addMember', { member: String(bo.id) })).toMatchObject({ kind: 'refused', label: 'fail 409', data: { field: 'status' } });
		expect(count('SELECT count(*) AS n FROM review_votes WHERE review_id = ?', r.id)).toBe(0);
		expect(count('SELECT count(*) AS n FROM review_members WHERE review_id = ? AND user_id = ?', r.id, bo.id)).toBe(0);
	});
});

describe('the database behind the review rules', () => {
	it('refuses a second vote row, a second seat and a second decision even from outside the application', () => {
		const r = open();
		const [alpha] = r.candidates;
		reviews.vote(ana, r.id, alpha.id, 'approve', 'Once.');
		const { sqlite } = handle();
		expect(() => sqlite.prepare(`INSERT INTO review_votes (review_id, candidate_id, user_id, outcome, rationale, created_at, updated_at) VALUES (?, ?, ?, 'reject', 'Twice.', 0, 0)`).run(r.id, alpha.id, ana.id)).toThrow(/UNIQUE/);
		expect(() => sqlite.prepare(`INSERT INTO review_members (review_id, user_id, added_at) VALUES (?, ?, 0)`).run(r.id, ana.id)).toThrow(/UNIQUE/);
		reviews.decide(chair, r.id, Object.fromEntries(r.candidates.map((c) => [c.id, 'approve'])), 'Approved.');
		expect(() => sqlite.prepare(`UPDATE reviews SET decided_by = ?, decision_rationale = 'Another decision.' WHERE id = ?`).run(admin.id, r.id)).toThrow(/decided review cannot be changed/);
	});
});
