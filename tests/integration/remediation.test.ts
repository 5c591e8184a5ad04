// Issue 21, point 2: remediation with the platform. An analyst sends open
// findings through a link shown once; its respondent answers each with a plan,
// a target date and evidence, and marks it done; the analyst verifies or
// reopens. Every rule is judged inside the write transaction: a link revoked
// or expired, a finding withdrawn, closed or sent again, each refuses the
// change with a 409 and nothing written.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import * as users from '../../src/lib/server/auth';
import { CLI_ACTOR } from '../../src/lib/server/audit';
import { handle } from '../../src/lib/server/db/index';
import { blobPath, removeEvidence, uploadEvidence } from '../../src/lib/server/evidence';
import { history } from '../../src/lib/server/findings';
import { getDb } from '../../src/lib/server/db/index';
import * as platforms from '../../src/lib/server/platforms';
import * as remediation from '../../src/lib/server/remediation';
import * as templates from '../../src/lib/server/templates';
import { actions as respondentActions, load as respondentLoad } from '../../src/routes/remediate/+page.server';
import { actions as sendActions } from '../../src/routes/(app)/platforms/[id]/remediation/new/+page.server';
import { actions as requestActions } from '../../src/routes/(app)/remediation/[id]/+page.server';
import { useTempDatabase } from '../helpers/database';
import { findingRow, openFindings } from '../helpers/findings';
import { formEvent, loadEvent, outcomeOf } from '../helpers/request-event';

useTempDatabase();

let analyst: { id: number; label: string };
let analystUser: { id: number; email: string; name: string; role: 'analyst' };
let n = 0;

async function staff() {
	if (!analyst) {
		const u = await users.create(CLI_ACTOR, { email: 'ana@example.com', name: 'Ana Lyst', role: 'analyst', password: 'a long and unusual passphrase 1' });
		analyst = { id: u.id, label: u.email };
		analystUser = { id: u.id, email: u.email, name: u.name, role: 'analyst' };
	}
	return analyst;
}

/** A platform with open findings, sent to its respondent, the link opened. */
async function sentScene(titles = ['Key holders not vetted', 'No phishing drills']) {
	const by = await staff();
	const p = platforms.create(by, { name: `Remediated ${++n}`, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
	const found = openFindings(p.id, titles.map((title) => ({ title, detail: `What is wrong with ${title}` })));
	const sent = remediation.send(by, { platformId: p.id, findingIds: found.map((f) => f.id), respondentName: 'Rita', respondentEmail: 'rita@platform.example', message: 'Please fix these.', expiresInDays: 14 });
	const opened = remediation.redeem(sent.token, `198.51.100.${n % 250}`);
	if (!opened.ok) throw new Error('The remediation link did not open.');
	// Read again on every call, as the hook reads the cookie at the start of each request.
	const ctx = () => remediation.validateRemediator(opened.sessionToken)!;
	return { platform: p, findings: found, request: sent.request, token: sent.token, sessionToken: opened.sessionToken, ctx };
}
type Scene = Awaited<ReturnType<typeof sentScene>>;

const PLAN = { plan: 'Background checks for every key holder by an accredited provider.', targetOn: '2027-02-28', version: '0' };
const count = (table: string) => handle().sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

function respondentPost(s: Scene, name: string, form: Record<string, string | File>, ctx = s.ctx()) {
	const event = formEvent('/remediate', name, form, { locals: { user: null, session: null, respondent: null, remediator: ctx }, path: '/remediate' });
	return outcomeOf(() => (respondentActions[name] as (e: never) => unknown)(event as never));
}

function staffPost(s: Scene, name: string, form: Record<string, string>) {
	const event = formEvent('/(app)/remediation/[id]', name, form, { locals: { user: analystUser, session: null, respondent: null }, params: { id: String(s.request.id) }, path: `/remediation/${s.request.id}` });
	return outcomeOf(() => (requestActions[name] as (e: never) => unknown)(event as never));
}

describe('sending findings', () => {
	it('moves each finding to sent with a history step, stores only the token’s hash, and audits it', async () => {
		const s = await sentScene();
		expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(s.request.tokenHash).not.toContain(s.token);
		for (const f of s.findings) {
			expect(findingRow(f.id).status).toBe('sent');
			expect(history(getDb(), f.id).map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([['created', null, 'open'], ['sent', 'open', 'sent']]);
		}
		const event = listEvents({ action: 'remediation.send' }).find((e) => e.entityId === String(s.request.id))!;
		expect(JSON.parse(event.details)).toMatchObject({ findings: s.findings.map((f) => f.id), respondentEmail: 'rita@platform.example' });
		expect(event.details).not.toContain(s.token);
	});

	it('refuses a finding that is no longer open (409), sending nothing', async () => {
		const s = await sentScene(['Already sent']);
		const before = count('remediation_requests');
		expect(() => remediation.send(analyst, { platformId: s.platform.id, findingIds: [s.findings[0].id], respondentName: 'X', respondentEmail: 'x@platform.example', message: '', expiresInDays: 14 })).toThrow(
			/“Already sent” is sent now/
		);
		expect(count('remediation_requests')).toBe(before);
	});

	it('refuses another platform’s finding and an expiry out of bounds, naming the field', async () => {
		const s = await sentScene(['Mine']);
		const other = await sentScene(['Theirs']);
		const [fresh] = openFindings(other.platform.id, [{ title: 'Still open elsewhere' }]);
		try {
			remediation.send(analyst, { platformId: s.platform.id, findingIds: [fresh.id], respondentName: 'X', respondentEmail: 'x@platform.example', message: '', expiresInDays: 14 });
			expect.unreachable();
		} catch (err) {
			expect(err).toMatchObject({ field: 'findings', status: 400 });
		}
		expect(() => remediation.send(analyst, { platformId: other.platform.id, findingIds: [fresh.id], respondentName: 'X', respondentEmail: 'x@platform.example', message: '', expiresInDays: 31 })).toThrow(/1 to 30 days/);
		expect(findingRow(fresh.id).status).toBe('open');
	});

	it('through the form: bad input names its field and sends nothing', async () => {
		const s = await sentScene(['Form case']);
		const [f] = openFindings(s.platform.id, [{ title: 'To send by form' }]);
		const post = (form: Record<string, string | string[]>) =>
			outcomeOf(() => sendActions.default(formEvent('/(app)/platforms/[id]/remediation/new', 'default', form, { locals: { user: analystUser, session: null, respondent: null }, params: { id: String(s.platform.id) } }) as never));
		const good = { findings: [String(f.id)], respondentName: 'Rita', respondentEmail: 'rita@platform.example', message: '', expiresInDays: '14' };
		expect(await post({ ...good, findings: [] })).toMatchObject({ label: 'fail 400', data: { errors: { findings: expect.stringMatching(/at least one/) } } });
		expect(await post({ ...good, respondentEmail: 'not an email' })).toMatchObject({ label: 'fail 400', data: { errors: { respondentEmail: expect.any(String) } } });
		expect(await post({ ...good, expiresInDays: '90' })).toMatchObject({ label: 'fail 400', data: { errors: { expiresInDays: 'At most 30 days.' } } });
		expect(await post({ ...good, message: 'a\u202Eb' })).toMatchObject({ label: 'fail 400', data: { errors: { message: expect.stringMatching(/control characters/) } } });
		expect(findingRow(f.id).status).toBe('open');
		const sent = await post(good);
		expect(sent).toMatchObject({ kind: 'accepted', data: { sent: { link: expect.stringMatching(/\/remediate\/[A-Za-z0-9_-]{43}$/), count: 1 } } });
		expect(findingRow(f.id).status).toBe('sent');
	});
});

describe('the link', () => {
	it('opens once per browser into a session of that request; unknown, revoked and expired links fail alike', async () => {
		const s = await sentScene(['Link case']);
		expect(s.ctx().request.id).toBe(s.request.id);
		expect(remediation.get(s.request.id)!.openedAt).not.toBeNull();
		expect(remediation.redeem('not-a-token', '203.0.113.7')).toEqual({ ok: false, retryAfter: 0 });
		remediation.revoke(analyst, s.request.id);
		expect(remediation.validateRemediator(s.sessionToken)).toBeNull();
		expect(remediation.redeem(s.token, '203.0.113.7')).toEqual({ ok: false, retryAfter: 0 });
		const e = await sentScene(['Expired case']);
		handle().sqlite.prepare('UPDATE remediation_requests SET expires_at = 1 WHERE id = ?').run(e.request.id);
		expect(remediation.validateRemediator(e.sessionToken)).toBeNull();
		expect(remediation.redeem(e.token, '203.0.113.7')).toEqual({ ok: false, retryAfter: 0 });
	});

	it('shows the respondent only that request’s findings, without anything of the assessments', async () => {
		const s = await sentScene(['Shown A', 'Shown B']);
		openFindings(s.platform.id, [{ title: 'Not sent: never shown' }]);
		const data = (await respondentLoad(loadEvent('/remediate', { locals: { user: null, session: null, respondent: null, remediator: s.ctx() }, path: '/remediate' }) as never)) as {
			findings: Array<Record<string, unknown>>;
		};
		expect(data.findings.map((f) => f.title)).toEqual(['Shown A', 'Shown B']);
		expect(Object.keys(data.findings[0]).sort()).toEqual(['detail', 'dueOn', 'evidence', 'id', 'open', 'response', 'severity', 'state', 'title']);
		expect(JSON.stringify(data)).not.toContain('Not sent');
	});
});

describe('the respondent’s answer', () => {
	it('saves a plan and target date, then marking done moves the finding to remediated, in its history and the audit trail', async () => {
		const s = await sentScene(['Answered']);
		const f = s.findings[0];
		expect(await respondentPost(s, 'saveResponse', { findingId: String(f.id), ...PLAN, version: '0' })).toMatchObject({ kind: 'accepted' });
		expect(findingRow(f.id).status).toBe('sent');
		expect(await respondentPost(s, 'markDone', { findingId: String(f.id), ...PLAN, version: '1' })).toMatchObject({ kind: 'accepted' });
		expect(findingRow(f.id).status).toBe('remediated');
		expect(history(getDb(), f.id).map((e) => [e.kind, e.actorKind])).toEqual([
			['created', 'system'],
			['sent', 'user'],
			['responded', 'respondent'],
			['remediated', 'respondent']
		]);
		const done = listEvents({ action: 'remediation.done' }).find((e) => e.entityId === String(f.id))!;
		expect(done.actor).toContain(`remediation:${s.request.id}`);
	});

	it('needs a plan and a real target date, naming the field, and saves nothing otherwise', async () => {
		const s = await sentScene(['Needs a plan']);
		const id = String(s.findings[0].id);
		expect(await respondentPost(s, 'markDone', { findingId: id, plan: '   ', targetOn: '', version: '0' })).toMatchObject({ label: 'fail 400', data: { field: 'plan' } });
		expect(await respondentPost(s, 'saveResponse', { findingId: id, plan: 'A plan', targetOn: '2027-02-30', version: '0' })).toMatchObject({ label: 'fail 400', data: { field: 'targetOn' } });
		expect(findingRow(s.findings[0].id).status).toBe('sent');
		expect(handle().sqlite.prepare('SELECT count(*) FROM finding_responses WHERE finding_id = ?').pluck().get(s.findings[0].id)).toBe(0);
	});

	it('is refused (409) once the link is revoked or expired, with nothing written', async () => {
		const s = await sentScene(['Revoked meanwhile']);
		const ctx = s.ctx();
		remediation.revoke(analyst, s.request.id);
		const responses = count('finding_responses');
		const refused = await respondentPost(s, 'saveResponse', { findingId: String(s.findings[0].id), ...PLAN, version: '0' }, ctx);
		expect(refused).toMatchObject({ label: 'fail 409', data: { message: expect.stringMatching(/withdrawn/) } });
		expect(count('finding_responses')).toBe(responses);
		// The revoke took the unanswered finding back: open, to be sent again.
		expect(findingRow(s.findings[0].id).status).toBe('open');

		const e = await sentScene(['Expired meanwhile']);
		const ctx2 = e.ctx();
		handle().sqlite.prepare('UPDATE remediation_requests SET expires_at = ? WHERE id = ?').run(Date.now() - 1, e.request.id);
		expect(await respondentPost(e, 'markDone', { findingId: String(e.findings[0].id), ...PLAN, version: '0' }, ctx2)).toMatchObject({ label: 'fail 409', data: { message: expect.stringMatching(/expired/) } });
		expect(findingRow(e.findings[0].id).status).toBe('sent');
	});

	it('is refused (409) for a finding the analyst withdrew or closed meanwhile, saying so', async () => {
		const s = await sentScene(['Withdrawn', 'Closed by analyst']);
		const [withdrawn, closed] = s.findings;
		expect(await staffPost(s, 'withdraw', { findingId: String(withdrawn.id) })).toMatchObject({ kind: 'accepted' });
		expect(findingRow(withdrawn.id).status).toBe('open');
		expect(await respondentPost(s, 'saveResponse', { findingId: String(withdrawn.id), ...PLAN, version: '0' })).toMatchObject({ label: 'fail 409', data: { message: expect.stringMatching(/taken back/) } });
		// Accepted as a risk by the findings core (written here directly).
		handle().sqlite.prepare("UPDATE findings SET status = 'accepted', version = version + 1 WHERE id = ?").run(closed.id);
		expect(await respondentPost(s, 'markDone', { findingId: String(closed.id), ...PLAN, version: '0' })).toMatchObject({ label: 'fail 409', data: { message: expect.stringMatching(/accepted as a risk/) } });
		expect(findingRow(closed.id).status).toBe('accepted');
		expect(handle().sqlite.prepare('SELECT count(*) FROM finding_responses WHERE request_id = ?').pluck().get(s.request.id)).toBe(0);
	});

	it('refuses a stale save from another window (409), keeping the newer answer', async () => {
		const s = await sentScene(['Two windows']);
		const id = String(s.findings[0].id);
		await respondentPost(s, 'saveResponse', { findingId: id, ...PLAN, plan: 'First window', version: '0' });
		expect(await respondentPost(s, 'saveResponse', { findingId: id, ...PLAN, plan: 'Second window, stale', version: '0' })).toMatchObject({ label: 'fail 409' });
		expect(handle().sqlite.prepare('SELECT plan FROM finding_responses WHERE finding_id = ?').pluck().get(s.findings[0].id)).toBe('First window');
	});

	it('takes a file and a link as evidence, refusing a bad link by its field', async () => {
		const s = await sentScene(['With evidence']);
		const id = String(s.findings[0].id);
		const file = new File(['%PDF-1.4 background check report'], 'report.pdf', { type: 'application/pdf' });
		expect(await respondentPost(s, 'uploadEvidence', { findingId: id, file })).toMatchObject({ kind: 'accepted' });
		expect(await respondentPost(s, 'addLink', { findingId: id, url: 'javascript:alert(1)', label: '' })).toMatchObject({ label: 'fail 400', data: { field: 'url' } });
		expect(await respondentPost(s, 'addLink', { findingId: id, url: 'https://platform.example/soc2', label: 'SOC 2 bridge letter' })).toMatchObject({ kind: 'accepted' });
		const rows = handle().sqlite.prepare('SELECT kind, filename, url, label, sha256 FROM finding_evidence WHERE finding_id = ? ORDER BY id').all(s.findings[0].id) as Array<{ sha256: string | null }>;
		expect(rows).toMatchObject([{ kind: 'file', filename: 'report.pdf' }, { kind: 'link', url: 'https://platform.example/soc2', label: 'SOC 2 bridge letter' }]);
		expect(fs.existsSync(blobPath(rows[0].sha256!))).toBe(true);
	});

	it('cannot answer through an old request once the finding was sent again in a newer one', async () => {
		const s = await sentScene(['Sent twice']);
		const f = s.findings[0];
		await respondentPost(s, 'markDone', { findingId: String(f.id), ...PLAN });
		remediation.reopen(analyst, s.request.id, f.id, 'The report covers only half the key holders.');
		const again = remediation.send(analyst, { platformId: s.platform.id, findingIds: [f.id], respondentName: 'Rita', respondentEmail: 'rita@platform.example', message: '', expiresInDays: 7 });
		expect(findingRow(f.id).status).toBe('sent');
		expect(await respondentPost(s, 'saveResponse', { findingId: String(f.id), ...PLAN, version: '1' })).toMatchObject({ label: 'fail 409', data: { message: expect.stringMatching(/newer request/) } });
		expect(again.request.id).toBeGreaterThan(s.request.id);
	});
});

describe('verification', () => {
	it('verifies a fix: the finding closes as verified, its evidence kept, audited and in its history', async () => {
		const s = await sentScene(['To verify']);
		const f = s.findings[0];
		await respondentPost(s, 'uploadEvidence', { findingId: String(f.id), file: new File(['%PDF-1.4 fixed'], 'fix.pdf') });
		await respondentPost(s, 'markDone', { findingId: String(f.id), ...PLAN });
		expect(await staffPost(s, 'verify', { findingId: String(f.id), note: 'Checked the provider’s report.' })).toMatchObject({ kind: 'accepted' });
		const row = findingRow(f.id);
		expect(row.status).toBe('verified');
		expect(row.closedAt).not.toBeNull();
		expect(history(getDb(), f.id).at(-1)).toMatchObject({ kind: 'verified', fromStatus: 'remediated', toStatus: 'verified', actorId: analyst.id });
		expect(listEvents({ action: 'remediation.verify' }).some((e) => e.entityId === String(f.id))).toBe(true);
		const detail = remediation.requestDetail(s.request.id)!;
		expect(detail.findings[0].evidence).toHaveLength(1);
		expect(detail.findings[0].response!.plan).toBe(PLAN.plan);
		// Verifying again: nothing to verify.
		expect(await staffPost(s, 'verify', { findingId: String(f.id), note: '' })).toMatchObject({ label: 'fail 409' });
	});

	it('reopens only with a reason, naming the field; the finding is open again with the reason in its history', async () => {
		const s = await sentScene(['To reopen']);
		const f = s.findings[0];
		await respondentPost(s, 'markDone', { findingId: String(f.id), ...PLAN });
		expect(await staffPost(s, 'reopen', { findingId: String(f.id), reason: '  ' })).toMatchObject({ label: 'fail 400', data: { field: 'reason' } });
		expect(findingRow(f.id).status).toBe('remediated');
		expect(await staffPost(s, 'reopen', { findingId: String(f.id), reason: 'Half the key holders are missing.' })).toMatchObject({ kind: 'accepted' });
		expect(findingRow(f.id).status).toBe('open');
		expect(history(getDb(), f.id).at(-1)).toMatchObject({ kind: 'reopened', fromStatus: 'remediated', toStatus: 'open', note: 'Half the key holders are missing.' });
		// Once reopened, the respondent's answer through this request is refused.
		expect(await respondentPost(s, 'markDone', { findingId: String(f.id), ...PLAN, version: '1' })).toMatchObject({ label: 'fail 409' });
	});

	it('refuses to verify a finding the platform has not marked done (409)', async () => {
		const s = await sentScene(['Not done yet']);
		expect(await staffPost(s, 'verify', { findingId: String(s.findings[0].id), note: '' })).toMatchObject({ label: 'fail 409', data: { message: expect.stringMatching(/not marked as done/) } });
		expect(findingRow(s.findings[0].id).status).toBe('sent');
	});
});

describe('the evidence store', () => {
	const TEMPLATE = {
		format: 'clearance-template/1',
		key: 'remediation-store',
		version: '1.0.0',
		title: 'Store',
		sections: [{ id: 'a', title: 'A', weight: 100, questions: [{ id: 'a1', prompt: 'Are key holders vetted?', type: 'yes_no', evidence: 'optional' }] }]
	};

	async function sharedBytes(bytes: string, withFinding: boolean) {
		const by = await staff();
		const s = await sentScene([`Shared bytes ${withFinding}`]);
		if (!templates.list().some((t) => t.key === TEMPLATE.key)) templates.importDocument(by, TEMPLATE, { publish: true });
		const a = assessments.create(by, { platformId: s.platform.id, templateKey: TEMPLATE.key, assessorIds: [by.id], dueDate: null });
		const answerEvidence = await uploadEvidence(by, a.assessment.id, 'a1', new File([bytes], 'policy.pdf'));
		if (withFinding) await respondentPost(s, 'uploadEvidence', { findingId: String(s.findings[0].id), file: new File([bytes], 'fix.pdf') });
		removeEvidence(by, a.assessment.id, answerEvidence.id);
		return answerEvidence.sha256!;
	}

	it('keeps a file on disk while a finding’s evidence still refers to it', async () => {
		const hash = await sharedBytes('%PDF-1.4 the same bytes in an answer and a fix', true);
		expect(fs.existsSync(blobPath(hash))).toBe(true);
	});

	it('removes it with its last row when no finding refers to it (the control)', async () => {
		const hash = await sharedBytes('%PDF-1.4 bytes only an answer held', false);
		expect(fs.existsSync(blobPath(hash))).toBe(false);
	});
});

describe('guards', () => {
	it('the respondent’s actions are a dead link (404) to staff and to a self-assessment respondent', async () => {
		const s = await sentScene(['Guarded']);
		const event = formEvent('/remediate', 'markDone', { findingId: String(s.findings[0].id), ...PLAN, version: '0' }, { locals: { user: analystUser, session: null, respondent: null }, path: '/remediate' });
		expect(await outcomeOf(() => respondentActions.markDone(event as never))).toMatchObject({ label: 'error 404' });
		expect(findingRow(s.findings[0].id).status).toBe('sent');
	});
});
