// Conditions of "approve with conditions": written with the chair's decision
// (one at least, refused naming the field otherwise), closed when their
// findings close or when the chair or an admin signs them off, and the
// races around that: every rule checked inside the write transaction.
import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import * as conditions from '../../src/lib/server/conditions';
import { dashboard } from '../../src/lib/server/dashboard';
import { handle, write } from '../../src/lib/server/db/index';
import type { Role } from '../../src/lib/server/db/schema';
import * as platforms from '../../src/lib/server/platforms';
import { workFor } from '../../src/lib/server/queue';
import * as reviews from '../../src/lib/server/reviews';
import type { ReviewActor } from '../../src/lib/server/reviews';
import * as templates from '../../src/lib/server/templates';
import * as users from '../../src/lib/server/auth/users';
import { actions } from '../../src/routes/(app)/reviews/[id]/+page.server';
import { useTempDatabase } from '../helpers/database';
import { addFinding, setFindingStatus } from '../helpers/findings-rows';
import { beforeNextWrite } from '../helpers/interleave';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const cli = { id: null, label: 'cli' };
const DOC = {
	format: 'clearance-template/1',
	key: 'cond',
	version: '1.0.0',
	title: 'Conditions test',
	sections: [{ id: 'a', title: 'Section A', weight: 1, questions: [{ id: 'a1', prompt: 'Control?', type: 'yes_no' }] }]
};

let chair: ReviewActor, ana: ReviewActor, other: ReviewActor, admin: ReviewActor;
const people = new Map<number, Locals>();
const platformIds: Record<string, number> = {};

async function person(name: string, role: Role): Promise<ReviewActor> {
	const u = await users.create(cli, { email: `${name}@example.com`, name, role, password: 'a long enough passphrase' });
	people.set(u.id, { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, respondent: null });
	return { id: u.id, label: u.email, role: u.role };
}

beforeAll(async () => {
	chair = await person('Chair', 'analyst');
	ana = await person('Ana', 'committee');
	other = await person('Other', 'analyst');
	admin = await person('Admin', 'admin');
	templates.importDocument(cli, DOC, { publish: true });
	for (const name of ['Alpha', 'Bravo']) {
		const p = platforms.create(cli, { name, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
		const { id } = assessments.create(cli, { platformId: p.id, templateKey: 'cond', assessorIds: [], dueDate: null }).assessment;
		assessments.saveAnswer(cli, id, 'a1', { value: 'yes', na: false, assurance: 'claimed', note: '' }, 0, { as: 'staff' });
		assessments.submit(cli, id, { as: 'staff' });
		supportEvidence(cli, id);
		assessments.finalize(cli, id);
		platformIds[name] = p.id;
	}
});

const open = (title = 'Custody shortlist') =>
	reviews.create(chair, { title, mandate: 'Choose a custodian.', candidates: Object.values(platformIds).map((platformId) => ({ platformId })), members: [ana.id] });

const post = (who: ReviewActor, reviewId: number, action: 'decide' | 'signOff', form: Record<string, string | string[]>) =>
	outcomeOf(() => actions[action](formEvent('/(app)/reviews/[id]', action, form, { locals: people.get(who.id)!, params: { id: String(reviewId) } }) as never));

const count = (sql: string, ...params: unknown[]) => (handle().sqlite.prepare(sql).get(...params) as { n: number }).n;
const events = (action: string) => listEvents({ action });
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A review decided with Bravo approved on one condition waiting on `findingIds` (none: free text). */
function decided(findingIds: number[] = [], dueOn = later(30)) {
	const r = open();
	const [alpha, bravo] = r.candidates;
	reviews.decide(chair, r.id, { [alpha.id]: 'approve', [bravo.id]: 'conditional' }, 'Alpha now; Bravo on a condition.', {
		conditions: { [bravo.id]: [{ text: 'Fix the key ceremony.', dueOn, findingIds }] }
	});
	return { review: r, condition: conditions.forReview(r.id)[0] };
}

describe('the chair’s decision with conditions', () => {
	it('records each condition of a candidate approved with conditions, with its due date and the findings it waits on, in the decision’s transaction', async () => {
		const r = open();
		const [alpha, bravo] = r.candidates;
		const f = addFinding({ platformId: platformIds.Bravo, title: 'No independent witness', severity: 'high' });
		const outcome = await post(chair, r.id, 'decide', {
			[`decision.${alpha.id}`]: 'approve',
			[`decision.${bravo.id}`]: 'conditional',
			rationale: 'Alpha now; Bravo on two conditions.',
			[`condition.${bravo.id}.0.text`]: 'Witnessed key ceremony.',
			[`condition.${bravo.id}.0.due`]: later(45),
			[`condition.${bravo.id}.0.findings`]: [String(f)],
			[`condition.${bravo.id}.1.text`]: 'Renewed insurance certificate.',
			[`condition.${bravo.id}.1.due`]: later(14),
			// A slot left empty is not a condition.
			[`condition.${bravo.id}.2.text`]: '',
			[`condition.${bravo.id}.2.due`]: ''
		});
		expect(outcome).toMatchObject({ kind: 'accepted' });
		const list = conditions.forReview(r.id);
		expect(list.map((c) => [c.platformName, c.text, c.dueOn, c.findings.map((x) => x.id), c.state.open])).toEqual([
			['Bravo', 'Renewed insurance certificate.', later(14), [], true],
			['Bravo', 'Witnessed key ceremony.', later(45), [f], true]
		]);
		expect(events('condition.create').filter((e) => JSON.parse(e.details).reviewId === r.id)).toHaveLength(2);
		expect(conditions.forPlatform(platformIds.Bravo).map((c) => c.id)).toEqual(expect.arrayContaining(list.map((c) => c.id)));
	});

	it('refuses "approve with conditions" without a condition, naming the field, and saves nothing: the review stays open', async () => {
		const r = open();
		const [alpha, bravo] = r.candidates;
		const outcome = await post(chair, r.id, 'decide', { [`decision.${alpha.id}`]: 'approve', [`decision.${bravo.id}`]: 'conditional', rationale: 'Bravo on conditions I forgot to write.' });
		expect(outcome).toMatchObject({
			kind: 'refused',
			label: 'fail 400',
			data: { field: `conditions.${bravo.id}`, message: expect.stringContaining('needs at least one condition for Bravo'), values: { rationale: 'Bravo on conditions I forgot to write.' } }
		});
		expect(reviews.get(chair, r.id)!.status).toBe('open');
		expect(count('SELECT count(*) AS n FROM conditions WHERE review_id = ?', r.id)).toBe(0);
	});

	it('names the bad field of a condition (a past or impossible due date, another platform’s or a closed finding) and keeps what the chair wrote', async () => {
		const r = open();
		const [alpha, bravo] = r.candidates;
		const foreign = addFinding({ platformId: platformIds.Alpha });
		const closed = addFinding({ platformId: platformIds.Bravo, status: 'verified' });
		const base = { [`decision.${alpha.id}`]: 'approve', [`decision.${bravo.id}`]: 'conditional', rationale: 'Why.' };
		const cases: Array<[Record<string, string | string[]>, string, RegExp]> = [
			[{ [`condition.${bravo.id}.0.text`]: 'Do it.', [`condition.${bravo.id}.0.due`]: '2099-02-30' }, `condition.${bravo.id}.0.due`, /YYYY-MM-DD/],
			[{ [`condition.${bravo.id}.0.text`]: 'Do it.', [`condition.${bravo.id}.0.due`]: '2000-01-01' }, `condition.${bravo.id}.0.due`, /from today on/],
			[{ [`condition.${bravo.id}.0.text`]: '', [`condition.${bravo.id}.0.due`]: later(5) }, `condition.${bravo.id}.0.text`, /Write the condition/],
			[{ [`condition.${bravo.id}.0.text`]: 'Do it.', [`condition.${bravo.id}.0.due`]: later(5), [`condition.${bravo.id}.0.findings`]: [String(foreign)] }, `condition.${bravo.id}.0.findings`, /findings of Bravo/],
			[{ [`condition.${bravo.id}.0.text`]: 'Do it.', [`condition.${bravo.id}.0.due`]: later(5), [`condition.${bravo.id}.0.findings`]: [String(closed)] }, `condition.${bravo.id}.0.findings`, /closed already/],
			[{ [`condition.${alpha.id}.0.text`]: 'Only for a conditional one.', [`condition.${alpha.id}.0.due`]: later(5), [`condition.${bravo.id}.0.text`]: 'Do it.', [`condition.${bravo.id}.0.due`]: later(5) }, `conditions.${alpha.id}`, /Alpha is not approved with conditions/]
		];
		for (const [fields, field, message] of cases) {
			const outcome = await post(chair, r.id, 'decide', { ...base, ...fields });
			expect(outcome, field).toMatchObject({ kind: 'refused', label: 'fail 400', data: { field, message: expect.stringMatching(message) } });
			const echoed = (outcome as { data: { values: { conditions: Record<string, unknown> } } }).data.values.conditions;
			expect(echoed[`condition.${bravo.id}.0.text`] ?? echoed[`condition.${alpha.id}.0.text`]).toBe(fields[`condition.${bravo.id}.0.text`] ?? fields[`condition.${alpha.id}.0.text`]);
		}
		expect(reviews.get(chair, r.id)!.status).toBe('open');
		expect(count('SELECT count(*) AS n FROM conditions WHERE review_id = ?', r.id)).toBe(0);
	});
});

describe('a condition waiting on findings', () => {
	it('closes when every finding it waits on closes, opens again when one reopens or an acceptance runs out, and records each move when a write touches it', () => {
		const one = addFinding({ platformId: platformIds.Bravo, title: 'One' });
		const two = addFinding({ platformId: platformIds.Bravo, title: 'Two' });
		const { condition } = decided([one, two]);
		const state = () => conditions.forReview(condition.reviewId).find((c) => c.id === condition.id)!;
		const stored = () => handle().sqlite.prepare('SELECT status, closed_how AS closedHow FROM conditions WHERE id = ?').get(condition.id);
		const touch = (id: number) => write((tx) => conditions.settleForFindings(tx, cli, [id]));

		setFindingStatus(one, 'verified');
		touch(one);
		expect(state().state).toMatchObject({ open: true });
		// Dismissed counts as closed; read at once, before any write records it.
		setFindingStatus(two, 'dismissed');
		expect(state().state).toEqual({ open: false, closedHow: 'findings_closed', overdue: false });
		expect(stored()).toEqual({ status: 'open', closedHow: null });
		touch(two);
		expect(stored()).toEqual({ status: 'closed', closedHow: 'findings_closed' });

		// An acceptance counts while it holds; the day after its expiry the finding is open, and so is the condition.
		setFindingStatus(two, 'accepted', { acceptanceExpiresOn: later(10) });
		expect(state().state.open).toBe(false);
		setFindingStatus(two, 'accepted', { acceptanceExpiresOn: later(-1) });
		expect(state().state.open).toBe(true);
		touch(two);
		expect(stored()).toEqual({ status: 'open', closedHow: null });
		expect(events('condition.close').some((e) => e.entityId === String(condition.id))).toBe(true);
		expect(events('condition.reopen').some((e) => e.entityId === String(condition.id))).toBe(true);
	});
});

describe('signing a condition off', () => {
	it('is the chair’s or an admin’s: a committee member is refused with 403, an analyst off the committee finds no such review, and nothing changes', async () => {
		const { review, condition } = decided();
		const form = { condition: String(condition.id), version: String(condition.version), note: 'Looks done to me.' };
		expect(await post(ana, review.id, 'signOff', form)).toMatchObject({ kind: 'refused', label: 'fail 403', data: { field: 'condition', message: expect.stringContaining('Only the chair') } });
		expect(await post(other, review.id, 'signOff', form)).toMatchObject({ kind: 'refused', label: 'error 404' });
		expect(conditions.forReview(review.id)[0].state.open).toBe(true);
		expect(await post(admin, review.id, 'signOff', { condition: String(condition.id), version: String(condition.version), note: 'Certificate seen.' })).toMatchObject({ kind: 'accepted' });
		const after = conditions.forReview(review.id)[0];
		expect([after.state, after.closedBy, after.closingNote]).toEqual([{ open: false, closedHow: 'signed_off', overdue: false }, 'Admin', 'Certificate seen.']);
		const audit = events('condition.sign_off').find((e) => e.entityId === String(condition.id))!;
		expect(JSON.parse(audit.details)).toMatchObject({ reviewId: review.id, note: 'Certificate seen.' });
	});

	it('needs a note, naming the field, and refuses a second sign-off with 409', async () => {
		const { review, condition } = decided();
		expect(await post(chair, review.id, 'signOff', { condition: String(condition.id), version: String(condition.version), note: '  ' })).toMatchObject({ kind: 'refused', label: 'fail 400', data: { field: 'note' } });
		expect(await post(chair, review.id, 'signOff', { condition: String(condition.id), version: String(condition.version), note: 'Done.' })).toMatchObject({ kind: 'accepted' });
		expect(await post(admin, review.id, 'signOff', { condition: String(condition.id), version: String(condition.version), note: 'Done too.' })).toMatchObject({ kind: 'refused', label: 'fail 409', data: { message: expect.stringContaining('Chair signed this condition off already') } });
		expect(events('condition.sign_off').filter((e) => e.entityId === String(condition.id))).toHaveLength(1);
	});

	it('refuses another review’s condition as not found', async () => {
		const { condition } = decided();
		const elsewhere = open('Another shortlist');
		expect(await post(chair, elsewhere.id, 'signOff', { condition: String(condition.id), version: String(condition.version), note: 'Wrong page.' })).toMatchObject({ kind: 'refused', label: 'fail 404' });
	});
});

describe('a sign-off racing a finding', () => {
	it('answers 409, not a sign-off, when the condition’s findings all closed just before', async () => {
		const f = addFinding({ platformId: platformIds.Bravo });
		const { review, condition } = decided([f]);
		beforeNextWrite(() => {
			setFindingStatus(f, 'verified');
		});
		const outcome = await post(chair, review.id, 'signOff', { condition: String(condition.id), version: String(condition.version), note: 'Met.' });
		expect(outcome).toMatchObject({ kind: 'refused', label: 'fail 409', data: { field: 'condition', message: expect.stringContaining('closed meanwhile') } });
		expect(conditions.forReview(review.id)[0].state.closedHow).toBe('findings_closed');
	});

	it('answers 409 when a finding it waits on reopened since the chair read the page, and signs off once re-read', async () => {
		const f = addFinding({ platformId: platformIds.Bravo });
		const g = addFinding({ platformId: platformIds.Bravo });
		const { review, condition } = decided([f, g]);
		// The chair reads the page; meanwhile both findings close (the condition with them), and one reopens; each writer records what that does to the condition.
		beforeNextWrite(() => {
			setFindingStatus(f, 'verified');
			write((tx) => conditions.settleForFindings(tx, cli, [f]));
			setFindingStatus(g, 'verified');
			write((tx) => conditions.settleForFindings(tx, cli, [g]));
			setFindingStatus(g, 'open');
			write((tx) => conditions.settleForFindings(tx, cli, [g]));
		});
		const outcome = await post(chair, review.id, 'signOff', { condition: String(condition.id), version: String(condition.version), note: 'Met.' });
		expect(outcome).toMatchObject({ kind: 'refused', label: 'fail 409', data: { message: expect.stringContaining('changed since you opened the page') } });
		const fresh = conditions.forReview(review.id)[0];
		expect(fresh.state.open).toBe(true);
		expect(await post(chair, review.id, 'signOff', { condition: String(condition.id), version: String(fresh.version), note: 'Met, after all.' })).toMatchObject({ kind: 'accepted' });
	});
});

describe('where conditions and findings show', () => {
	it('puts an open condition on the dashboard and the chair’s work queue until it is signed off, and counts findings due and waiting', () => {
		const due = addFinding({ platformId: platformIds.Alpha, title: 'Due soon', dueOn: later(3) });
		const late = addFinding({ platformId: platformIds.Alpha, title: 'Overdue', dueOn: later(-2) });
		const answered = addFinding({ platformId: platformIds.Alpha, title: 'Answered', status: 'remediated' });
		const ending = addFinding({ platformId: platformIds.Alpha, title: 'Ending', status: 'accepted', acceptanceExpiresOn: later(20) });
		const { review, condition } = decided([], later(7));
		const board = dashboard();
		expect(board.conditions.map((c) => c.id)).toContain(condition.id);
		expect(board.findings.due.rows.map((r) => r.id)).toEqual(expect.arrayContaining([due, late]));
		expect(board.findings.due.overdue).toBeGreaterThanOrEqual(1);
		expect(board.findings.toVerify.rows.map((r) => r.id)).toContain(answered);
		expect(board.findings.expiring.rows.map((r) => r.id)).toContain(ending);
		const queue = workFor({ id: chair.id, role: 'analyst' });
		expect(queue.find((q) => q.kind === 'conditions-due')!.items.map((i) => i.key)).toContain(`c${condition.id}`);
		expect(queue.find((q) => q.kind === 'findings-due')!.items.find((i) => i.key === `f${late}`)).toMatchObject({ urgent: true });
		expect(workFor({ id: ana.id, role: 'committee' }).find((q) => q.kind === 'conditions-due')!.items).toEqual([]);

		conditions.signOff(chair, review.id, { condition: condition.id, version: condition.version, note: 'Met.' });
		expect(dashboard().conditions.map((c) => c.id)).not.toContain(condition.id);
		expect(workFor({ id: chair.id, role: 'analyst' }).find((q) => q.kind === 'conditions-due')!.items.map((i) => i.key)).not.toContain(`c${condition.id}`);
	});
});
