import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import { handle } from '../../src/lib/server/db/index';
import * as invitations from '../../src/lib/server/invitations';
import * as platforms from '../../src/lib/server/platforms';
import * as templates from '../../src/lib/server/templates';
import * as users from '../../src/lib/server/auth/users';
import { actions } from '../../src/routes/(app)/platforms/[id]/+page.server';
import { load as respondentLoad } from '../../src/routes/invite/+page.server';
import { useTempDatabase } from '../helpers/database';
import { formEvent, loadEvent, outcomeOf, type Locals } from '../helpers/request-event';

useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };
let n = 0;

function invite(days = 14) {
	const p = platforms.create(analyst, { name: `Invited ${++n}`, kind: 'defi', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
	return invitations.invite(analyst, { platformId: p.id, templateKey: 'ci-dd', templateVersion: '1.0.0', respondentName: 'Dana Respondent', respondentEmail: 'dana@platform.example', message: 'Please answer by Friday.', expiresInDays: days });
}

/** Every text column of every table, to prove a token is stored nowhere. */
function databaseText(): string {
	const { sqlite } = handle();
	const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
	return tables.map((t) => JSON.stringify(sqlite.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
}

describe('invitations', () => {
	it('create a self-assessment and a 256-bit token stored nowhere, not even in the audit trail', () => {
		const { invitation, token } = invite();
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(assessments.get(invitation.assessmentId)!.assessment.origin).toBe('self');
		expect(invitations.statusOf(invitation)).toBe('pending');
		expect(databaseText()).not.toContain(token);
	});

	it('refuse an expiry beyond 30 days', () => {
		expect(() => invite(31)).toThrow(/1 to 30 days/);
	});

	it('redeem into a session bound to one invitation; the token stays unrecorded', () => {
		const { invitation, token } = invite();
		const r = invitations.redeem(token, '192.0.2.1');
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const ctx = invitations.validateRespondent(r.sessionToken)!;
		expect(ctx.invitation.id).toBe(invitation.id);
		expect(ctx.status).toBe('opened');
		expect(databaseText()).not.toContain(token);
		expect(databaseText()).not.toContain(r.sessionToken);
		expect(listEvents({ action: 'invitation.redeem' })[0].actor).toContain(`respondent:${invitation.id}`);
	});

	it('fail the same way for unknown, revoked and expired links', () => {
		const revoked = invite();
		invitations.revoke(analyst, revoked.invitation.id);
		const expired = invite();
		handle().sqlite.prepare('UPDATE invitations SET expires_at = 1 WHERE id = ?').run(expired.invitation.id);
		for (const token of ['no-such-token', revoked.token, expired.token]) {
			expect(invitations.redeem(token, '192.0.2.2')).toEqual({ ok: false, retryAfter: 0 });
		}
		const reasons = listEvents({ action: 'invitation.redeem_failed' }).map((e) => JSON.parse(e.details).reason);
		expect(reasons).toEqual(expect.arrayContaining(['unknown', 'revoked', 'expired']));
	});

	it('throttle guessing per IP', () => {
		for (let i = 0; i < 20; i++) invitations.redeem(`guess-${i}`, '192.0.2.99');
		const { token } = invite();
		const r = invitations.redeem(token, '192.0.2.99');
		expect(r.ok).toBe(false);
		expect(!r.ok && r.retryAfter).toBeGreaterThan(0);
		expect(invitations.redeem(token, '192.0.2.100').ok).toBe(true);
	});

	it('revoking ends sessions already opened with the link', () => {
		const { invitation, token } = invite();
		const r = invitations.redeem(token, '192.0.2.3');
		invitations.revoke(analyst, invitation.id);
		expect(r.ok && invitations.validateRespondent(r.sessionToken)).toBeNull();
	});

	it('re-issuing gives a new link to the same answers and kills the old one', () => {
		const { invitation, token } = invite();
		const r = invitations.redeem(token, '192.0.2.4');
		if (!r.ok) throw new Error('redeem failed');
		assessments.saveAnswer(invitations.respondentActor(invitation), invitation.assessmentId, 'hiring.in-person-id', { value: 'yes', na: false, assurance: 'claimed', note: '' }, 0, { as: 'respondent' });
		const fresh = invitations.reissue(analyst, invitation.id);
		expect(fresh.invitation.assessmentId).toBe(invitation.assessmentId);
		expect(invitations.redeem(token, '192.0.2.4').ok).toBe(false);
		expect(invitations.validateRespondent(r.sessionToken)).toBeNull();
		const again = invitations.redeem(fresh.token, '192.0.2.4');
		expect(again.ok).toBe(true);
		expect(assessments.get(invitation.assessmentId)!.answers['hiring.in-person-id'].value).toBe('yes');
	});

	it('submitting sends the self-assessment to review once; after that it reads but does not change', () => {
		const { invitation, token } = invite();
		const r = invitations.redeem(token, '192.0.2.5');
		if (!r.ok) throw new Error('redeem failed');
		invitations.submit(invitations.validateRespondent(r.sessionToken)!);
		expect(assessments.get(invitation.assessmentId)!.assessment.state).toBe('in_review');
		const after = invitations.validateRespondent(r.sessionToken)!;
		expect(after.status).toBe('submitted');
		expect(() => invitations.submit(after)).toThrow(/submitted already/);
		expect(invitations.redeem(token, '192.0.2.5').ok).toBe(true);
	});
});

// Review guidance tells the analyst what good looks like and which red flags
// to probe: shown to a platform answering for itself, it would coach it.
describe("the respondent's page", () => {
	const secret = 'Reviewer only: ask for the policy-engine rule';

	it('carries the questionnaire without any review guidance; the stored version keeps it', async () => {
		const doc = JSON.parse(fs.readFileSync('tests/fixtures/scoring/kinds.template.json', 'utf8'));
		doc.key = 'kinds-invite';
		for (const s of doc.sections) for (const q of s.questions) q.reviewGuidance = `${secret} (${q.id})`;
		doc.sections[0].questions[0].guidance = 'Say how many signers a treasury transfer needs.';
		templates.importDocument(analyst, doc, { publish: true });
		const p = platforms.create(analyst, { name: 'Guidance Exchange', kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
		const { token, invitation } = invitations.invite(analyst, { platformId: p.id, templateKey: 'kinds-invite', respondentName: 'Dana Respondent', respondentEmail: 'dana@platform.example', message: '', expiresInDays: 14 });
		const redeemed = invitations.redeem(token, '192.0.2.9');
		if (!redeemed.ok) throw new Error('the link did not open');
		const respondent = invitations.validateRespondent(redeemed.sessionToken)!;

		const data = (await respondentLoad(loadEvent('/invite', { locals: { user: null, session: null, respondent }, path: '/invite' }) as never)) as Record<string, unknown>;
		const sent = JSON.stringify(data);
		expect(sent).not.toContain('Reviewer only');
		expect(sent).not.toContain('reviewGuidance');
		// What the respondent does need is all there.
		const template = data.template as typeof doc;
		expect(template.sections.flatMap((s: { questions: { id: string }[] }) => s.questions.map((q) => q.id))).toEqual(['keys.quorum', 'keys.hot-cap', 'defi.timelock']);
		expect(template.sections[0].questions[0].guidance).toBe('Say how many signers a treasury transfer needs.');
		expect(template.sections[0].questions[1].appliesTo).toEqual(['exchange', 'custodian']);
		// Only the copy sent is stripped: analysts still read it.
		const stored = assessments.get(invitation.assessmentId)!.template.doc;
		expect(stored.sections[0].questions[1].reviewGuidance).toBe(`${secret} (keys.hot-cap)`);
	});

	it('strips review guidance from a copy, leaving the questionnaire it was given as it was', () => {
		const doc = JSON.parse(fs.readFileSync('tests/fixtures/scoring/kinds.template.json', 'utf8'));
		const before = JSON.stringify(doc);
		const stripped = invitations.respondentQuestionnaire(doc);
		expect(JSON.stringify(stripped)).not.toContain('reviewGuidance');
		expect(JSON.stringify(doc)).toBe(before);
		expect(stripped.sections[1].questions[0]).toBe(doc.sections[1].questions[0]);
	});
});

// Issue 8 (fuzzing) found the invite form storing names and messages with NUL
// or bidi overrides, and picking one of two values of a field sent twice.
describe('the invite form', () => {
	let locals: Locals;
	let platformId: number;
	beforeAll(async () => {
		const u = await users.create({ id: null, label: 'cli' }, { email: 'inviter@example.com', name: 'Inviter', role: 'analyst', password: 'unrelated words for the inviter' });
		locals = { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, respondent: null };
		platformId = platforms.create(analyst, { name: 'Invite Form', kind: 'defi', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' }).id;
	});
	const post = (fields: Record<string, string | string[]>) =>
		outcomeOf(() =>
			actions.invite(
				formEvent('/(app)/platforms/[id]', 'invite', { respondentName: 'Dana Respondent', respondentEmail: 'dana@platform.example', expiresInDays: '14', message: '', template: 'ci-dd@1.0.0', ...fields }, { locals, params: { id: String(platformId) } }) as never
			)
		);
	const invited = () => invitations.listForAssessments(assessments.listForPlatform(platformId).map((a) => a.id)).length;

	it('refuses a name or message with NUL or a text-direction override, naming the field, and sends nothing', async () => {
		const cases: Array<[Record<string, string>, string, RegExp]> = [
			[{ respondentName: 'Dana \u202Efdp.exe' }, 'respondentName', /^A name cannot contain control characters/],
			[{ respondentName: 'Dana\u0000' }, 'respondentName', /^A name cannot contain/],
			[{ respondentName: 'Dana	Respondent' }, 'respondentName', /^A name cannot contain/],
			[{ message: 'Please answer\u2066 by Friday' }, 'message', /^A message cannot contain control characters \(such as NUL\)/]
		];
		for (const [fields, field, message] of cases) {
			const outcome = await post(fields);
			expect(outcome, JSON.stringify(fields)).toMatchObject({ kind: 'refused', label: 'fail 400' });
			expect((outcome.data as { inviteErrors: Record<string, string> }).inviteErrors[field]).toMatch(message);
		}
		expect(await post({ expiresInDays: ['14', '30'] })).toMatchObject({ kind: 'refused', data: { inviteErrors: { expiresInDays: 'This field was sent twice; submit the form again.' } } });
		expect(invited()).toBe(0);
	});

	it('keeps a right-to-left name and a message on several lines', async () => {
		expect(await post({ respondentName: 'דנה כהן', message: 'שלום,\nPlease answer by Friday.' })).toMatchObject({ kind: 'accepted' });
		expect(invited()).toBe(1);
	});
});
