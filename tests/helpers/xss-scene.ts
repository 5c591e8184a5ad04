// The stored-XSS crawl's scene: payloads planted through the app's own form
// actions, each by the role that writes that field (a respondent through its
// invitation), and in the headers a browser sends (the user agent each
// session remembers), and the list of pages that show them.
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../playwright.config';
import type { Role } from '../../src/lib/server/db/schema';
import { apiSignIn } from '../e2e/helpers';
import { plantOpenFindings } from './e2e-findings';
import { LINE_BREAK, Payloads, TEXT_VECTORS, type FieldRule } from './xss-payloads';

// The server under test and its database; playwright.config.ts starts it on E2E_PORT (4173) with data/e2e.db.
const DATABASE = path.resolve(process.env.E2E_DATABASE_PATH || 'data/e2e.db');

export interface CrawlPage {
	/** The route id, for the policy's say on who may open it. */
	route: string;
	path: string;
	/** A payload in the address itself rather than in stored data. */
	reflected?: boolean;
}

export interface Scene {
	payloads: Payloads;
	/** Session cookie values of the demo's staff accounts. */
	sessions: Record<Role, string>;
	/** Respondent session cookie values, and the pages each opens. */
	respondents: Array<{ session: string; pages: CrawlPage[] }>;
	/** Remediation respondents' session cookie values (clearance_remediation), and the pages each opens. */
	remediators: Array<{ session: string; pages: CrawlPage[] }>;
	pages: CrawlPage[];
	/** Nobody signed in: the sign-in pages, the code page among them for a sign-in left waiting (its cookie value). */
	anonymous: { challenge: string; pages: CrawlPage[] };
	/** A platform name in use, which the platform form refuses a second time. */
	takenName: string;
}

// What each field accepts ------------------------------------------------------

const either = (...patterns: RegExp[]) => new RegExp(patterns.map((p) => p.source).join('|'));
const EDGE_SPACE = /^\s|\s$/;

const RULE = {
	text: { max: 300 },
	platformName: { max: 90, forbid: LINE_BREAK },
	description: { max: 600 },
	tag: { max: 40, forbid: either(LINE_BREAK, /,/) },
	jurisdiction: { max: 60, forbid: either(LINE_BREAK, /,/) },
	url: { max: 300, url: true },
	// An evidence link refuses a user name or password (https://bank.example@evil.example disguises its host).
	evidenceLink: { max: 300, url: true, forbid: /@/ },
	label: { max: 200 },
	fileName: { max: 150 },
	userName: { max: 120, forbid: LINE_BREAK },
	profileName: { max: 80 },
	unit: { max: 60 },
	grade: { max: 60, forbid: either(LINE_BREAK, EDGE_SPACE) },
	// Part of `key@version` and of the page's address.
	version: { max: 28, forbid: either(LINE_BREAK, EDGE_SPACE, /[@/\\]/) },
	// Sent back as a form value, which the server trims.
	optionValue: { max: 60, forbid: either(LINE_BREAK, EDGE_SPACE) },
	// An HTTP header: printable ASCII, trimmed; the session keeps 300 characters.
	userAgent: { max: 300, forbid: either(/[^\x20-\x7e]/, EDGE_SPACE) }
} satisfies Record<string, FieldRule>;

// Talking to the app -----------------------------------------------------------

type Fields = Record<string, string | string[]>;
type Files = Record<string, { name: string; mimeType: string; buffer: Buffer }>;

interface ActionResult {
	type: string;
	location?: string;
	/** devalue-encoded action data */
	data?: string;
}

function cookieOf(response: APIResponse, name: string): string {
	const header = response.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith(`${name}=`));
	if (!header) throw new Error(`${response.url()}: no ${name} cookie (${response.status()})`);
	return header.value.split(';')[0].slice(name.length + 1);
}

class Site {
	constructor(
		readonly api: APIRequestContext,
		readonly origin: string
	) {}

	/** The session cookie's value; the demo admin answers the code page too, as every admin must. */
	async signIn(email: string, userAgent?: string): Promise<string> {
		const secret = email === 'admin@clearance.demo' ? DEMO_TOTP_SECRET : null;
		const cookie = await apiSignIn(this.api, this.origin, email, DEMO_PASSWORD, secret, { userAgent });
		return cookie.slice('clearance_session='.length);
	}

	/** The password alone, for an account with two-factor authentication: the code page's cookie value, the sign-in left waiting. */
	async challenge(email: string): Promise<string> {
		const response = await this.api.post('/login', { form: { email, password: DEMO_PASSWORD }, headers: { origin: this.origin, accept: 'text/html', cookie: '' }, maxRedirects: 0 });
		expect(response.headers().location, `the code page for ${email}`).toMatch(/^\/login\/mfa/);
		return cookieOf(response, 'clearance_mfa');
	}

	async redeemRemediation(token: string): Promise<string> {
		const response = await this.api.get(`/remediate/${token}`, { headers: { cookie: '' }, maxRedirects: 0 });
		expect(response.status(), 'the remediation link opens').toBe(303);
		return cookieOf(response, 'clearance_remediation');
	}

	async redeem(token: string): Promise<string> {
		const response = await this.api.get(`/invite/${token}`, { headers: { cookie: '' }, maxRedirects: 0 });
		expect(response.status(), 'the invitation link opens').toBe(303);
		return cookieOf(response, 'clearance_respondent');
	}

	/** The value of a hidden form field on a page, as a browser would post it back. */
	async hidden(cookie: string, address: string, name: string): Promise<string> {
		const html = await (await this.api.get(address, { headers: { cookie } })).text();
		const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
		expect(value, `${address} has a hidden ${name}`).toBeTruthy();
		return value!;
	}

	/** A form action as the app's enhanced forms send it; anything but success or a redirect fails the scene. */
	async act(cookie: string, address: string, fields: Fields, files?: Files): Promise<ActionResult> {
		const headers = { origin: this.origin, accept: 'application/json', 'x-sveltekit-action': 'true', cookie };
		let response: APIResponse;
		if (files) {
			response = await this.api.post(address, { headers, multipart: { ...(fields as Record<string, string>), ...files }, maxRedirects: 0 });
		} else {
			const body = new URLSearchParams();
			for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
			response = await this.api.post(address, { headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, data: body.toString(), maxRedirects: 0 });
		}
		const text = await response.text();
		const result = (() => {
			try {
				return JSON.parse(text) as ActionResult;
			} catch {
				return { type: `HTTP ${response.status()}`, data: text.slice(0, 300) };
			}
		})();
		if (result.type !== 'success' && result.type !== 'redirect') throw new Error(`${address} refused a planting: ${text.slice(0, 600)}`);
		return result;
	}
}

const session = (value: string) => `clearance_session=${value}`;
const respondentCookie = (value: string) => `clearance_respondent=${value}`;
const remediationCookie = (value: string) => `clearance_remediation=${value}`;

function idIn(location: string | undefined, pattern: RegExp): number {
	const id = Number(pattern.exec(location ?? '')?.[1]);
	expect(id, `an id in ${location}`).toBeGreaterThan(0);
	return id;
}

function read<T>(sql: string, ...args: unknown[]): T {
	const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
	try {
		return db.prepare(sql).pluck().get(...args) as T;
	} finally {
		db.close();
	}
}

function readAll<T>(sql: string, ...args: unknown[]): T[] {
	const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
	try {
		return db.prepare(sql).pluck().all(...args) as T[];
	} finally {
		db.close();
	}
}

// The questionnaire ----------------------------------------------------------------

const SECTIONS = ['s1', 's2', 's3', 's4'];
const QUESTIONS = ['text', 'ypn', 'choice', 'maturity', 'number', 'multi'];

/** A clearance-template/1 document whose every free-text field is a payload. */
function payloadTemplate(key: string, p: Payloads) {
	const words = () => ({ prompt: p.one('template question prompt', RULE.text), guidance: p.one('template question guidance', RULE.text), source: p.one('template question source', RULE.text) });
	const grades = [{ grade: 'A', min: 85 }, ...p.draw('template grade name', 3, RULE.grade).map((grade, i) => ({ grade, min: [70, 55, 40][i] })), { grade: 'F', min: 0 }];
	const capGrade = grades[2].grade;
	const choiceValues: Record<string, string> = {};
	const doc = {
		format: 'clearance-template/1',
		key,
		version: p.one('template version', RULE.version),
		title: p.one('template title', RULE.text),
		description: p.draw('template description', 3, RULE.text).join('\n'),
		grades,
		sections: SECTIONS.map((id, s) => ({
			id,
			title: p.one('template section title', RULE.text),
			description: p.draw('template section description', 2, RULE.text).join('\n'),
			weight: s + 1,
			questions: [
				{ id: `${id}.text`, type: 'text', ...words(), evidence: 'optional' },
				{ id: `${id}.ypn`, type: 'yes_partial_no', ...words(), weight: 3, critical: { minScore: 1, capGrade } },
				{
					id: `${id}.choice`,
					type: 'choice',
					...words(),
					weight: 2,
					options: [
						{ value: 'a', label: p.one('template option label', RULE.text), score: 1 },
						{ value: (choiceValues[id] = p.one('template option value', RULE.optionValue)), label: p.one('template option label', RULE.text), score: 0.5 },
						{ value: 'c', label: p.one('template option label', RULE.text), score: 0 }
					]
				},
				// Evidence-required: analysts waive it with a payload for a reason, which the pages then show.
				{ id: `${id}.maturity`, type: 'maturity', ...words(), weight: 2, evidence: 'required', levels: p.draw('template maturity level', 6, RULE.text) },
				{ id: `${id}.number`, type: 'number', ...words(), weight: 1, unit: p.one('template number unit', RULE.unit), bands: [{ min: 0, max: 7, score: 1 }, { min: 0, score: 0 }] },
				{ id: `${id}.multi`, type: 'multi_choice', ...words(), weight: 1, options: ['m1', 'm2', 'm3'].map((value, i) => ({ value, label: p.one('template option label', RULE.text), score: [0.5, 0.5, 0][i] })) }
			]
		}))
	};
	return { doc, capGrade, choiceValues };
}

/** One section's answers as the plain form posts them, with a payload in every note and text answer. */
function sectionAnswers(p: Payloads, who: 'analyst' | 'respondent', section: string, variant: number, choiceB: string): Fields {
	const what = who === 'analyst' ? 'assessment' : 'self-assessment';
	const q = (x: string) => `${section}.${x}`;
	const fields: Fields = {
		section,
		[`value:${q('text')}`]: p.one(`${what} text answer`, RULE.text),
		[`value:${q('ypn')}`]: who === 'analyst' ? 'partial' : 'yes',
		[`value:${q('choice')}`]: variant % 2 ? choiceB : 'a',
		[`value:${q('maturity')}`]: String(who === 'analyst' ? variant % 6 : 4),
		[`value:${q('number')}`]: String(who === 'analyst' ? 3 + variant : 10),
		[`value:${q('multi')}`]: ['m1', 'm2']
	};
	for (const x of QUESTIONS) {
		// As the form sends it: the version each answer was shown at (none yet).
		fields[`version:${q(x)}`] = '0';
		fields[`note:${q(x)}`] = p.one(`${what} answer note`, RULE.text);
		// "Evidenced" needs evidence attached first: the scene's answers are claims.
		if (who === 'analyst') fields[`assurance:${q(x)}`] = 'claimed';
	}
	return fields;
}

// The scene -----------------------------------------------------------------------

export async function plantScene(api: APIRequestContext, origin: string): Promise<Scene> {
	const site = new Site(api, origin);
	const p = new Payloads();
	const stamp = Date.now().toString(36);
	// Each staff account signs in with a payload for its browser, which its
	// sessions page shows; analyst and committee in a few more browsers too.
	// (The admin answers a code each time, and steps are few: once.)
	const sessions = { admin: '', analyst: '', committee: '' } as Record<Role, string>;
	for (const role of Object.keys(sessions) as Role[]) sessions[role] = await site.signIn(`${role}@clearance.demo`, p.one('session user agent', RULE.userAgent));
	for (const role of ['analyst', 'committee'] as const) for (let i = 0; i < 3; i++) await site.signIn(`${role}@clearance.demo`, p.one('session user agent', RULE.userAgent));
	const [admin, analyst, committee] = [session(sessions.admin), session(sessions.analyst), session(sessions.committee)];
	const userId = (email: string) => read<number>('select id from users where email = ?', email);
	// The set-up page in its three states: the admin's is on, the analyst's off, the committee member's waiting for a code.
	await site.act(committee, '/account/mfa?/start', {});

	// People whose names are payloads: assessors, committee members, and an
	// admin, who only sits on a review: never signed in, so never asked to set up a second factor.
	const people: Record<string, number[]> = { analyst: [], committee: [], admin: [] };
	for (const [i, role] of ['analyst', 'analyst', 'committee', 'committee', 'admin'].entries()) {
		const email = `xss-${stamp}-${i}@clearance.demo`;
		await site.act(admin, '/admin/users?/create', { email, name: p.one('user name', RULE.userName), role, password: DEMO_PASSWORD });
		people[role].push(userId(email));
	}

	// A questionnaire imported as a draft, published, and a new draft from it.
	const key = `xss-${stamp}`;
	const { doc, capGrade, choiceValues } = payloadTemplate(key, p);
	const imported = await site.act(analyst, '/templates?/import', {}, { file: { name: 'xss.template.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) } });
	const versionPath = `/templates/${key}/${encodeURIComponent(doc.version)}`;
	expect(imported.location).toBe(versionPath);
	// Publish names the draft it showed, as the page's form does.
	await site.act(analyst, `${versionPath}/edit?/publish`, { sha256: await site.hidden(analyst, versionPath, 'sha256') });
	const draft = await site.act(analyst, `${versionPath}?/newDraft`, {});
	const template = `${key}@${doc.version}`;
	for (let i = 0; i < 3; i++) {
		const weights = Object.fromEntries(SECTIONS.map((s, j) => [`weight.${s}`, String(((i + j) % 4) + 1)]));
		// `seen`: the profiles the page listed, by name and version; these are all new names.
		await site.act(analyst, `/templates/${key}?/saveProfile`, { name: p.one('weight profile name', RULE.profileName), seen: '{}', ...weights });
	}

	// Platforms: eight assessed by analysts, four answering for themselves.
	const kinds = ['exchange', 'custodian', 'defi', 'market_maker', 'wallet', 'other'];
	const statuses = ['prospect', 'under_review', 'approved', 'rejected', 'monitoring'];
	const platforms: number[] = [];
	const names: string[] = [];
	for (let i = 0; i < 12; i++) {
		names.push(`XSS ${stamp} ${p.one('platform name', RULE.platformName)}`);
		const created = await site.act(analyst, '/platforms/new', {
			name: names[i],
			kind: kinds[i % kinds.length],
			status: statuses[i % statuses.length],
			description: p.draw('platform description', 5, RULE.description).join('\n'),
			tags: p.draw('platform tag', 8, RULE.tag).join(', '),
			jurisdictions: p.draw('platform jurisdiction', 6, RULE.jurisdiction).join(', '),
			website: p.one('platform website', RULE.url)
		});
		platforms.push(idIn(created.location, /^\/platforms\/(\d+)$/));
	}
	const assessed = platforms.slice(0, 8);
	const selfAssessed = platforms.slice(8);

	/** Links and files, two of each, with payload labels, addresses and names. */
	const addEvidence = async (cookie: string, address: string, who: string, links: boolean) => {
		for (const questionId of ['s1.text', 's2.ypn']) {
			if (links) await site.act(cookie, `${address}?/addLink`, { questionId, url: p.one('evidence link URL', RULE.evidenceLink), label: p.one('evidence link label', RULE.label) });
			const name = p.one(`${who} evidence file name`, RULE.fileName);
			const uploaded = await site.act(cookie, `${address}?/uploadEvidence`, { questionId }, { file: { name, mimeType: 'text/plain', buffer: Buffer.from(`Evidence for the XSS crawl: ${name}\n`) } });
			const stored = /Uploaded (.*?) \(SHA-256/.exec(uploaded.data ?? '')?.[1];
			expect(stored, `the stored name of ${name}`).toBeTruthy();
			p.shownAs(name, stored!);
		}
	};

	// Analysts' assessments: answered, evidenced, submitted and finalised; the first amended into a new draft.
	const finals: Record<number, number> = {};
	const assessments: number[] = [];
	for (const [i, platform] of assessed.entries()) {
		const started = await site.act(analyst, `/platforms/${platform}?/start`, { template, assessors: [String(userId('analyst@clearance.demo')), ...people.analyst.map(String)], dueDate: '' });
		const id = idIn(started.location, /^\/assessments\/(\d+)$/);
		for (const section of SECTIONS) await site.act(analyst, `/assessments/${id}?/saveSection`, sectionAnswers(p, 'analyst', section, i, choiceValues[section]));
		await addEvidence(analyst, `/assessments/${id}`, 'assessment', true);
		for (const section of SECTIONS) await site.act(analyst, `/assessments/${id}?/waiveEvidence`, { questionId: `${section}.maturity`, reason: p.one('evidence waiver reason', RULE.text) });
		await site.act(analyst, `/assessments/${id}?/submit`, { confirmed: 'yes' });
		// Four eyes: the admin finalises what the analyst submitted.
		await site.act(admin, `/assessments/${id}?/finalize`, { validUntil: '', confirmed: 'yes' });
		finals[platform] = id;
		assessments.push(id);
	}
	const amended = await site.act(analyst, `/assessments/${finals[assessed[0]]}?/amend`, {});
	assessments.push(idIn(amended.location, /^\/assessments\/(\d+)$/));

	// Self-assessments, one per state a respondent or an analyst sees differently:
	// sent back with questions, finalised, still being answered, in review with decisions.
	const STATES = ['asked', 'final', 'answering', 'in review'] as const;
	const respondents: Scene['respondents'] = [];
	const self: Record<(typeof STATES)[number], number> = { asked: 0, final: 0, answering: 0, 'in review': 0 };
	for (const [i, platform] of selfAssessed.entries()) {
		const state = STATES[i];
		// The message is shown only until the answers are handed in.
		const shown = state === 'asked' || state === 'answering';
		const invited = await site.act(analyst, `/platforms/${platform}?/invite`, {
			respondentName: p.one('invitation respondent name', RULE.text),
			respondentEmail: `respondent-${i}-${stamp}@xss.example`,
			expiresInDays: '14',
			message: shown ? p.draw('invitation message', 3, RULE.text).join('\n\n') : 'Please answer by the end of the month.',
			template
		});
		const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(invited.data ?? '')?.[1];
		expect(token, `the invitation for platform ${platform}`).toBeTruthy();
		const respondent = await site.redeem(token!);
		respondents.push({ session: respondent, pages: SECTIONS.map((s) => ({ route: '/invite', path: `/invite?section=${s}` })) });
		const cookie = respondentCookie(respondent);
		for (const section of SECTIONS) await site.act(cookie, '/invite?/saveSection', sectionAnswers(p, 'respondent', section, i, choiceValues[section]));
		await addEvidence(cookie, '/invite', 'self-assessment', true);
		if (state !== 'answering') await site.act(cookie, '/invite?/submit', {});
		self[state] = read<number>("select id from assessments where platform_id = ? and origin = 'self'", platform);
	}
	assessments.push(...Object.values(self));

	// Remediation: findings with payload titles and details sent to the
	// platform under a payload name and message; the respondent answers with
	// payload plans, links and file names, marks some done; the analyst
	// verifies one with a payload note and reopens one with a payload reason.
	const remediated = assessed[2];
	const plantedIds = plantOpenFindings(
		remediated,
		Array.from({ length: 4 }, () => ({ title: p.one('finding title', RULE.text), detail: p.draw('finding detail', 2, RULE.text).join('\n') }))
	);
	const sentIds = plantedIds.slice(0, 3);
	const sent = await site.act(analyst, `/platforms/${remediated}/remediation/new`, {
		findings: sentIds.map(String),
		respondentName: p.one('remediation respondent name', RULE.userName),
		respondentEmail: `fixer-${stamp}@xss.example`,
		message: p.draw('remediation message', 2, RULE.text).join('\n\n'),
		expiresInDays: '14'
	});
	const remediationToken = /\/remediate\/([A-Za-z0-9_-]{43})/.exec(sent.data ?? '')?.[1];
	expect(remediationToken, 'the remediation link').toBeTruthy();
	const remediationRequest = read<number>('select max(request_id) from remediation_request_findings where finding_id = ?', sentIds[0]);
	const fixer = await site.redeemRemediation(remediationToken!);
	const fixerCookie = remediationCookie(fixer);
	for (const [i, findingId] of sentIds.entries()) {
		const answer = { findingId: String(findingId), plan: p.draw('remediation plan', 2, RULE.text).join('\n'), targetOn: '2027-03-31', version: '0' };
		await site.act(fixerCookie, '/remediate?/saveResponse', answer);
		await site.act(fixerCookie, '/remediate?/addLink', { findingId: String(findingId), url: p.one('remediation link URL', RULE.evidenceLink), label: p.one('remediation link label', RULE.label) });
		const name = p.one('remediation evidence file name', RULE.fileName);
		const uploaded = await site.act(fixerCookie, '/remediate?/uploadEvidence', { findingId: String(findingId) }, { file: { name, mimeType: 'text/plain', buffer: Buffer.from(`Proof of the fix: ${name}\n`) } });
		const stored = /Uploaded (.*?) \(SHA-256/.exec(uploaded.data ?? '')?.[1];
		expect(stored, `the stored name of ${name}`).toBeTruthy();
		p.shownAs(name, stored!);
		if (i > 0) await site.act(fixerCookie, '/remediate?/markDone', { ...answer, plan: p.one('remediation plan', RULE.text), version: '1' });
	}
	await site.act(analyst, `/remediation/${remediationRequest}?/verify`, { findingId: String(sentIds[1]), note: p.one('verification note', RULE.text) });
	await site.act(analyst, `/remediation/${remediationRequest}?/reopen`, { findingId: String(sentIds[2]), reason: p.one('reopen reason', RULE.text) });
	const remediators: Scene['remediators'] = [{ session: fixer, pages: [{ route: '/remediate', path: '/remediate' }] }];

	// Verification. Rationales and questions show while the assessment is in
	// review (to staff) and questions while it is back with the platform (to both).
	const verify = (id: number, questionId: string, fields: Fields) => site.act(analyst, `/assessments/${id}?/verify`, { questionId, claimVersion: '1', decidedAt: '0', ...fields });
	for (const s of SECTIONS) {
		await verify(self.asked, `${s}.text`, { decision: 'clarification', comment: p.one('clarification question', RULE.text) });
		await verify(self.asked, `${s}.multi`, { decision: 'clarification', comment: p.one('clarification question', RULE.text) });
		await site.act(analyst, `/assessments/${self.asked}?/acceptSection`, { section: s });
		await verify(self['in review'], `${s}.text`, { decision: 'clarification', comment: p.one('clarification question', RULE.text) });
		for (const [q, value] of [['ypn', 'partial'], ['choice', 'c'], ['maturity', '1'], ['number', '50']]) {
			await verify(self['in review'], `${s}.${q}`, { decision: 'adjusted', [`value:${s}.${q}`]: value, rationale: p.one('verification rationale', RULE.text) });
		}
		for (const [q, value] of [['ypn', 'no'], ['maturity', '1'], ['number', '50']]) {
			await verify(self.final, `${s}.${q}`, { decision: 'adjusted', [`value:${s}.${q}`]: value, rationale: 'The evidence shows less than was claimed.' });
		}
		await site.act(analyst, `/assessments/${self.final}?/acceptSection`, { section: s });
	}
	await site.act(analyst, `/assessments/${self.asked}?/requestClarification`, {});
	await site.act(analyst, `/assessments/${self.final}?/finalize`, { validUntil: '', confirmed: 'yes' });
	finals[selfAssessed[1]] = self.final;

	// A committee member saves weights from the comparison under payload names.
	const weights = SECTIONS.map((s, j) => `${s}:${j + 1}`).join(',');
	const profileNames = p.draw('weight profile name', 2, RULE.profileName);
	for (const name of profileNames) await site.act(committee, '/compare?/saveProfile', { name, template: key, weights });
	const profile = read<number>('select p.id from weight_profiles p join templates t on t.id = p.template_id where t.key = ? and p.name = ?', key, profileNames[0].trim());

	// Committee reviews: one open with votes, one decided.
	const member = people.committee[0];
	const memberSession = await site.signIn(read<string>('select email from users where id = ?', member));
	const reviews: number[] = [];
	for (const [r, candidates] of [[assessed[0], assessed[1], assessed[2], selfAssessed[1]], [assessed[3], assessed[4]]].entries()) {
		const created = await site.act(analyst, `/reviews/new?profile=${profile}`, {
			title: p.one('review title', RULE.text),
			mandate: p.draw('review mandate', 3, RULE.text).join('\n\n'),
			member: [userId('committee@clearance.demo'), ...people.committee, ...people.admin].map(String),
			c: candidates.map((platform) => `${platform}@${finals[platform]}`)
		});
		const review = idIn(created.location, /^\/reviews\/(\d+)$/);
		reviews.push(review);
		const candidateIds = readAll<number>('select id from review_candidates where review_id = ? order by id', review);
		for (const voter of [committee, analyst, session(memberSession)]) {
			for (const [i, candidate] of candidateIds.entries()) {
				await site.act(voter, `/reviews/${review}?/vote`, { candidate: String(candidate), outcome: ['approve', 'conditional', 'reject'][i % 3], rationale: p.one('vote rationale', RULE.text) });
			}
		}
		if (r === 1) {
			// Every candidate but the first approved with conditions: two each, written in payloads.
			const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
			await site.act(analyst, `/reviews/${review}?/decide`, {
				...Object.fromEntries(candidateIds.map((c, i) => [`decision.${c}`, i ? 'conditional' : 'approve'])),
				...Object.fromEntries(
					candidateIds.slice(1).flatMap((c) => [0, 1].flatMap((n) => [[`condition.${c}.${n}.text`, p.one('condition text', RULE.text)], [`condition.${c}.${n}.due`, due]]))
				),
				rationale: p.draw('decision rationale', 2, RULE.text).join('\n\n')
			});
			// One signed off, with a note in a payload: the note shows on the review, the memo and the platform page.
			const condition = read<number>('select min(id) from conditions where review_id = ?', review);
			const version = read<number>('select version from conditions where id = ?', condition);
			await site.act(analyst, `/reviews/${review}?/signOff`, { condition: String(condition), version: String(version), note: p.one('condition sign-off note', RULE.text) });
		}
	}

	// Findings: the finalises proposed some (titles from the payload prompts); more written by hand with payloads
	// in every free-text field, one accepted as a risk with a payload rationale, one dismissed with a payload reason.
	const findingIds = readAll<number>('select id from findings where platform_id in (' + assessed.map(() => '?').join(',') + ') order by id limit 6', ...assessed);
	// The remediation's payload findings have their pages too.
	findingIds.push(...plantedIds);
	for (const [i, platform] of assessed.slice(0, 3).entries()) {
		const created = await site.act(analyst, `/platforms/${platform}/findings/new`, {
			title: p.one('finding title', { max: 200, forbid: LINE_BREAK }),
			detail: p.draw('finding detail', 3, RULE.description).join('\n'),
			severity: 'low',
			ownerName: p.one('finding platform owner name', RULE.userName),
			ownerEmail: 'owner@platform.example',
			internalOwnerId: '',
			dueOn: '',
			questionId: ''
		});
		const finding = idIn(created.location, /^\/findings\/(\d+)$/);
		findingIds.push(finding);
		if (i === 1) await site.act(analyst, `/findings/${finding}?/accept`, { version: '1', rationale: p.one('risk acceptance rationale', RULE.text), expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) });
		if (i === 2) await site.act(analyst, `/findings/${finding}?/dismiss`, { version: '1', reason: p.one('finding dismissal reason', RULE.text) });
	}

	// The pages that show all this, and a few with a payload in the address.
	const pages: CrawlPage[] = [];
	const add = (route: string, address: string, reflected = false) => pages.push({ route: `/(app)${route}`, path: address, reflected });
	const compared = Object.keys(finals).map((platform) => `c=${platform}`).join('&');
	const tables = 'tables=ranking,radar,sections,heatmap,assurance,trends';
	add('/work', '/work');
	add('/dashboard', '/dashboard');
	add('/platforms', '/platforms');
	add('/platforms', `/platforms?q=${stamp}&sort=name`);
	add('/platforms', `/platforms?grade=${encodeURIComponent(capGrade)}&knockouts=1`);
	add('/platforms/new', '/platforms/new');
	for (const id of platforms) {
		add('/platforms/[id]', `/platforms/${id}`);
		add('/platforms/[id]/edit', `/platforms/${id}/edit`);
	}
	for (const id of new Set(findingIds)) add('/findings/[id]', `/findings/${id}`);
	add('/platforms/[id]/findings/new', `/platforms/${assessed[0]}/findings/new`);
	for (const id of assessments) {
		add('/assessments/[id]', `/assessments/${id}`);
		add('/assessments/[id]/report', `/assessments/${id}/report`);
	}
	// A page shows one section at a time: every section where the forms differ
	// (an editable draft, the platform's answers, the verification workspace);
	// the report shows every section of the others.
	for (const id of [assessments[assessed.length], self.asked, self.answering, self['in review']]) {
		for (const s of SECTIONS.slice(1)) add('/assessments/[id]', `/assessments/${id}?section=${s}`);
	}
	add('/templates', '/templates');
	add('/templates/[key]', `/templates/${key}`);
	add('/templates/[key]/[version]', versionPath);
	add('/templates/[key]/[version]/edit', draft.location!);
	add('/compare', `/compare?${compared}`);
	add('/compare', `/compare?${compared}&profile=${profile}&heat=spread&${tables}`);
	add('/reviews', '/reviews');
	add('/reviews/new', `/reviews/new?${compared.split('&').slice(0, 4).join('&')}&profile=${profile}`);
	for (const id of reviews) {
		add('/reviews/[id]', `/reviews/${id}`);
		add('/reviews/[id]/memo', `/reviews/${id}/memo`);
	}
	add('/platforms/[id]/remediation/new', `/platforms/${remediated}/remediation/new`);
	add('/remediation/[id]', `/remediation/${remediationRequest}`);
	add('/findings', '/findings');
	add('/methodology', '/methodology');
	add('/account', '/account');
	add('/account/sessions', '/account/sessions');
	add('/account/mfa', '/account/mfa');
	add('/admin', '/admin');
	add('/admin/users', '/admin/users');
	add('/admin/audit', '/admin/audit');
	const reflected = (i: number) => encodeURIComponent(TEXT_VECTORS[i % TEXT_VECTORS.length].make(9000 + i));
	add('/platforms', `/platforms?q=${reflected(0)}&sort=${reflected(1)}&grade=${reflected(2)}`, true);
	add('/compare', `/compare?c=${reflected(3)}&w=${reflected(4)}&heat=${reflected(5)}&${tables},${reflected(6)}`, true);
	add('/reviews/new', `/reviews/new?c=${reflected(7)}`, true);
	add('/admin/audit', `/admin/audit?q=${reflected(8)}&actor=${reflected(9)}&action=${reflected(10)}&from=${reflected(11)}`, true);
	add('/platforms/[id]', `/platforms/${reflected(12)}`, true);
	add('/findings', `/findings?status=${reflected(19)}&severity=${reflected(20)}&platform=${reflected(21)}&overdue=${reflected(22)}&page=${reflected(23)}`, true);
	add('/templates/[key]/[version]', `/templates/${reflected(13)}/${reflected(14)}`, true);

	// Last, so that it is still waiting when the crawl opens its page.
	const challenge = await site.challenge('admin@clearance.demo');
	const anonymous: CrawlPage[] = [
		{ route: '/login', path: '/login' },
		{ route: '/login/mfa', path: '/login/mfa' },
		{ route: '/login/mfa', path: `/login/mfa?redirectTo=${reflected(15)}`, reflected: true },
		{ route: '/login', path: `/login?mfa=${reflected(16)}&expired=${reflected(17)}&redirectTo=${reflected(18)}`, reflected: true }
	];

	return { payloads: p, sessions, respondents, remediators, pages, anonymous: { challenge, pages: anonymous }, takenName: names[0] };
}

/**
 * The platform form filled with payloads under a name in use: the server
 * refuses it and the form shows every value again, from the action's data.
 */
export function refusedPlatform(p: Payloads, takenName: string) {
	const field = 'platform form, refused and shown again';
	return {
		name: takenName,
		description: p.draw(field, 3, RULE.description).join('\n'),
		tags: p.draw(field, 3, RULE.tag).join(', '),
		jurisdictions: p.draw(field, 3, RULE.jurisdiction).join(', '),
		website: p.one(field, RULE.url)
	};
}
