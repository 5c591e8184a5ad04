// The database the fuzz suite attacks: the demo (users, portfolio, committee
// review, self-assessments), plus the few rows the demo lacks so that every
// action has something real to change — evidence on a draft, a weight
// profile, a draft questionnaire, a self-assessment back with its platform,
// a two-factor set-up waiting for its first code, a sign-in waiting for its
// code — and real sessions and an invitation session to send requests with.
import { randomBytes } from 'node:crypto';
import { addLink, waiveEvidence } from '../../../src/lib/server/evidence';
import { handle, write } from '../../../src/lib/server/db/index';
import { eq } from 'drizzle-orm';
import { config } from '../../../src/lib/server/config';
import { mfaChallenge, rateLimit } from '../../../src/lib/server/db/schema';
import { seedDemo } from '../../../src/lib/server/demo';
import * as assessments from '../../../src/lib/server/assessments';
import * as invitations from '../../../src/lib/server/invitations';
import * as remediation from '../../../src/lib/server/remediation';
import { openFindings } from '../findings';
import * as mfa from '../../../src/lib/server/auth/mfa';
import { CHALLENGE_MS, CHALLENGE_TRIES, createChallenge } from '../../../src/lib/server/auth/mfa-challenge';
import { accountKey } from '../../../src/lib/server/auth/rate-limit';
import * as platforms from '../../../src/lib/server/platforms';
import * as findings from '../../../src/lib/server/findings';
import * as profiles from '../../../src/lib/server/profiles';
import * as reviews from '../../../src/lib/server/reviews';
import * as conditions from '../../../src/lib/server/conditions';
import * as templates from '../../../src/lib/server/templates';
import * as users from '../../../src/lib/server/auth/users';
import * as verification from '../../../src/lib/server/assessments/verification';
import { createSession, hashToken, validateSessionToken } from '../../../src/lib/server/auth/session';
import { STEP_SECONDS, totp } from '../../../src/lib/server/auth/totp';
import type { Template } from '../../../src/lib/scoring/index';
import { NOBODY, type Locals } from '../request-event';

export type Who = 'admin' | 'analyst' | 'committee' | 'respondent' | 'remediator' | 'anonymous';

export interface Person {
	id: number;
	email: string;
	password: string;
	/** A signed-in session's cookie. */
	token: string;
}

export interface World {
	admin: Person;
	analyst: Person;
	committee: Person;
	/** Active, on no committee: someone to seat. */
	extra: { id: number };
	disabled: { id: number };
	/** Real cookies that open nothing any more. */
	deadSessions: Record<string, string>;
	deadInvitations: Record<string, string>;
	/** `draftSha256`: the draft's content as its editor opens it, which a save or publish is checked against. */
	template: { key: string; published: string; draft: string; draftSha256: string; doc: Template };
	platforms: { byName: Record<string, number> };
	/** Analyst assessments in each state, and self-assessments. */
	assessments: { draft: number; inReview: number; final: number; selfInReview: number; selfClarifying: number; selfOpen: number };
	evidence: { own: number; foreign: number; waived: string; waivable: string };
	/** The demo's open invitation, opened (its platform, and a respondent session's cookie), and another platform's. */
	invitation: { own: number; ownPlatform: number; foreign: number; token: string };
	review: { id: number; candidates: number[] };
	/** Proposed findings of one platform (the demo's finalises propose them), one of them confirmed open (medium or low), and another platform's proposal. */
	findings: { platform: number; proposed: [number, number, number]; open: { id: number; version: number }; foreign: number; question: string };
	/**
	 * A remediation request to Halcyon, its link opened (`token`, the session's
	 * cookie): one finding waiting on the platform, one it marked done; an open
	 * finding to send, another platform's, and cookies that open nothing.
	 */
	remediation: { platform: number; request: number; sent: number; remediated: number; open: number; foreignOpen: number; token: string; dead: Record<string, string> };
	decided: { id: number; condition: { id: number; version: number }; signedOff: number };
	profile: { id: number; name: string; version: number };
	/** The admin's second factor (the demo enrols its admin): the secret, the code last used, and a recovery code unused and one used. */
	adminMfa: { secret: string; usedCode: string; recoveryCode: string; usedRecoveryCode: string };
	/** The committee member has started setting up two-factor authentication: the secret waiting for its first code. */
	pendingSecret: string;
	/** Session ids as the sessions page names them (the SHA-256 of the cookie token). */
	sessionIds: { adminElsewhere: string; adminHere: string; analyst: string };
	/** The admin's sign-in waiting for its code (`armChallenge` keeps it live), and challenge cookies that open nothing. */
	challenge: { token: string; dead: Record<string, string> };
}

const DEMO_PASSWORD = 'fuzz-suite demo passphrase 2026';

function signIn(userId: number): string {
	return write((tx) => createSession(tx, userId, { ip: '198.51.100.1', userAgent: 'fuzz' }).token);
}

export async function buildWorld(): Promise<World> {
	process.env.DEMO_PASSWORD = DEMO_PASSWORD;
	const { accounts, openLinkPath } = await seedDemo();
	delete process.env.DEMO_PASSWORD;
	const demoMfa = accounts.find((a) => a.role === 'admin')?.mfa;
	if (!demoMfa) throw new Error('the demo admin has no second factor');
	const person = (email: string): Person => {
		const u = users.findByEmail(email)!;
		return { id: u.id, email: u.email, password: DEMO_PASSWORD, token: signIn(u.id) };
	};
	const admin = person('admin@clearance.demo');
	const analyst = person('analyst@clearance.demo');
	const committee = person('committee@clearance.demo');
	const actor = { id: analyst.id, label: analyst.email };
	const cli = { id: admin.id, label: admin.email };

	const extra = await users.create(cli, { email: 'extra@fuzz.example', name: 'Extra Member', role: 'committee', password: 'unrelated words for the extra member' });
	const gone = await users.create(cli, { email: 'gone@fuzz.example', name: 'Gone Away', role: 'analyst', password: 'unrelated words for the disabled one' });
	const goneToken = signIn(gone.id);
	users.setDisabled(cli, gone.id, true);
	const expiredToken = signIn(extra.id);
	handle().sqlite.prepare('update sessions set expires_at = 1 where id = ?').run(hashToken(expiredToken));

	const { rows } = platforms.list({ pageSize: 200 });
	const byName = Object.fromEntries(rows.map((p) => [p.name, p.id]));
	const all = rows.flatMap((p) => assessments.listForPlatform(p.id));
	const find = (origin: string, state: string) => all.find((a) => a.origin === origin && a.state === state)!.id;

	// The open invitation the demo prints, opened as a platform would.
	const openToken = openLinkPath!.slice('/invite/'.length);
	const redeemed = invitations.redeem(openToken, '198.51.100.2');
	if (!redeemed.ok) throw new Error('the demo invitation does not open');
	const open = invitations.validateRespondent(redeemed.sessionToken)!;

	// A self-assessment the platform answered and got back with a question.
	const lumen = invitations.invite(actor, { platformId: byName['Lumen Wallet'], templateKey: 'ci-dd', templateVersion: '1.0.0', respondentName: 'Lumen Security', respondentEmail: 'security@lumen.example', message: '', expiresInDays: 14 });
	const lumenId = lumen.invitation.assessmentId;
	const question = assessments.mustGet(lumenId).template.doc.sections[0].questions.find((q) => q.type === 'yes_partial_no')!;
	assessments.saveAnswers(invitations.respondentActor(lumen.invitation), lumenId, [{ questionId: question.id, input: { value: 'yes', na: false, assurance: 'claimed', note: '' }, expectedVersion: 0 }], { as: 'respondent' });
	invitations.submit({ sessionId: '', invitation: lumen.invitation, status: 'pending' });
	verification.decide(actor, lumenId, question.id, { decision: 'clarification', comment: 'Since when?' });
	verification.requestClarification(actor, lumenId);

	// A link that opened once and was then withdrawn.
	const kestrel = invitations.invite(actor, { platformId: byName['Kestrel Markets'], templateKey: 'ci-dd', templateVersion: '1.0.0', respondentName: 'Kestrel Ops', respondentEmail: 'ops@kestrel.example', message: '', expiresInDays: 14 });
	const revoked = invitations.redeem(kestrel.token, '198.51.100.3');
	if (!revoked.ok) throw new Error('the second invitation does not open');
	invitations.revoke(actor, kestrel.invitation.id);

	const draft = find('analyst', 'draft');
	// Four eyes: the admin finalises one the analyst submitted (the demo's admin submitted the Kestrel amendment).
	const inReview = all.filter((a) => a.origin === 'analyst' && a.state === 'in_review').find((a) => assessments.mustGet(a.id).assessment.submittedBy !== admin.id)!.id;
	// The demo's open work answers ci-dd 2.0.0, the latest.
	const doc = assessments.mustGet(draft).template.doc;
	const own = addLink(actor, draft, doc.sections[0].questions[0].id, 'https://evidence.example/policy.pdf', 'Policy');
	const foreign = addLink(actor, inReview, doc.sections[0].questions[0].id, 'https://evidence.example/other.pdf', 'Other');
	// A waiver to withdraw, and an evidence-required question still free to waive.
	const required = doc.sections.flatMap((s) => s.questions).filter((q) => q.evidence === 'required');
	waiveEvidence(actor, draft, required[0].id, 'Seen on site; no copy could be kept.');

	const halcyonId = byName['Halcyon Custody'];
	const [sentFinding, remediatedFinding, openFinding] = openFindings(halcyonId, [{ title: 'Key holders not vetted' }, { title: 'No phishing drills' }, { title: 'No insider-threat programme' }]);
	const [foreignOpen] = openFindings(byName['Lumen Wallet'], [{ title: 'Lumen: no hiring checks' }]);
	const asked = remediation.send(actor, { platformId: halcyonId, findingIds: [sentFinding.id, remediatedFinding.id], respondentName: 'Halcyon Security', respondentEmail: 'security@halcyon.example', message: '', expiresInDays: 14 });
	const fixer = remediation.redeem(asked.token, '198.51.100.4');
	if (!fixer.ok) throw new Error('the remediation link does not open');
	remediation.markDone(remediation.validateRemediator(fixer.sessionToken)!, remediatedFinding.id, { plan: 'Drills every quarter from now on.', targetOn: null, version: 0 });
	const [withdrawnFinding] = openFindings(halcyonId, [{ title: 'Withdrawn with its link' }]);
	const withdrawn = remediation.send(actor, { platformId: halcyonId, findingIds: [withdrawnFinding.id], respondentName: 'Halcyon Ops', respondentEmail: 'ops@halcyon.example', message: '', expiresInDays: 14 });
	const withdrawnSession = remediation.redeem(withdrawn.token, '198.51.100.5');
	if (!withdrawnSession.ok) throw new Error('the second remediation link does not open');
	remediation.revoke(actor, withdrawn.request.id);

	const profile = profiles.save(actor, 'ci-dd', { format: 'clearance-profile/1', name: 'Custody-heavy', sections: { keys: 30 } });
	const next = templates.newDraftFrom(actor, 'ci-dd', '1.0.0');

	// The demo's open review (to vote in and decide), and its decided one with a condition open and one signed off.
	const listed = reviews.list({ id: admin.id, role: 'admin' });
	const review = reviews.get({ id: admin.id, role: 'admin' }, listed.find((r) => r.status === 'open')!.id)!;
	const decidedId = listed.find((r) => r.status === 'decided')!.id;
	const decidedConditions = conditions.forReview(decidedId);
	const openCondition = decidedConditions.find((c) => c.state.open)!;
	const signedOff = decidedConditions.find((c) => c.state.closedHow === 'signed_off')!;

	// The admin last signed in with the code of the step before this one, so
	// that the code of now is unused whenever a case sends it (the database
	// never lets the last step move back), and spent one recovery code.
	const usedCode = totp(demoMfa.secret, Date.now() - STEP_SECONDS * 1000);
	const [recoveryCode, usedRecoveryCode] = demoMfa.recoveryCodes;
	write((tx) => {
		for (const code of [usedCode, usedRecoveryCode]) if (!mfa.checkSecondFactor(tx, admin.id, code).ok) throw new Error('the demo admin’s second factor does not work');
	});
	mfa.startEnrolment({ id: committee.id, label: committee.email });
	const pending = mfa.status(committee);
	if (pending.state !== 'pending') throw new Error('the committee member’s set-up did not start');
	const adminElsewhere = signIn(admin.id);

	const challenge = write((tx) => createChallenge(tx, admin.id)).token;
	const deadChallenge = (userId: number, expiresAt: number, failures: number) => {
		const token = randomBytes(32).toString('base64url');
		write((tx) => tx.insert(mfaChallenge).values({ id: hashToken(token), userId, createdAt: Date.now(), expiresAt, failures }).run());
		return token;
	};
	const later = Date.now() + 24 * 3_600_000;

	return {
		admin,
		analyst,
		committee,
		extra: { id: extra.id },
		disabled: { id: gone.id },
		deadSessions: { "a disabled user's session": goneToken, 'an expired session': expiredToken },
		deadInvitations: { "a revoked invitation's session": revoked.sessionToken, 'the invitation link token itself': openToken },
		template: { key: 'ci-dd', published: '1.0.0', draft: next.doc.version, draftSha256: next.row.sha256, doc },
		platforms: { byName },
		assessments: { draft, inReview, final: find('analyst', 'final'), selfInReview: find('self', 'in_review'), selfClarifying: lumenId, selfOpen: open.invitation.assessmentId },
		evidence: { own: own.id, foreign: foreign.id, waived: required[0].id, waivable: required[1].id },
		invitation: { own: open.invitation.id, ownPlatform: assessments.mustGet(open.invitation.assessmentId).platform.id, foreign: lumen.invitation.id, token: redeemed.sessionToken },
		review: { id: review.id, candidates: review.candidates.map((c) => c.id) },
		findings: findingsOf(actor),
		remediation: {
			platform: halcyonId,
			request: asked.request.id,
			sent: sentFinding.id,
			remediated: remediatedFinding.id,
			open: openFinding.id,
			foreignOpen: foreignOpen.id,
			token: fixer.sessionToken,
			dead: { "a revoked remediation link's session": withdrawnSession.sessionToken, 'the remediation link token itself': asked.token, "a self-assessment respondent's session": redeemed.sessionToken }
		},
		decided: { id: decidedId, condition: { id: openCondition.id, version: openCondition.version }, signedOff: signedOff.id },
		profile: { id: profile.id, name: profile.name, version: profile.version },
		adminMfa: { secret: demoMfa.secret, usedCode, recoveryCode, usedRecoveryCode },
		pendingSecret: pending.secret,
		sessionIds: { adminElsewhere: hashToken(adminElsewhere), adminHere: hashToken(admin.token), analyst: hashToken(analyst.token) },
		challenge: {
			token: challenge,
			dead: {
				'an expired challenge': deadChallenge(admin.id, 1, 0),
				'a challenge whose tries are spent': deadChallenge(admin.id, later, CHALLENGE_TRIES),
				"a disabled user's challenge": deadChallenge(gone.id, later, 0)
			}
		}
	};
}

/**
 * The admin's waiting sign-in as new: live, no wrong code yet. A wrong code
 * rightly costs a try and five end it; put back before every request, each
 * hostile one meets a challenge that would open with the right code.
 */
export function armChallenge(world: World): void {
	const now = Date.now();
	const row = { id: hashToken(world.challenge.token), userId: world.admin.id, createdAt: now, expiresAt: now + CHALLENGE_MS, failures: 0 };
	write((tx) => tx.insert(mfaChallenge).values(row).onConflictDoUpdate({ target: mfaChallenge.id, set: { expiresAt: row.expiresAt, failures: 0 } }).run());
}

/**
 * The person's sign-in allowance as new. A wrong password or code asked for
 * again (re-authentication) rightly spends it, and five wrong ones hold off
 * the right one; put back before every request, each hostile one meets an
 * account that would take the right answer.
 */
export function armAllowance(person: Person): void {
	write((tx) => tx.delete(rateLimit).where(eq(rateLimit.key, accountKey(person.email))).run());
}

/** The person's allowance spent, as five wrong passwords would leave it: the next re-authentication is refused, right or not. */
export function spendAllowance(person: Person): void {
	const row = { key: accountKey(person.email), failures: config.loginFailuresPerAccount(), windowStart: Date.now() };
	write((tx) => tx.insert(rateLimit).values(row).onConflictDoUpdate({ target: rateLimit.key, set: row }).run());
}

/** What hooks.server.ts would put in `locals` for this cookie. */
export function sessionLocals(token: string): Locals {
	const found = validateSessionToken(token);
	return { user: found?.user ?? null, session: found?.session ?? null, mustEnrol: found ? mfa.mustEnrol(found.user) : false, respondent: null };
}

export function respondentLocals(token: string): Locals {
	return { user: null, session: null, respondent: invitations.validateRespondent(token) };
}

export function remediatorLocals(token: string): Locals {
	return { user: null, session: null, respondent: null, remediator: remediation.validateRemediator(token) };
}

export function localsOf(world: World, who: Who): Locals {
	if (who === 'anonymous') return NOBODY;
	if (who === 'respondent') return respondentLocals(world.invitation.token);
	if (who === 'remediator') return remediatorLocals(world.remediation.token);
	return sessionLocals(world[who].token);
}

/** Proposed findings of the platform with the most, one of its medium or low ones confirmed, and a proposal of another platform. */
function findingsOf(actor: { id: number; label: string }): World['findings'] {
	const rows = handle()
		.sqlite.prepare("select f.id, f.platform_id as platformId, f.severity, q.question_id as question from findings f join finding_questions q on q.finding_id = f.id where f.status = 'proposed' order by f.id")
		.all() as Array<{ id: number; platformId: number; severity: string; question: string }>;
	const byPlatform = new Map<number, typeof rows>();
	for (const r of rows) byPlatform.set(r.platformId, [...(byPlatform.get(r.platformId) ?? []), r]);
	const [platform, own] = [...byPlatform].sort((a, b) => b[1].length - a[1].length)[0] ?? [0, []];
	const mild = own.find((r) => r.severity === 'medium' || r.severity === 'low');
	const foreign = rows.find((r) => r.platformId !== platform);
	if (own.length < 5 || !mild || !foreign) throw new Error('the demo proposes too few findings for the fuzz suite');
	const opened = findings.confirm(actor, mild.id, { version: 1, dueOn: null });
	const proposed = own.filter((r) => r.id !== mild.id).map((r) => r.id);
	return { platform, proposed: [proposed[0], proposed[1], proposed[2]], open: { id: opened.id, version: opened.version }, foreign: foreign.id, question: own[0].question };
}
