// "My work": each queue's definition, against state changes made through the
// domain modules as the pages make them. Items appear when the work is due,
// leave when it is done, and never show in someone else's queue.
import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { recordAlone } from '../../src/lib/server/audit';
import * as users from '../../src/lib/server/auth/users';
import { handle } from '../../src/lib/server/db/index';
import type { Role } from '../../src/lib/server/db/schema';
import * as invitations from '../../src/lib/server/invitations';
import * as platforms from '../../src/lib/server/platforms';
import { countFor, workFor, type QueueKind, type Worker } from '../../src/lib/server/queue';
import * as reviews from '../../src/lib/server/reviews';
import type { ReviewActor } from '../../src/lib/server/reviews';
import * as templates from '../../src/lib/server/templates';
import { useTempDatabase } from '../helpers/database';
import { openedSelfAssessment } from '../helpers/self-assessment';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const cli = { id: null, label: 'cli' };
const DAY = 86_400_000;

const DOC = {
	format: 'clearance-template/1',
	key: 'wk',
	version: '1.0.0',
	title: 'Work test',
	sections: [
		{
			id: 'a',
			title: 'Section A',
			weight: 1,
			questions: [
				{ id: 'a1', prompt: 'Control one?', type: 'yes_no' },
				{ id: 'a2', prompt: 'Control two?', type: 'yes_no' }
			]
		}
	]
};

type Person = ReviewActor & Worker;
let amara: Person, bea: Person, ada: Person, chen: Person, dan: Person;

async function person(name: string, role: Role): Promise<Person> {
	const u = await users.create(cli, { email: `${name.toLowerCase().replace(' ', '.')}@example.com`, name, role, password: 'a long enough passphrase' });
	return { id: u.id, label: u.email, role: u.role };
}

let platformCount = 0;
function newPlatform(): { id: number; name: string } {
	const name = `Work Platform ${++platformCount}`;
	return { id: platforms.create(cli, { name, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' }).id, name };
}

function draft(by: Person, assessorIds: number[] = [], dueDate: string | null = null): { id: number; name: string } {
	const p = newPlatform();
	return { id: assessments.create(by, { platformId: p.id, templateKey: 'wk', assessorIds, dueDate }).assessment.id, name: p.name };
}

const submittedBy = (id: number) => (handle().sqlite.prepare('SELECT submitted_by AS s FROM assessments WHERE id = ?').get(id) as { s: number | null }).s;

/** The hrefs in one of a person's queues (undefined when that queue is not theirs at all). */
function hrefs(who: Worker, kind: QueueKind, now?: number): string[] | undefined {
	return workFor(who, now).find((q) => q.kind === kind)?.items.map((i) => i.href);
}

beforeAll(async () => {
	amara = await person('Amara Analyst', 'analyst');
	bea = await person('Bea Analyst', 'analyst');
	ada = await person('Ada Admin', 'admin');
	chen = await person('Chen Committee', 'committee');
	dan = await person('Dan Committee', 'committee');
	templates.importDocument(cli, DOC, { publish: true });
});

describe('drafts and the second analyst', () => {
	it('lists my drafts, as creator or assessor, and no one else’s', () => {
		const mine = draft(amara);
		const shared = draft(bea, [amara.id]);
		const beas = draft(bea);
		expect(hrefs(amara, 'drafts')).toEqual(expect.arrayContaining([`/assessments/${mine.id}`, `/assessments/${shared.id}`]));
		expect(hrefs(amara, 'drafts')).not.toContain(`/assessments/${beas.id}`);
		expect(hrefs(bea, 'drafts')).toEqual(expect.arrayContaining([`/assessments/${shared.id}`, `/assessments/${beas.id}`]));
		expect(hrefs(bea, 'drafts')).not.toContain(`/assessments/${mine.id}`);
	});

	it('puts an overdue draft first and says so', () => {
		const tomorrow = new Date(Date.now() + DAY).toISOString().slice(0, 10);
		const late = draft(amara, [], tomorrow);
		expect(workFor(amara).find((q) => q.kind === 'drafts')!.items[0]).toMatchObject({ href: `/assessments/${late.id}`, urgent: false, why: expect.stringMatching(new RegExp(`^due ${tomorrow}; `)) });
		// Three days on, it is overdue.
		const item = workFor(amara, Date.now() + 3 * DAY).find((q) => q.kind === 'drafts')!.items[0];
		expect(item.href).toBe(`/assessments/${late.id}`);
		expect(item.urgent).toBe(true);
		expect(item.why).toBe(`overdue since ${tomorrow}; last changed 3 days ago`);
	});

	it('moves a submitted draft to the other analysts’ queue to finalise, naming the submitter, and off it once final', () => {
		const a = draft(amara);
		const href = `/assessments/${a.id}`;
		assessments.submit(amara, a.id, { as: 'staff' });
		expect(submittedBy(a.id)).toBe(amara.id);
		expect(hrefs(amara, 'drafts')).not.toContain(href);
		// Not for the one who submitted it; for a second analyst, and an admin.
		expect(hrefs(amara, 'to-finalise')).not.toContain(href);
		const item = workFor(bea).find((q) => q.kind === 'to-finalise')!.items.find((i) => i.href === href)!;
		expect(item.title).toBe(a.name);
		expect(item.why).toMatch(/^submitted by Amara Analyst (just now|\d+ minutes? ago)$/);
		expect(hrefs(ada, 'to-finalise')).toContain(href);
		supportEvidence(bea, a.id);
		assessments.finalize(bea, a.id);
		expect(hrefs(bea, 'to-finalise')).not.toContain(href);
		expect(hrefs(ada, 'to-finalise')).not.toContain(href);
	});

	it('leaves a reopened assessment with its drafts again', () => {
		const a = draft(amara);
		assessments.submit(amara, a.id, { as: 'staff' });
		assessments.reopen(bea, a.id);
		expect(hrefs(bea, 'to-finalise')).not.toContain(`/assessments/${a.id}`);
		expect(hrefs(amara, 'drafts')).toContain(`/assessments/${a.id}`);
	});
});

describe('self-assessments', () => {
	it('asks the analyst who invited to verify once the platform submits, then to decide on answered clarifications', () => {
		const self = openedSelfAssessment(amara, 'wk');
		const href = `/assessments/${self.id}`;
		self.answer('a1', 'yes');
		self.answer('a2', 'yes');
		// With the platform: nothing to verify yet, and its draft is not mine to answer.
		expect(hrefs(amara, 'to-verify')).not.toContain(href);
		expect(hrefs(amara, 'drafts')).not.toContain(href);
		invitations.submit(self.ctx());
		expect(submittedBy(self.id)).toBeNull();
		const item = workFor(amara).find((q) => q.kind === 'to-verify')!.items.find((i) => i.href === href)!;
		expect(item.why).toMatch(/^submitted by the platform/);
		expect(hrefs(bea, 'to-verify')).not.toContain(href);
		// A self-assessment is verified, not "finalised by a second analyst".
		expect(hrefs(bea, 'to-finalise')).not.toContain(href);

		// A question goes to the platform: off my queue while it is with them.
		assessments.decide(amara, self.id, 'a2', { decision: 'clarification', comment: 'Which control, exactly?' });
		assessments.requestClarification(amara, self.id);
		expect(hrefs(amara, 'to-verify')).not.toContain(href);
		expect(hrefs(amara, 'clarifications')).not.toContain(href);

		// The platform answers: back to me as an answered clarification, not as a fresh verification.
		self.answer('a2', 'no');
		invitations.submit(self.ctx());
		const back = workFor(amara).find((q) => q.kind === 'clarifications')!.items.find((i) => i.href === href)!;
		expect(back.why).toMatch(/^the platform answered 1 question/);
		expect(hrefs(amara, 'to-verify')).not.toContain(href);
		expect(hrefs(bea, 'clarifications')).not.toContain(href);

		// Decided: the rest of the verification remains.
		assessments.decide(amara, self.id, 'a2', { decision: 'accepted' });
		expect(hrefs(amara, 'clarifications')).not.toContain(href);
		expect(hrefs(amara, 'to-verify')).toContain(href);
	});

	it('warns of my live invitations in their last three days, and forgets them once answered, revoked or lapsed', () => {
		const p = newPlatform();
		const { invitation } = invitations.invite(amara, { platformId: p.id, templateKey: 'wk', respondentName: 'Rita', respondentEmail: 'rita@platform.example', message: '', expiresInDays: 14 });
		const href = `/platforms/${p.id}`;
		const now = Date.now();
		expect(hrefs(amara, 'invitations', now)).not.toContain(href);
		const late = now + 12 * DAY;
		const item = workFor(amara, late).find((q) => q.kind === 'invitations')!.items.find((i) => i.href === href)!;
		expect(item.why).toBe('Rita’s link expires in 2 days, unanswered');
		expect(hrefs(bea, 'invitations', late)).not.toContain(href);
		expect(hrefs(amara, 'invitations', now + 15 * DAY)).not.toContain(href);
		invitations.revoke(amara, invitation.id);
		expect(hrefs(amara, 'invitations', late)).not.toContain(href);
	});
});

describe('committee reviews', () => {
	let reviewId = 0;
	let candidateIds: number[] = [];

	beforeAll(() => {
		const finals = [newPlatform(), newPlatform()].map((p) => {
			const { id } = assessments.create(amara, { platformId: p.id, templateKey: 'wk', assessorIds: [], dueDate: null }).assessment;
			assessments.saveAnswer(amara, id, 'a1', { value: 'yes', na: false, assurance: 'claimed', note: '' }, 0, { as: 'staff' });
			assessments.submit(amara, id, { as: 'staff' });
			supportEvidence(bea, id);
			assessments.finalize(bea, id);
			return p.id;
		});
		const created = reviews.create(amara, { title: 'Work review', mandate: 'Choose one.', candidates: finals.map((platformId) => ({ platformId })), members: [chen.id] });
		reviewId = created.id;
		candidateIds = created.candidates.map((c) => c.id);
	});

	it('waits for each member’s vote on every candidate, and never for a non-member', () => {
		const href = `/reviews/${reviewId}`;
		const item = workFor(chen).find((q) => q.kind === 'reviews-to-vote')!.items.find((i) => i.href === href)!;
		expect(item.why).toMatch(/^no vote from you yet/);
		expect(hrefs(dan, 'reviews-to-vote')).not.toContain(href);
		reviews.vote(chen, reviewId, candidateIds[0], 'approve', 'Strong controls.');
		expect(workFor(chen).find((q) => q.kind === 'reviews-to-vote')!.items.find((i) => i.href === href)!.why).toMatch(/^your vote is missing on 1 of 2 candidates/);
		reviews.vote(chen, reviewId, candidateIds[1], 'reject', 'Weak controls.');
		expect(hrefs(chen, 'reviews-to-vote')).not.toContain(href);
	});

	it('tells the chair when every vote is in, and stops once decided', () => {
		const href = `/reviews/${reviewId}`;
		// The chair is a member too and has not voted: not all votes are in.
		expect(hrefs(amara, 'reviews-to-decide')).not.toContain(href);
		expect(hrefs(amara, 'reviews-to-vote')).toContain(href);
		reviews.vote(amara, reviewId, candidateIds[0], 'approve', 'Agreed.');
		reviews.vote(amara, reviewId, candidateIds[1], 'conditional', 'With conditions.');
		expect(hrefs(amara, 'reviews-to-vote')).not.toContain(href);
		expect(hrefs(amara, 'reviews-to-decide')).toEqual([href]);
		expect(hrefs(bea, 'reviews-to-decide')).not.toContain(href);
		reviews.decide(amara, reviewId, { [candidateIds[0]]: 'approve', [candidateIds[1]]: 'reject' }, 'The first, as voted.');
		expect(hrefs(amara, 'reviews-to-decide')).not.toContain(href);
	});

	it('shows a committee member committee work only, however much staff work there is', () => {
		expect(workFor(chen).map((q) => q.kind)).toEqual(['reviews-to-vote', 'conditions-due']);
		expect(workFor(amara).map((q) => q.kind)).not.toContain('security-events');
	});
});

describe('the admin', () => {
	it('sees the last week’s security events, grouped by kind, and accounts locked out now', () => {
		const before = workFor(ada).find((q) => q.kind === 'security-events')!.items.find((i) => i.key === 'access.denied');
		recordAlone(bea, { action: 'access.denied', entityType: 'route', entityId: '/(app)/admin', details: {} });
		recordAlone(bea, { action: 'access.denied', entityType: 'route', entityId: '/(app)/admin/users', details: {} });
		const denied = workFor(ada).find((q) => q.kind === 'security-events')!.items.find((i) => i.key === 'access.denied')!;
		expect(denied.title).toBe(`${(before ? Number(before.title.split(' ')[0]) : 0) + 2} refused requests`);
		expect(denied.href).toMatch(/^\/admin\/audit\?action=access.denied&from=\d{4}-\d{2}-\d{2}$/);
		// Eight days on, they are history.
		expect(workFor(ada, Date.now() + 8 * DAY).find((q) => q.kind === 'security-events')!.items).toEqual([]);

		handle().sqlite.prepare('INSERT INTO rate_limits (key, failures, window_start) VALUES (?, ?, ?)').run('login:account:bea.analyst@example.com', 5, Date.now());
		const locked = workFor(ada).find((q) => q.kind === 'locked-accounts')!.items;
		expect(locked.map((i) => i.title)).toEqual(['bea.analyst@example.com']);
		expect(locked[0].why).toMatch(/^locked out after 5 failed sign-ins; unlocks in \d+ minutes$/);
		expect(hrefs(amara, 'locked-accounts')).toBeUndefined();
	});

	it('counts what asks for action in the badge, not the events to read', () => {
		const queues = workFor(ada);
		const actionable = queues.filter((q) => q.kind !== 'security-events').reduce((n, q) => n + q.items.length, 0);
		expect(queues.find((q) => q.kind === 'security-events')!.items.length).toBeGreaterThan(0);
		expect(countFor(ada)).toBe(actionable);
		expect(countFor(chen)).toBe(workFor(chen)[0].items.length);
	});
});
