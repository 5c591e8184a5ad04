// Issue 8: who gets what. Every page (and its __data.json), every form action
// and every endpoint method is requested as each of seven principals, and the
// answer must be the one written down in tests/authorization-matrix.json. A
// canary planted in one respondent's answers must reach only those the policy
// lets read that assessment, and nothing the matrix sends may change the
// business tables.
//
// To redraw the table after adding a route: MATRIX_WRITE=1 npx playwright test
// authorization-matrix, then read every changed cell against policy.ts before
// committing it. The first test refuses a table whose refusals are not the policy's.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../playwright.config';
import { apiSignIn, MAIN } from './helpers';
import { classify, isOutcome, isStaff, policyOutcome, PRINCIPALS, probesOf, readTable, STAFF, writeTable, type Principal, type Probe } from '../helpers/authorization-matrix';
import { businessTables as fingerprint } from '../helpers/business-tables';
import { concretePath } from '../helpers/routes';
import { plantOpenFindings } from '../helpers/e2e-findings';

const ROUTES_DIR = path.resolve('src/routes');
// The server under test and its database; playwright.config.ts starts it on E2E_PORT (4173) with data/e2e.db.
const DATABASE = path.resolve(process.env.E2E_DATABASE_PATH || 'data/e2e.db');
const DEFAULT_BASE = MAIN;

// Respondent A's canary may reach A and the roles that read assessments ('/(app)/assessments/[id]' is open to every role).
const MAY_READ_A: ReadonlySet<Principal> = new Set(['respondentA', 'committee', 'analyst', 'admin']);

test('the table covers every route, and every refusal in it is the policy’s', () => {
	const { probes, routes } = probesOf(ROUTES_DIR);
	const table = readTable();
	expect(table.principals).toEqual([...PRINCIPALS]);
	const keys = new Set(probes.map((p) => p.key));
	const missing = probes.filter((p) => !Object.hasOwn(table.requests, p.key)).map((p) => p.key);
	const stale = Object.keys(table.requests).filter((k) => !keys.has(k));
	const covered = routes.filter((r) => probes.filter((p) => p.route === r).every((p) => Object.hasOwn(table.requests, p.key)));
	console.log(`Matrix: routes covered: ${covered.length}/${routes.length} (${probes.length} requests; ${missing.length} missing from the table, ${stale.length} rows no longer in src/routes)`);
	expect(missing, 'requests the table does not list').toEqual([]);
	expect(stale, 'rows for requests src/routes no longer answers').toEqual([]);

	const wrong: string[] = [];
	for (const p of probes) {
		const note = table.notes[p.key];
		for (const principal of PRINCIPALS) {
			const cell = table.requests[p.key][principal];
			const policy = policyOutcome(p, principal);
			if (!isOutcome(cell)) wrong.push(`${p.key} × ${principal}: "${cell}" is not an outcome`);
			// Where the policy refuses, the table says exactly how; no note can overrule it.
			else if (policy !== 'allow' && cell !== policy) wrong.push(`${p.key} × ${principal}: the policy says ${policy}, the table ${cell}`);
			// Where it allows, anything but the route's own answer needs a reason.
			else if (policy === 'allow' && !['ok', 'redirect', 'refused-input'].includes(cell) && !note?.cells.includes(principal)) {
				wrong.push(`${p.key} × ${principal}: the policy allows it, the table says ${cell} without a note`);
			}
		}
		for (const principal of note?.cells ?? []) {
			if (policyOutcome(p, principal) !== 'allow') wrong.push(`${p.key}: the note names ${principal}, whom the policy refuses anyway`);
		}
	}
	for (const key of Object.keys(table.notes)) if (!keys.has(key)) wrong.push(`a note for ${key}, which is not a request`);
	expect(wrong).toEqual([]);
});

// The database ------------------------------------------------------------

function readOnly<T>(read: (db: Database.Database) => T): T {
	const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
	try {
		// One read transaction: one snapshot, even while the server writes its audit rows.
		return db.transaction(() => read(db))();
	} finally {
		db.close();
	}
}

/**
 * SHA-256 over every business table's rows (bookkeeping left out: see the
 * helper), less what the matrix's own requests move legitimately. Opening an
 * invitation link adds a respondent session, as signing in adds a session:
 * respondent sessions begun at or after `since` are counted, not hashed.
 * "Set up two-factor authentication" takes no input, so an empty post starts
 * an enrolment (a secret not yet confirmed), which protects nothing yet; and
 * a confirmed credential's last used code step moves with every sign-in.
 */
function businessTables(since: number): { sha256: string; tables: number; rows: number; newRespondentSessions: number } {
	return readOnly((db) => {
		const { sha256, tables, rows } = fingerprint(db, {
			where: { respondent_sessions: `created_at < ${Number(since)}`, mfa_credentials: 'confirmed_at is not null' },
			columns: { mfa_credentials: ['user_id', 'secret', 'created_at', 'confirmed_at'] }
		});
		const newRespondentSessions = db.prepare('select count(*) from respondent_sessions where created_at >= ?').pluck().get(since) as number;
		return { sha256, tables, rows, newRespondentSessions };
	});
}

// The scene, set through the app as its users would set it ----------------------

/** What the matrix points the routes' parameters at. */
interface Fixture {
	/** Respondent A's self-assessment, submitted: it holds the canary, and its state refuses every action on it. */
	assessment: number;
	/** The canary file respondent A uploaded to it. */
	evidence: number;
	/** Respondent A's platform. */
	platform: number;
	/** A finding (the demo's finalises propose them): its page, and its actions refused for the empty form. */
	finding: number;
	/** The demo review: the analyst chairs it, the committee member sits on it. */
	review: number;
	/** Two platforms with final assessments, for the comparison's query. */
	compare: string;
	template: { key: string; published: string; draftKey: string; draft: string };
	/** Respondent B's link (redeemed already, so redeeming it again changes no invitation). */
	token: string;
	/** A remediation request to A's platform, its link opened by the remediator, with a file it gave; and one revoked already, where a revoke changes nothing. */
	remediation: { live: number; revoked: number; evidence: number };
}

function cookieFrom(response: APIResponse, name: string): string {
	const header = response.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith(`${name}=`));
	if (!header) throw new Error(`${response.url()}: no ${name} cookie in the answer (${response.status()})`);
	return header.value.split(';')[0];
}

class Scene {
	constructor(
		readonly api: APIRequestContext,
		readonly origin: string
	) {}

	/** Through the forms; the demo admin answers the two-factor code page too. */
	async signIn(email: string): Promise<string> {
		return apiSignIn(this.api, this.origin, email, DEMO_PASSWORD, email === 'admin@clearance.demo' ? DEMO_TOTP_SECRET : null);
	}

	// An explicit Cookie header, even an empty one, keeps the context's own cookie jar out of every request.
	post(address: string, cookie: string, form: Record<string, string>): Promise<APIResponse> {
		return this.api.post(address, { form, headers: { origin: this.origin, accept: 'text/html', cookie }, maxRedirects: 0 });
	}

	/** As the analyst: a platform and an invitation for it. */
	async invite(analyst: string, name: string, email: string, template: string): Promise<{ platform: number; token: string }> {
		const created = await this.post('/platforms/new', analyst, { name, kind: 'custodian', status: 'under_review' });
		const platform = Number(/^\/platforms\/(\d+)$/.exec(created.headers().location ?? '')?.[1]);
		expect(platform, `platform ${name} created`).toBeGreaterThan(0);
		const invited = await this.post(`/platforms/${platform}?/invite`, analyst, { respondentName: 'Matrix Respondent', respondentEmail: email, expiresInDays: '14', message: '', template });
		const token = /\/invite\/([A-Za-z0-9_-]{43})\b/.exec(await invited.text())?.[1];
		expect(token, `invitation for ${name}`).toBeTruthy();
		return { platform, token: token! };
	}

	async redeem(token: string): Promise<string> {
		const response = await this.api.get(`/invite/${token}`, { headers: { cookie: '' }, maxRedirects: 0 });
		expect(response.status()).toBe(303);
		return cookieFrom(response, 'clearance_respondent');
	}

	/** Staff signed in; respondents A and B, each on their own platform; the canary in A's answers and files; a disabled user; a draft questionnaire. */
	async build(canary: string, stamp: string): Promise<{ cookies: Record<Principal, string>; fx: Fixture }> {
		const cookies = { anonymous: '' } as Record<Principal, string>;
		for (const role of STAFF) cookies[role] = await this.signIn(`${role}@clearance.demo`);
		const published = readOnly(
			(db) =>
				db
					.prepare("select v.version, v.json from template_versions v join templates t on t.id = v.template_id where t.key = 'ci-dd' and v.status = 'published' order by v.published_at desc")
					.get() as { version: string; json: string }
		);
		const sections = (JSON.parse(published.json) as { sections: Array<{ id: string; questions: Array<{ id: string; type: string }> }> }).sections;
		const section = sections.find((s) => s.questions.some((q) => q.type === 'text'))!;
		const question = section.questions.find((q) => q.type === 'text')!;
		const a = await this.invite(cookies.analyst, `Matrix Custody A ${stamp}`, 'a@matrix.example', `ci-dd@${published.version}`);
		const b = await this.invite(cookies.analyst, `Matrix Custody B ${stamp}`, 'b@matrix.example', `ci-dd@${published.version}`);
		cookies.respondentA = await this.redeem(a.token);
		cookies.respondentB = await this.redeem(b.token);

		const saved = await this.post('/invite?/saveSection', cookies.respondentA, { section: section.id, [`value:${question.id}`]: `${canary} in an answer`, [`note:${question.id}`]: `${canary} in a note`, [`version:${question.id}`]: '0' });
		expect(await saved.text(), 'respondent A saves the canary').toContain('Saved.');
		const uploaded = await this.api.post('/invite?/uploadEvidence', {
			multipart: { questionId: question.id, file: { name: 'canary.txt', mimeType: 'text/plain', buffer: Buffer.from(`Evidence: ${canary}\n`) } },
			headers: { origin: this.origin, accept: 'text/html', cookie: cookies.respondentA },
			maxRedirects: 0
		});
		expect(await uploaded.text(), 'respondent A uploads the canary').toContain('Uploaded canary.txt');
		await this.post('/invite?/saveSection', cookies.respondentB, { section: section.id, [`value:${question.id}`]: 'B’s own answer', [`version:${question.id}`]: '0' });
		// Both submit, so that the matrix's empty "submit" finds nothing left to submit.
		for (const who of ['respondentA', 'respondentB'] as const) expect((await this.post('/invite?/submit', cookies[who], {})).status(), `${who} submits`).toBe(303);

		// A remediation request to A's platform: its respondent (the remediator) opens the link and gives a file;
		// and a second request, revoked, for the revoke the matrix sends to change nothing.
		const [fixing, withdrawn] = plantOpenFindings(a.platform, [{ title: 'Matrix: key holders not vetted' }, { title: 'Matrix: withdrawn' }]);
		const sendFinding = async (finding: number) => {
			const sent = await this.post(`/platforms/${a.platform}/remediation/new`, cookies.analyst, { findings: String(finding), respondentName: 'Matrix Fixer', respondentEmail: 'fixer@matrix.example', message: '', expiresInDays: '14' });
			const token = /\/remediate\/([A-Za-z0-9_-]{43})\b/.exec(await sent.text())?.[1];
			expect(token, `remediation of finding ${finding}`).toBeTruthy();
			return token!;
		};
		const fixToken = await sendFinding(fixing);
		const opened = await this.api.get(`/remediate/${fixToken}`, { headers: { cookie: '' }, maxRedirects: 0 });
		expect(opened.status(), 'the remediation link opens').toBe(303);
		cookies.remediator = cookieFrom(opened, 'clearance_remediation');
		const gave = await this.api.post('/remediate?/uploadEvidence', {
			multipart: { findingId: String(fixing), file: { name: 'fix.txt', mimeType: 'text/plain', buffer: Buffer.from('Proof of the fix\n') } },
			headers: { origin: this.origin, accept: 'text/html', cookie: cookies.remediator },
			maxRedirects: 0
		});
		expect(await gave.text(), 'the remediator uploads a file').toContain('Uploaded fix.txt');
		await sendFinding(withdrawn);
		const revokedId = readOnly((db) => db.prepare('select max(request_id) from remediation_request_findings where finding_id = ?').pluck().get(withdrawn) as number);
		expect((await this.post(`/remediation/${revokedId}?/revoke`, cookies.analyst, {})).status(), 'the second request revoked').toBe(200);

		// An analyst who signed in and was then disabled: the cookie they keep must open nothing.
		const email = `matrix-${stamp}@clearance.demo`;
		const created = await this.post('/admin/users?/create', cookies.admin, { email, name: 'Matrix Disabled', role: 'analyst', password: DEMO_PASSWORD });
		expect(await created.text()).toContain(`Created ${email}`);
		cookies.disabled = await this.signIn(email);
		expect((await this.api.get('/dashboard', { headers: { cookie: cookies.disabled }, maxRedirects: 0 })).status(), 'signed in before being disabled').toBe(200);
		const userId = readOnly((db) => db.prepare('select id from users where email = ?').pluck().get(email) as number);
		const disabled = await this.post('/admin/users?/setDisabled', cookies.admin, { userId: String(userId), disabled: 'true' });
		expect(await disabled.text()).toContain(`${email} is disabled`);

		// A draft questionnaire, for the editor and for the actions a draft refuses.
		const draftKey = `matrix-${stamp}`;
		expect((await this.post('/templates?/create', cookies.analyst, { key: draftKey, title: 'Authorization matrix draft' })).status()).toBe(303);

		const fx = readOnly((db): Fixture => {
			const one = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;
			const assessment = one("select id from assessments where platform_id = ? and origin = 'self'", a.platform);
			const finals = db.prepare("select distinct platform_id from assessments where state = 'final' order by platform_id limit 2").pluck().all() as number[];
			return {
				assessment,
				evidence: one('select id from evidence where assessment_id = ?', assessment),
				platform: a.platform,
				finding: one('select min(id) from findings'),
				review: one(
					`select r.id from reviews r
					 join review_members m on m.review_id = r.id join users member on member.id = m.user_id and member.email = 'committee@clearance.demo'
					 join users chair on chair.id = r.created_by and chair.email = 'analyst@clearance.demo'
					 order by r.id`
				),
				compare: `?${finals.map((id) => `c=${id}`).join('&')}`,
				template: { key: 'ci-dd', published: published.version, draftKey, draft: '0.1.0' },
				token: b.token,
				remediation: {
					live: one('select max(request_id) from remediation_request_findings where finding_id = ?', fixing),
					revoked: revokedId,
					evidence: one('select id from finding_evidence where finding_id = ?', fixing)
				}
			};
		});
		expect(fx.review, 'the demo review').toBeGreaterThan(0);
		return { cookies, fx };
	}
}

// Where each request goes, and how it is sent ----------------------------------

// Template versions act on whatever state they find and need no input: each
// action goes to the version whose state refuses it, the editor to a draft.
function onDraft(p: Probe): boolean {
	if (p.route === '/(app)/templates/[key]/[version]/edit') return p.action !== 'publish';
	if (p.route === '/(app)/templates/[key]/[version]') return p.action === 'newDraft' || p.action === 'retire';
	return false;
}

const COMPARED = new Set(['/(app)/compare', '/(app)/compare/export', '/(app)/compare/details', '/(app)/reviews/new']);

function addressOf(p: Probe, fx: Fixture, format = 'csv'): string {
	const noun = p.route.split('/').find((part) => part && !part.startsWith('('));
	const draft = onDraft(p);
	// A revoke takes no input: it goes to the request revoked already, where it changes nothing.
	const remediation = p.route === '/(app)/remediation/[id]' && p.action === 'revoke' ? fx.remediation.revoked : fx.remediation.live;
	const ids: Record<string, number> = { assessments: fx.assessment, findings: fx.finding, platforms: fx.platform, reviews: fx.review, remediation };
	const pathname = concretePath(p.route, {
		id: noun && Object.hasOwn(ids, noun) ? ids[noun] : 0,
		evidenceId: noun === 'remediation' ? fx.remediation.evidence : fx.evidence,
		format,
		key: draft ? fx.template.draftKey : fx.template.key,
		version: draft ? fx.template.draft : fx.template.published,
		token: fx.token
	});
	if (p.kind === 'action') return p.action === 'default' ? pathname : `${pathname}?/${p.action}`;
	// The page's texts name their section (ci-dd's first); without one they are refused as input.
	const query = COMPARED.has(p.route) ? fx.compare : p.route === '/(app)/assessments/[id]/texts' ? '?section=governance' : '';
	return p.kind === 'data' ? `${pathname === '/' ? '' : pathname}/__data.json${query}` : pathname + query;
}

/** More addresses for the same cell, where one route serves the canary in several shapes. */
function variantsOf(p: Probe, fx: Fixture): string[] {
	return p.route === '/(app)/assessments/[id]/export/[format]' ? ['json', 'claims'].map((format) => addressOf(p, fx, format)) : [];
}

// Signing out ends the session the rest of the matrix needs: these go last, each on a session of its own.
const SESSION_ENDERS = new Set(['POST /logout', 'POST /(app)/account?/signOutEverywhere']);

function send(api: APIRequestContext, origin: string, p: Probe, address: string, cookie: string): Promise<APIResponse> {
	const headers: Record<string, string> = { cookie };
	if (p.kind === 'page' || p.kind === 'action') headers.accept = 'text/html';
	if (p.method === 'GET') return api.fetch(address, { method: 'GET', headers, maxRedirects: 0 });
	headers.origin = origin;
	if (p.kind === 'action') {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		return api.fetch(address, { method: 'POST', headers, data: '', maxRedirects: 0 });
	}
	headers['content-type'] = 'application/json';
	return api.fetch(address, { method: p.method, headers, data: '{}', maxRedirects: 0 });
}

// The matrix ------------------------------------------------------------------

interface Observation {
	principal: Principal;
	key: string;
	address: string;
	outcome: string;
	canary: boolean;
}

test('every principal gets exactly what the table says, the canary reaches only its readers, and nothing changes', async ({ playwright, baseURL }) => {
	test.setTimeout(120_000);
	const started = Date.now();
	const base = baseURL ?? DEFAULT_BASE;
	const origin = new URL(base).origin;
	const { probes, routes } = probesOf(ROUTES_DIR);
	const writing = process.env.MATRIX_WRITE === '1';
	const table = writing ? null : readTable();
	const api = await playwright.request.newContext({ baseURL: base });
	const scene = new Scene(api, origin);
	const stamp = `${Date.now()}-${randomBytes(4).toString('hex')}`;
	const canary = `canary-${stamp}-only-for-A`;
	const { cookies, fx } = await scene.build(canary, stamp);
	const setupMs = Date.now() - started;

	// From here on, only the matrix's own requests.
	const since = Date.now();
	const before = businessTables(since);
	const observations: Observation[] = [];
	const observe = async (principal: Principal, p: Probe, address: string, cookie: string) => {
		const response = await send(api, origin, p, address, cookie);
		const body = (await response.body()).toString('utf8');
		const headers = response.headersArray().map((h) => `${h.name}: ${h.value}`).join('\n');
		const outcome = classify(response.status(), response.headers().location ?? null, body, p.kind);
		observations.push({ principal, key: p.key, address, outcome, canary: body.includes(canary) || headers.includes(canary) });
	};
	for (const principal of PRINCIPALS) {
		for (const p of probes.filter((q) => !SESSION_ENDERS.has(q.key))) {
			for (const address of [addressOf(p, fx), ...variantsOf(p, fx)]) await observe(principal, p, address, cookies[principal]);
		}
	}
	for (const principal of PRINCIPALS) {
		for (const p of probes.filter((q) => SESSION_ENDERS.has(q.key))) {
			const cookie = isStaff(principal) ? await scene.signIn(`${principal}@clearance.demo`) : cookies[principal];
			await observe(principal, p, addressOf(p, fx), cookie);
		}
	}
	const after = businessTables(since);
	await api.dispose();
	const matrixMs = Date.now() - since;

	// What was seen, cell by cell; a variant must answer as its cell does.
	const seen: Record<string, Record<string, string>> = {};
	const disagreements: string[] = [];
	for (const o of observations) {
		seen[o.key] ??= {};
		const first = seen[o.key][o.principal];
		if (first === undefined) seen[o.key][o.principal] = o.outcome;
		else if (first !== o.outcome) disagreements.push(`${o.key} × ${o.principal}: ${o.address} answered ${o.outcome}, the route's first address ${first}`);
	}
	if (writing) {
		writeTable(probes, seen);
		console.log(`Matrix: wrote ${probes.length} rows to tests/authorization-matrix.json; review them before committing.`);
	}
	const differences: string[] = [];
	for (const p of probes) {
		for (const principal of PRINCIPALS) {
			const expected = table?.requests[p.key]?.[principal];
			const got = seen[p.key][principal];
			if (table && got !== expected) differences.push(`${p.key} × ${principal} (${addressOf(p, fx)}): expected ${expected ?? '(no row)'}, got ${got}`);
		}
	}

	const leaks = observations.filter((o) => o.canary && !MAY_READ_A.has(o.principal));
	const shown = observations.filter((o) => o.canary);
	// The canary must turn up where it belongs, or its absence elsewhere proves nothing.
	const mustShow: Array<[Principal, string]> = [
		['respondentA', 'GET /invite'],
		['committee', 'GET /(app)/assessments/[id]'],
		['analyst', 'GET /(app)/assessments/[id]/export/[format]'],
		['admin', 'GET /(app)/assessments/[id]/evidence/[evidenceId]']
	];
	const unseen = mustShow.filter(([who, key]) => !shown.some((o) => o.principal === who && o.key === key)).map(([who, key]) => `${who}: ${key}`);
	const redemptions = observations.filter((o) => o.key === 'GET /invite/[token]' && o.outcome === 'redirect').length;

	const byClass = new Map<string, number>();
	for (const principal of PRINCIPALS) for (const p of probes) byClass.set(seen[p.key][principal], (byClass.get(seen[p.key][principal]) ?? 0) + 1);
	const count = (kind: Probe['kind']) => probes.filter((p) => p.kind === kind).length;
	const covered = table ? routes.filter((r) => probes.filter((p) => p.route === r).every((p) => Object.hasOwn(table.requests, p.key))).length : routes.length;
	const others = observations.filter((o) => !MAY_READ_A.has(o.principal)).length;
	console.log(
		`Matrix: ${routes.length} routes → ${probes.length} requests (${count('page')} pages, ${count('data')} __data.json, ${count('action')} form actions, ${count('endpoint')} endpoint methods) × ${PRINCIPALS.length} principals = ${probes.length * PRINCIPALS.length} cells; ${observations.length} requests sent (setup ${(setupMs / 1000).toFixed(1)} s, matrix ${(matrixMs / 1000).toFixed(1)} s)`
	);
	console.log(`Matrix: routes covered: ${covered}/${routes.length}; cells ${table ? `as the table says: ${probes.length * PRINCIPALS.length - differences.length}, different: ${differences.length}` : 'written, not compared'}`);
	for (const [outcome, n] of [...byClass].sort((x, y) => y[1] - x[1])) console.log(`Matrix:   ${String(n).padStart(4)}  ${outcome}`);
	console.log(`Matrix: canary looked for in ${observations.length} responses (bodies, downloads, headers with Location); ${others} went to anonymous, respondent B or the disabled user: ${leaks.length} leaks`);
	console.log(`Matrix: canary shown ${shown.length} times, to ${[...new Set(shown.map((o) => o.principal))].join(', ')} only`);
	console.log(`Matrix: business tables (${before.tables} tables, ${before.rows} rows) sha256 before ${before.sha256}`);
	console.log(`Matrix: business tables (${after.tables} tables, ${after.rows} rows) sha256 after  ${after.sha256}; ${after.newRespondentSessions} respondent sessions from ${redemptions} link redemptions`);

	expect(disagreements).toEqual([]);
	expect(differences).toEqual([]);
	expect(leaks.map((o) => `${o.principal}: ${o.key} (${o.address})`)).toEqual([]);
	expect(unseen, 'the canary where it belongs').toEqual([]);
	expect(after.sha256).toBe(before.sha256);
	expect(after.newRespondentSessions).toBe(redemptions);
});
