// Issue 21, points 1 and 3: findings proposed when an assessment is finalised
// (exactly the knock-outs and weak answers, with the documented severities),
// triaged by analysts (confirm, edit with a stale version caught, dismiss
// with a reason, merge, write by hand) and accepted as risks by whom the
// severity allows, until an expiry after which they read open again.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import * as users from '../../src/lib/server/auth/users';
import { createSession } from '../../src/lib/server/auth/session';
import { getDb, write } from '../../src/lib/server/db/index';
import { finding, findingQuestion } from '../../src/lib/server/db/schema';
import * as findings from '../../src/lib/server/findings';
import * as platforms from '../../src/lib/server/platforms';
import * as templates from '../../src/lib/server/templates';
import { addDays } from '../../src/lib/findings/dates';
import { dayOf, DEFAULT_DUE_DAYS } from '../../src/lib/findings/vocabulary';
import { actions as findingPage } from '../../src/routes/(app)/findings/[id]/+page.server';
import { useTempDatabase } from '../helpers/database';
import { beforeNextWrite } from '../helpers/interleave';
import { refusalOf } from '../helpers/refusal';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';

useTempDatabase();
const cli = { id: null, label: 'cli' };
const staff = { as: 'staff' } as const;

/**
 * k1 caps at D (critical), k2 at C (high), k3 at B (medium, never triggered
 * here); w5 weighs 5, w3 3, w2 2; na may be N/A; u3 stays unanswered.
 */
const TEMPLATE = {
	format: 'clearance-template/1',
	key: 'weak',
	version: '1.0.0',
	title: 'Weak answers',
	sections: [
		{
			id: 's',
			title: 'Section',
			weight: 100,
			questions: [
				{ id: 'k1', prompt: 'Are key holders interviewed live, on camera, by two staff?', type: 'yes_no', weight: 2, critical: { minScore: 1, capGrade: 'D' } },
				{ id: 'k2', prompt: 'Are hardware keys required for production access?', type: 'yes_partial_no', weight: 3, critical: { minScore: 1, capGrade: 'C' } },
				{ id: 'k3', prompt: 'Is there a named security officer?', type: 'yes_no', weight: 3, critical: { minScore: 1, capGrade: 'B' } },
				{ id: 'w5', prompt: 'Are withdrawals above the limit co-signed?', type: 'yes_partial_no', weight: 5 },
				{ id: 'w3', prompt: 'How mature is insider-threat monitoring?', type: 'maturity', weight: 3 },
				{ id: 'w2', prompt: 'Do staff take security training yearly?', type: 'yes_no', weight: 2 },
				{ id: 'ok', prompt: 'Are access reviews quarterly?', type: 'yes_no', weight: 3 },
				{ id: 'na', prompt: 'Is cold storage segregated?', type: 'yes_no', weight: 4, allowNA: true },
				{ id: 'u3', prompt: 'Is there a bug bounty?', type: 'yes_no', weight: 3 }
			]
		}
	]
};

type Person = { id: number; email: string; name: string; role: 'analyst' | 'admin' };
let ana: Person;
let bea: Person;
let ada: Person;
const as = (p: Person) => ({ id: p.id, label: p.email });
const answer = (value: string | number | null, na = false) => ({ value, na, assurance: 'claimed' as const, note: '' });

beforeAll(async () => {
	templates.importDocument(cli, TEMPLATE, { publish: true });
	const make = async (email: string, name: string, role: 'analyst' | 'admin') => {
		const u = await users.create(cli, { email, name, role, password: 'a long and unusual passphrase 1' });
		return { id: u.id, email: u.email, name: u.name, role };
	};
	ana = await make('ana@example.com', 'Ana Lyst', 'analyst');
	bea = await make('bea@example.com', 'Bea Second', 'analyst');
	ada = await make('ada@example.com', 'Ada Admin', 'admin');
});

let n = 0;
/** A platform with one assessment answered as the fixture says, submitted by Ana and finalised by Bea (four eyes). */
function finalised(): { platformId: number; assessmentId: number } {
	const p = platforms.create(cli, { name: `Weak ${++n}`, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
	const id = assessments.create(as(ana), { platformId: p.id, templateKey: 'weak', assessorIds: [], dueDate: null }).assessment.id;
	const answers: Array<[string, ReturnType<typeof answer>]> = [
		['k1', answer('no')],
		['k2', answer('partial')],
		['k3', answer('yes')],
		['w5', answer('no')],
		['w3', answer(2)],
		['w2', answer('no')],
		['ok', answer('yes')],
		['na', answer(null, true)]
	];
	for (const [q, a] of answers) assessments.saveAnswer(as(ana), id, q, a, 0, staff);
	assessments.submit(as(ana), id, staff);
	assessments.finalize(as(bea), id);
	return { platformId: p.id, assessmentId: id };
}

const rowsOf = (assessmentId: number) => getDb().select().from(finding).where(eq(finding.assessmentId, assessmentId)).orderBy(finding.id).all();
const questionsOf = (id: number) => getDb().select().from(findingQuestion).where(eq(findingQuestion.findingId, id)).all().map((q) => q.questionId);
const today = () => dayOf(Date.now());

describe('proposals at finalise', () => {
	it('proposes exactly the triggered knock-outs and the weak answers on questions of weight 3 or more, with the documented severity', () => {
		const { assessmentId, platformId } = finalised();
		const rows = rowsOf(assessmentId);
		expect(rows.map((r) => [questionsOf(r.id), r.severity, r.status, r.origin])).toEqual([
			[['k1'], 'critical', 'proposed', 'proposed'],
			[['k2'], 'high', 'proposed', 'proposed'],
			[['w5'], 'high', 'proposed', 'proposed'],
			[['w3'], 'medium', 'proposed', 'proposed']
		]);
		expect(rows.every((r) => r.platformId === platformId && r.dueOn === null)).toBe(true);
		expect(rows[0].title).toBe('Are key holders interviewed live, on camera, by two staff?');
		expect(rows[0].detail).toMatch(/Knock-out.*capped at D/);
		expect(rows[3].detail).toMatch(/scores 0\.4 of 1.*weight 3/);
		// History: each proposal's first step is by Clearance itself.
		const steps = findings.history(getDb(), rows[0].id);
		expect(steps.map((s) => [s.kind, s.actorKind, s.toStatus])).toEqual([['proposed', 'system', 'proposed']]);
		// The finalise's audit entry names what it proposed.
		const finalize = listEvents({ action: 'assessment.finalize' }).find((e) => e.entityId === String(assessmentId))!;
		expect(JSON.parse(finalize.details).findingsProposed).toEqual(rows.map((r) => r.id));
	});

	it('never proposes twice for the same assessment', () => {
		const { assessmentId, platformId } = finalised();
		const before = rowsOf(assessmentId).length;
		const a = assessments.get(assessmentId)!;
		const added = write((tx) => findings.proposeAtFinalise(tx, { assessmentId, platformId, template: a.template.doc, explained: assessments.explainCurrent(a), at: Date.now() }));
		expect(added).toEqual([]);
		expect(rowsOf(assessmentId)).toHaveLength(before);
	});

	it('lists a platform’s findings with counts by severity, proposals apart', () => {
		const { platformId } = finalised();
		const { findings: list, counts } = findings.listForPlatform(platformId, today());
		expect(list.map((f) => f.severity)).toEqual(['critical', 'high', 'high', 'medium']);
		expect(counts).toEqual({ open: { critical: 0, high: 0, medium: 0, low: 0 }, proposed: 4, overdue: 0, accepted: 0, closed: 0 });
	});
});

describe('triage', () => {
	it('confirms a proposal: open, due by default for its severity, in the history and the audit trail', () => {
		const { assessmentId } = finalised();
		const [k1] = rowsOf(assessmentId);
		const confirmed = findings.confirm(as(ana), k1.id, { version: k1.version, dueOn: null });
		expect(confirmed.status).toBe('open');
		expect(confirmed.dueOn).toBe(addDays(today(), DEFAULT_DUE_DAYS.critical));
		expect(findings.history(getDb(), k1.id).map((s) => [s.kind, s.fromStatus, s.toStatus, s.actorId])).toEqual([
			['proposed', null, 'proposed', null],
			['confirmed', 'proposed', 'open', ana.id]
		]);
		expect(listEvents({ action: 'finding.confirm' }).some((e) => e.entityId === String(k1.id) && e.entityType === 'finding')).toBe(true);
	});

	it('confirms several at once, and refuses the whole batch with 409 when one was dismissed meanwhile', () => {
		const { assessmentId, platformId } = finalised();
		const [a, b, c] = rowsOf(assessmentId);
		findings.dismiss(as(bea), c.id, { version: c.version, reason: 'Duplicate of the vendor’s own report.' });
		const err = refusalOf(() => findings.confirmMany(as(ana), platformId, [a.id, b.id, c.id]));
		expect([err.status, err.field]).toEqual([409, 'ids']);
		expect(err.message).toContain(`#${c.id}`);
		expect(rowsOf(assessmentId).slice(0, 2).map((r) => r.status)).toEqual(['proposed', 'proposed']);
		const done = findings.confirmMany(as(ana), platformId, [a.id, b.id]);
		expect(done.map((r) => [r.status, r.dueOn])).toEqual([
			['open', addDays(today(), DEFAULT_DUE_DAYS[a.severity])],
			['open', addDays(today(), DEFAULT_DUE_DAYS[b.severity])]
		]);
	});

	it('refuses a stale edit with 409 naming `version`, and the save changes nothing', () => {
		const { assessmentId } = finalised();
		const [k1] = rowsOf(assessmentId);
		const fields = { title: k1.title, detail: '', severity: k1.severity, ownerName: '', ownerEmail: '', internalOwnerId: null, dueOn: null };
		findings.edit(as(bea), k1.id, { ...fields, title: 'Bea’s title', version: k1.version });
		const err = refusalOf(() => findings.edit(as(ana), k1.id, { ...fields, title: 'Ana’s title', version: k1.version }), findings.FindingConflict);
		expect([err.status, err.field]).toEqual([409, 'version']);
		expect(err.message).toContain('Bea Second');
		expect(err.current.title).toBe('Bea’s title');
		expect(rowsOf(assessmentId)[0].title).toBe('Bea’s title');
	});

	it('refuses an internal owner who is not an active analyst or admin, naming the field', async () => {
		const { assessmentId } = finalised();
		const [k1] = rowsOf(assessmentId);
		const member = await users.create(cli, { email: `c${n}@example.com`, name: 'Cora Committee', role: 'committee', password: 'a long and unusual passphrase 1' });
		const err = refusalOf(() =>
			findings.edit(as(ana), k1.id, { title: k1.title, detail: '', severity: k1.severity, ownerName: '', ownerEmail: '', internalOwnerId: member.id, dueOn: null, version: k1.version })
		);
		expect(err.field).toBe('internalOwnerId');
		expect(rowsOf(assessmentId)[0].internalOwnerId).toBeNull();
	});

	it('refuses to dismiss without a reason, naming `reason`, through the finding page’s action', async () => {
		const { assessmentId } = finalised();
		const [k1] = rowsOf(assessmentId);
		const locals: Locals = { user: ana as never, session: null, respondent: null };
		const out = await outcomeOf(() => findingPage.dismiss(formEvent('/(app)/findings/[id]', 'dismiss', { reason: '   ', version: String(k1.version) }, { locals, params: { id: String(k1.id) }, path: `/findings/${k1.id}` }) as never));
		expect(out).toMatchObject({ label: 'fail 400', data: { errors: { reason: expect.stringMatching(/reason is required/) } } });
		expect(rowsOf(assessmentId)[0].status).toBe('proposed');
	});

	it('merges findings: questions united, the most severe severity kept, the others dismissed pointing at it', () => {
		const { assessmentId, platformId } = finalised();
		const [k1, k2, w5] = rowsOf(assessmentId);
		const kept = findings.merge(as(ana), platformId, w5.id, [k1.id, k2.id]);
		expect(kept.severity).toBe('critical');
		expect(questionsOf(w5.id).sort()).toEqual(['k1', 'k2', 'w5']);
		const after = rowsOf(assessmentId);
		expect(after.filter((r) => r.mergedIntoId === w5.id).map((r) => [r.id, r.status])).toEqual([
			[k1.id, 'dismissed'],
			[k2.id, 'dismissed']
		]);
		expect(findings.history(getDb(), w5.id).at(-1)!.kind).toBe('merged');
		expect(findings.history(getDb(), k1.id).at(-1)!.toStatus).toBe('dismissed');
	});

	it('writes a finding by hand on a question of the latest final assessment, or on the platform as a whole', () => {
		const { platformId, assessmentId } = finalised();
		const fields = { title: 'No SOC 2 report', detail: '', severity: 'low' as const, ownerName: 'Pat Vendor', ownerEmail: 'pat@vendor.example', internalOwnerId: ana.id, dueOn: null };
		const onQuestion = findings.create(as(ana), platformId, { ...fields, questionId: 'ok' });
		expect([onQuestion.assessmentId, onQuestion.status, onQuestion.origin, onQuestion.dueOn]).toEqual([assessmentId, 'open', 'manual', addDays(today(), DEFAULT_DUE_DAYS.low)]);
		const whole = findings.create(as(ana), platformId, { ...fields, questionId: null });
		expect(whole.assessmentId).toBeNull();
		const err = refusalOf(() => findings.create(as(ana), platformId, { ...fields, questionId: 'not-asked' }));
		expect(err.field).toBe('questionId');
	});
});

describe('risk acceptance', () => {
	const later = () => addDays(today(), 90);

	it('lets an analyst accept a medium finding, and refuses a high one (admins only), naming `severity`', () => {
		const { assessmentId, platformId } = finalised();
		findings.confirmMany(as(ana), platformId, rowsOf(assessmentId).map((r) => r.id));
		const [, k2, , w3] = rowsOf(assessmentId);
		const accepted = findings.accept(as(ana), w3.id, { version: w3.version, rationale: 'Compensating control: daily log review.', expiresOn: later() });
		expect([accepted.status, accepted.acceptedBy, accepted.acceptanceExpiresOn]).toEqual(['accepted', ana.id, later()]);
		const err = refusalOf(() => findings.accept(as(ana), k2.id, { version: k2.version, rationale: 'We trust them.', expiresOn: later() }));
		expect([err.status, err.field]).toEqual([403, 'severity']);
		expect(findings.accept(as(ada), k2.id, { version: k2.version, rationale: 'Board decision 12.', expiresOn: later() }).status).toBe('accepted');
	});

	it('requires a rationale and an expiry within twelve months', () => {
		const { assessmentId, platformId } = finalised();
		findings.confirmMany(as(ana), platformId, rowsOf(assessmentId).map((r) => r.id));
		const w3 = rowsOf(assessmentId)[3];
		expect(refusalOf(() => findings.accept(as(ana), w3.id, { version: w3.version, rationale: ' ', expiresOn: later() })).field).toBe('rationale');
		expect(refusalOf(() => findings.accept(as(ana), w3.id, { version: w3.version, rationale: 'Why', expiresOn: today() })).field).toBe('expiresOn');
		expect(refusalOf(() => findings.accept(as(ana), w3.id, { version: w3.version, rationale: 'Why', expiresOn: addDays(today(), 400) })).field).toBe('expiresOn');
		expect(rowsOf(assessmentId)[3].status).toBe('open');
	});

	it('refuses an admin demoted to analyst while accepting a high finding: 409, nothing accepted', async () => {
		const { assessmentId, platformId } = finalised();
		findings.confirmMany(as(ana), platformId, rowsOf(assessmentId).map((r) => r.id));
		const k2 = rowsOf(assessmentId)[1];
		const u = await users.create(cli, { email: `dana${n}@example.com`, name: 'Dana Admin', role: 'admin', password: 'a long and unusual passphrase 1' });
		const { session } = write((tx) => createSession(tx, u.id, { ip: null, userAgent: null }));
		// The actor the guard handed her request, when she was still an admin.
		const actor = { id: u.id, label: u.email, acting: { kind: 'user' as const, sessionId: session.id, userId: u.id, role: 'admin' as const } };
		beforeNextWrite(() => users.changeRole(as(ada), u.id, 'analyst'));
		const err = refusalOf(() => findings.accept(actor, k2.id, { version: k2.version, rationale: 'Accepted by the board.', expiresOn: later() }));
		expect(err.status).toBe(409);
		expect(err.message).toMatch(/role changed to analyst/);
		expect(rowsOf(assessmentId)[1].status).toBe('open');
	});

	it('reads an acceptance past its expiry as open, and the next write records acceptance_expired before its own step', () => {
		const { assessmentId, platformId } = finalised();
		findings.confirmMany(as(ana), platformId, rowsOf(assessmentId).map((r) => r.id));
		const w3 = rowsOf(assessmentId)[3];
		findings.accept(as(ana), w3.id, { version: w3.version, rationale: 'Compensating control.', expiresOn: later() });
		// The calendar moves on: the acceptance's last day was yesterday.
		write((tx) => tx.update(finding).set({ acceptanceExpiresOn: addDays(today(), -1) }).where(eq(finding.id, w3.id)).run());
		const listed = findings.listForPlatform(platformId, today()).findings.find((f) => f.id === w3.id)!;
		expect([listed.status, listed.acceptanceLapsed]).toEqual(['open', true]);
		expect(rowsOf(assessmentId)[3].status).toBe('accepted');
		const stored = rowsOf(assessmentId)[3];
		findings.dismiss(as(ana), w3.id, { version: stored.version, reason: 'Fixed in the new release; not a finding any more.' });
		expect(findings.history(getDb(), w3.id).slice(-2).map((s) => [s.kind, s.actorKind, s.fromStatus, s.toStatus])).toEqual([
			['acceptance_expired', 'system', 'accepted', 'open'],
			['dismissed', 'user', 'open', 'dismissed']
		]);
	});

	it('sweeps lapsed acceptances: open again, with the step and an audit entry by the system', () => {
		const { assessmentId, platformId } = finalised();
		findings.confirmMany(as(ana), platformId, rowsOf(assessmentId).map((r) => r.id));
		const w3 = rowsOf(assessmentId)[3];
		findings.accept(as(ana), w3.id, { version: w3.version, rationale: 'Compensating control.', expiresOn: later() });
		write((tx) => tx.update(finding).set({ acceptanceExpiresOn: addDays(today(), -3) }).where(eq(finding.id, w3.id)).run());
		expect(findings.sweepLapsedAcceptances()).toContain(w3.id);
		expect(rowsOf(assessmentId)[3].status).toBe('open');
		expect(findings.history(getDb(), w3.id).at(-1)!.kind).toBe('acceptance_expired');
		expect(listEvents({ action: 'finding.acceptance_expired' }).some((e) => e.entityId === String(w3.id) && e.actor === 'system')).toBe(true);
		expect(findings.sweepLapsedAcceptances()).not.toContain(w3.id);
	});
});
