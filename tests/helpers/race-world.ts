// The world the race suite (tests/e2e/races.test.ts) fights over, seeded
// through the app's own modules before the server starts, the way
// `clearance seed --demo` does: accounts, platforms, assessments in every
// state, invitations already opened, reviews and template drafts. Each race
// round gets objects of its own, so no round depends on how the last ended.
//
// Run as its own process (the CLI's TypeScript loader), with DATABASE_PATH set:
//   node --import tsx tests/helpers/race-world.ts seed ROUNDS TOTP_SECRET PASSWORD
// prints the World as JSON on stdout; `… race-world.ts operator` serves
// operator commands (see operator()).
import { createInterface } from 'node:readline';
import { CLI_ACTOR, type Actor } from '../../src/lib/server/audit';
import * as assessments from '../../src/lib/server/assessments';
import { closeDatabase, handle, write } from '../../src/lib/server/db/index';
import { prepareDatabase } from '../../src/lib/server/db/setup';
import type { Role } from '../../src/lib/server/db/schema';
import * as invitations from '../../src/lib/server/invitations';
import * as mfa from '../../src/lib/server/auth/mfa';
import * as platforms from '../../src/lib/server/platforms';
import * as reviews from '../../src/lib/server/reviews';
import * as templates from '../../src/lib/server/templates';
import * as users from '../../src/lib/server/auth/users';
import * as verification from '../../src/lib/server/assessments/verification';
import { supportEvidence } from './evidence';
import { addLink, waiveEvidence } from '../../src/lib/server/evidence';

/** The question every respondent and analyst write in the races: yes / partial / no. */
const QUESTION = 'governance.ofac-screening';
const SECTION = 'governance';
const TEMPLATE = { key: 'ci-dd', version: '1.0.0' };
/** A questionnaire of its own for the publish races, so ci-dd's latest version never moves. */
const RACE_TEMPLATE = 'race-tpl';

export interface Account {
	id: number;
	email: string;
}

export interface Opened {
	invitationId: number;
	assessmentId: number;
	/** The respondent session's cookie value: the invitation link was opened while seeding. */
	respondentToken: string;
}

export interface World {
	question: string;
	section: string;
	raceTemplate: string;
	password: string;
	totpSecret: string;
	root: Account;
	analyst: Account;
	analyst2: Account;
	/** Disabled by root in the slow-body rounds. */
	disabled: Account;
	/** Signs out in the slow-body rounds. */
	signsOut: Account;
	member: Account;
	member2: Account;
	/** Admin pairs for the demotion race, disabled until their round. */
	adminPairs: Array<[Account, Account]>;
	platforms: { main: number; edit: number; editDescription: string; candidates: [number, number] };
	/** Self-assessments, opened by the respondent, untouched. */
	submitRace: Opened[];
	revokeRace: Opened[];
	reissueRace: Opened[];
	revokeTwice: Opened[];
	/** Submitted with QUESTION answered, asked about (clarification, not yet sent). */
	clarification: Opened;
	/** Submitted with QUESTION answered and accepted: ready to finalise. */
	verifyRace: Opened[];
	/** Analyst assessments in review, with no answers yet. */
	finaliseRace: number[];
	/** Final analyst assessments. */
	amendRace: number[];
	/** Analyst drafts: evidence comes and goes on one; slow-body writes land on the other. */
	evidenceTarget: number;
	slowTarget: number;
	/** Open reviews chaired by `analyst`, `member` sitting, `member2` not; two candidates each. */
	reviews: Array<{ id: number; candidates: [number, number] }>;
	/** Draft versions of RACE_TEMPLATE. */
	publishTwice: string[];
	publishDelete: string[];
}

const actorOf = (a: Account): Actor => ({ id: a.id, label: a.email });

async function account(email: string, name: string, role: Role, password: string): Promise<Account> {
	const created = await users.create(CLI_ACTOR, { email, name, role, password });
	return { id: created.id, email: created.email };
}

function open(inviter: Account, platformId: number, n: string): Opened {
	const { invitation, token } = invitations.invite(actorOf(inviter), {
		platformId,
		templateKey: TEMPLATE.key,
		templateVersion: TEMPLATE.version,
		respondentName: `Respondent ${n}`,
		respondentEmail: `respondent-${n}@platform.test`,
		message: '',
		expiresInDays: 14
	});
	const redeemed = invitations.redeem(token, 'seed');
	if (!redeemed.ok) throw new Error(`the seeded invitation ${n} did not open`);
	return { invitationId: invitation.id, assessmentId: invitation.assessmentId, respondentToken: redeemed.sessionToken };
}

/** The respondent answers QUESTION and submits: the self-assessment is in review. */
function answeredAndSubmitted(opened: Opened): void {
	const ctx = invitations.validateRespondent(opened.respondentToken);
	if (!ctx) throw new Error('a seeded respondent session does not validate');
	const input = { value: 'yes', na: false, assurance: 'claimed' as const, note: '' };
	assessments.saveAnswers(invitations.respondentActor(ctx.invitation), opened.assessmentId, [{ questionId: QUESTION, input, expectedVersion: 0 }], { as: 'respondent' });
	invitations.submit(ctx);
}

function analystAssessment(analyst: Account, platformId: number): number {
	return assessments.create(actorOf(analyst), { platformId, templateKey: TEMPLATE.key, templateVersion: TEMPLATE.version, assessorIds: [analyst.id], dueDate: null }).assessment.id;
}

function platform(analyst: Account, name: string, description = ''): number {
	return platforms.create(actorOf(analyst), { name, kind: 'exchange', status: 'prospect', jurisdictions: [], tags: [], website: '', description }).id;
}

function raceTemplate(version: string) {
	return {
		format: 'clearance-template/1',
		key: RACE_TEMPLATE,
		version,
		title: 'Race questionnaire',
		sections: [{ id: 'only', title: 'Only section', weight: 1, questions: [{ id: 'only.q1', prompt: 'Only question', type: 'yes_partial_no', weight: 1 }] }]
	};
}

type People = Record<'root' | 'analyst' | 'analyst2' | 'disabled' | 'signsOut' | 'member' | 'member2', Account>;

async function seed(rounds: number, totpSecret: string, password: string): Promise<World> {
	await prepareDatabase(handle());
	// Hashing passwords is the slow part: all at once, on libuv's threads.
	const range = <T>(f: (i: number) => T): T[] => Array.from({ length: rounds }, (_, i) => f(i));
	const [root, analyst, analyst2, disabled, signsOut, member, member2, ...admins] = await Promise.all([
		account('root@races.test', 'Root Admin', 'admin', password),
		account('analyst@races.test', 'Ana Analyst', 'analyst', password),
		account('analyst2@races.test', 'Bo Analyst', 'analyst', password),
		account('disabled@races.test', 'Dee Disabled', 'analyst', password),
		account('signs-out@races.test', 'Sam Signout', 'analyst', password),
		account('member@races.test', 'Mo Member', 'committee', password),
		account('member2@races.test', 'Mia Member', 'committee', password),
		...range((i) => account(`admin-a-${i}@races.test`, `Admin A${i}`, 'admin', password)),
		...range((i) => account(`admin-b-${i}@races.test`, `Admin B${i}`, 'admin', password))
	]);
	const people: People = { root, analyst, analyst2, disabled, signsOut, member, member2 };
	// The rest in one transaction (each change a savepoint of it): one sync to disk, not hundreds.
	return write(() => ({ question: QUESTION, section: SECTION, raceTemplate: RACE_TEMPLATE, password, totpSecret, ...people, ...seedData(rounds, totpSecret, people, admins) }));
}

function seedData(rounds: number, totpSecret: string, { root, analyst, analyst2, member }: People, admins: Account[]): Omit<World, keyof People | 'question' | 'section' | 'raceTemplate' | 'password' | 'totpSecret'> {
	const range = <T>(f: (i: number) => T): T[] => Array.from({ length: rounds }, (_, i) => f(i));
	for (const admin of [root, ...admins]) mfa.enrolForDemo(CLI_ACTOR, admin.id, totpSecret);
	// The pairs wait, disabled, for their round: only two admins are active when they race.
	for (const admin of admins) users.setDisabled(CLI_ACTOR, admin.id, true);
	const adminPairs = range((i): [Account, Account] => [admins[i], admins[rounds + i]]);

	const editDescription = 'Seeded description.';
	const main = platform(analyst, 'Race Main Exchange');
	const edit = platform(analyst, 'Race Edited Exchange', editDescription);
	const candidates: [number, number] = [platform(analyst, 'Race Candidate One'), platform(analyst, 'Race Candidate Two')];
	for (const platformId of candidates) {
		const id = analystAssessment(analyst, platformId);
		assessments.submit(actorOf(analyst), id, { as: 'staff' });
		supportEvidence(actorOf(analyst), id);
		assessments.finalize(actorOf(root), id);
	}

	const opened = (name: string) => range((i) => open(analyst, main, `${name}-${i}`));
	const clarification = open(analyst, main, 'clarification');
	answeredAndSubmitted(clarification);
	verification.decide(actorOf(analyst), clarification.assessmentId, QUESTION, { decision: 'clarification', comment: 'Which sanctions lists, and how often?' });
	const verifyRace = opened('verify');
	for (const o of verifyRace) {
		answeredAndSubmitted(o);
		// QUESTION requires evidence and the respondent attached none: the analyst saw it and says so.
		waiveEvidence(actorOf(analyst), o.assessmentId, QUESTION, 'Screening log seen on screen during the call.');
		verification.decide(actorOf(analyst), o.assessmentId, QUESTION, { decision: 'accepted' });
	}

	// Submitted by the second analyst, so that the first may finalise (four eyes); QUESTION, which requires
	// evidence, has it, so a finalise is refused only by the race, never for want of evidence.
	const inReview = () => {
		const id = analystAssessment(analyst, main);
		addLink(actorOf(analyst), id, QUESTION, 'https://evidence.example/ofac-screening-log.pdf', 'Screening log');
		assessments.submit(actorOf(analyst2), id, { as: 'staff' });
		return id;
	};
	const finaliseRace = range(inReview);
	const amendRace = range(() => {
		const id = inReview();
		supportEvidence(actorOf(analyst), id);
		assessments.finalize(actorOf(root), id);
		return id;
	});

	const chair = { id: analyst.id, label: analyst.email, role: 'analyst' as const };
	const reviewList = range((i) => {
		const created = reviews.create(chair, {
			title: `Race review ${i}`,
			mandate: 'Decide between the two race candidates.',
			candidates: candidates.map((platformId) => ({ platformId })),
			members: [member.id]
		});
		return { id: created.id, candidates: [created.candidates[0].id, created.candidates[1].id] as [number, number] };
	});

	templates.importDocument(actorOf(analyst), raceTemplate('0.0.1'), { publish: true });
	const drafts = (prefix: string) =>
		range((i) => {
			const version = `${prefix}.${i}.0`;
			templates.importDocument(actorOf(analyst), raceTemplate(version));
			return version;
		});

	return {
		adminPairs,
		platforms: { main, edit, editDescription, candidates },
		submitRace: opened('submit'),
		revokeRace: opened('revoke'),
		reissueRace: opened('reissue'),
		revokeTwice: opened('revoke-twice'),
		clarification,
		verifyRace,
		finaliseRace,
		amendRace,
		evidenceTarget: analystAssessment(analyst, main),
		slowTarget: analystAssessment(analyst, main),
		reviews: reviewList,
		publishTwice: drafts('1'),
		publishDelete: drafts('2')
	};
}

/**
 * An operator at the server, for the demotion race: two admins racing to
 * demote each other may leave none, and no one could then sign in to set up
 * the next round. Each line "admins ID…" leaves exactly those users active
 * admins: enabled, and every other active admin disabled (as `clearance user
 * disable` does). Answers "ok" or the error, one line each.
 */
async function operator(): Promise<void> {
	await prepareDatabase(handle());
	const lines = createInterface({ input: process.stdin });
	for await (const line of lines) {
		try {
			const keep = line.trim().split(/\s+/).slice(1).map(Number);
			write(() => {
				for (const id of keep) users.setDisabled(CLI_ACTOR, id, false);
				for (const u of users.list()) if (u.role === 'admin' && !u.disabled && !keep.includes(u.id)) users.setDisabled(CLI_ACTOR, u.id, true);
			});
			process.stdout.write('ok\n');
		} catch (err) {
			process.stdout.write(`error ${(err as Error).message}\n`);
		}
	}
}

if (process.argv[1]?.endsWith('race-world.ts')) {
	const [mode, ...args] = process.argv.slice(2);
	try {
		if (mode === 'operator') await operator();
		else process.stdout.write(JSON.stringify(await seed(Number(args[0]), args[1], args[2])));
	} finally {
		closeDatabase();
	}
}
