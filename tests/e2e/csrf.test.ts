// Issue 8: another site cannot make a signed-in admin's browser change
// anything. Every form action and every non-GET endpoint in src/routes is
// sent every body type with a foreign Origin, and the business tables must
// read exactly the same afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../playwright.config';
import { apiSignIn, MAIN } from './helpers';
import { businessTables as fingerprint } from '../helpers/business-tables';
import { concretePath, mutatingHandlers, type MutatingHandler } from '../helpers/routes';

const EVIL = 'https://evil.example';
const ROUTES_DIR = path.resolve('src/routes');
// The server under test and its database; playwright.config.ts starts it on E2E_PORT (4173) with data/e2e.db.
const DATABASE = path.resolve(process.env.E2E_DATABASE_PATH || 'data/e2e.db');
const DEFAULT_BASE = MAIN;

function readOnly<T>(read: (db: Database.Database) => T): T {
	const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
	try {
		// One read transaction: one snapshot, even while the server writes its audit rows.
		return db.transaction(() => read(db))();
	} finally {
		db.close();
	}
}

/** SHA-256 over every business table's rows (bookkeeping left out: see the helper). */
const businessTables = () => readOnly((db) => fingerprint(db));

/**
 * Real ids from the demo database, chosen so that each action, were it to
 * run, would have something to change: a draft to save into, a
 * self-assessment to verify, an open review to vote in.
 */
function demoParams() {
	return readOnly((db) => {
		const first = (sql: string) => db.prepare(sql).pluck().get() as number | string | undefined;
		const assessment = (where: string) => first(`select id from assessments where ${where} order by id`) ?? first('select min(id) from assessments')!;
		const template = db.prepare('select t.key, v.version from template_versions v join templates t on t.id = v.template_id order by v.id').get() as { key: string; version: string };
		return {
			common: {
				key: template.key,
				version: template.version,
				evidenceId: first('select min(id) from evidence') ?? 1,
				format: 'json',
				// No action or endpoint other than GET lives under it today; a made-up token suffices.
				token: 'made-up-invitation-token-for-the-csrf-suite'
			},
			platform: first('select min(id) from platforms')!,
			// A proposed finding (the demo's finalised assessments propose them): every finding action would change it.
			finding: first("select id from findings where status = 'proposed' order by id") ?? first('select min(id) from findings') ?? 1,
			review: first("select id from reviews where status = 'open' order by id") ?? first('select min(id) from reviews')!,
			// A live remediation request if the scene holds one; the hook refuses before any lookup, so any id would do.
			remediation: first('select id from remediation_requests where revoked_at is null order by id') ?? 1,
			draft: assessment("origin = 'analyst' and state = 'draft'"),
			inReview: assessment("origin = 'analyst' and state = 'in_review'"),
			final: assessment("state = 'final'"),
			selfInReview: assessment("origin = 'self' and state = 'in_review'")
		};
	});
}

// Assessment actions that only make sense on some states of an assessment.
const ASSESSMENT_FOR: Record<string, 'inReview' | 'final' | 'selfInReview'> = {
	reopen: 'inReview',
	finalize: 'inReview',
	amend: 'final',
	recompute: 'final',
	verify: 'selfInReview',
	acceptSection: 'selfInReview',
	requestClarification: 'selfInReview',
	withdrawClarification: 'selfInReview'
};

function addressOf(handler: MutatingHandler, params: ReturnType<typeof demoParams>): string {
	// The noun the route's [id] belongs to: /(app)/platforms/[id]/edit → platforms.
	const noun = handler.route.split('/').find((part) => part && !part.startsWith('('));
	const ids: Record<string, number | string> = { platforms: params.platform, findings: params.finding, reviews: params.review, remediation: params.remediation, assessments: params[ASSESSMENT_FOR[handler.name] ?? 'draft'] };
	const values = noun && Object.hasOwn(ids, noun) ? { ...params.common, id: ids[noun] } : params.common;
	const pathname = concretePath(handler.route, values);
	if (handler.kind === 'endpoint') return pathname;
	return handler.name === 'default' ? pathname : `${pathname}?/${handler.name}`;
}

// Fields most actions read, with values an attacker would like them to take.
const FIELDS = {
	email: 'csrf@evil.example',
	name: 'CSRF',
	role: 'admin',
	password: 'attacker-chosen-passphrase',
	userId: '1',
	disabled: 'true',
	section: 'governance',
	questionId: 'governance.advisory-days',
	url: 'https://evil.example/proof',
	outcome: 'approve',
	rationale: 'Decided by evil.example',
	reason: 'Dismissed by evil.example',
	expiresOn: '2099-01-01',
	title: 'Edited by evil.example',
	severity: 'low',
	version: '1',
	ids: '1',
	note: 'Signed off by evil.example'
};

type BodyType = 'urlencoded' | 'multipart' | 'text/plain' | 'none' | 'json';
const BODY_TYPES: BodyType[] = ['urlencoded', 'multipart', 'text/plain', 'none', 'json'];

function send(api: APIRequestContext, url: string, method: string, body: BodyType, data: object): Promise<APIResponse> {
	const options = { method, headers: { origin: EVIL } as Record<string, string>, maxRedirects: 0 };
	switch (body) {
		case 'urlencoded':
			return api.fetch(url, { ...options, form: FIELDS });
		case 'multipart':
			return api.fetch(url, { ...options, multipart: { ...FIELDS, file: { name: 'proof.txt', mimeType: 'text/plain', buffer: Buffer.from('csrf') } } });
		case 'text/plain':
			// What <form enctype="text/plain"> sends.
			options.headers['content-type'] = 'text/plain';
			return api.fetch(url, { ...options, data: Object.entries(FIELDS).map(([k, v]) => `${k}=${v}`).join('\r\n') });
		case 'none':
			return api.fetch(url, options);
		case 'json':
			options.headers['content-type'] = 'application/json';
			return api.fetch(url, { ...options, data: JSON.stringify(data) });
	}
}

// A valid answer for the autosave endpoint: were it accepted, it would save.
const ANSWER = { questionId: 'governance.advisory-days', value: 0, na: false, assurance: 'verified', note: 'Saved by evil.example', expectedVersion: 1 };

/** The hook's own origin check: any write whose Origin is another site's. */
const HOOK_ORIGIN = { status: 403, body: '{"message":"Requests from another site cannot change anything here."}', layer: "hook's origin check (403)" } as const;

interface Refusal {
	status: number;
	/** The whole body, or for an HTML page (`page`) a sentence in it. */
	body: string;
	page?: true;
	layer: string;
}

/**
 * How each JSON or empty request to an endpoint is refused; a new endpoint
 * fails the suite until its line is written here.
 */
const ENDPOINT_REFUSALS: Record<string, { none: Refusal; json: Refusal }> = {
	// Kit does not check the Origin of JSON or empty bodies; the hook does, for every write.
	'/(app)/assessments/[id]/answers PUT': { none: HOOK_ORIGIN, json: HOOK_ORIGIN }
};

function expectedRefusal(handler: MutatingHandler, body: BodyType): Refusal {
	const method = handler.kind === 'action' || handler.name === 'fallback' ? 'POST' : handler.name;
	if (body === 'urlencoded' || body === 'multipart' || body === 'text/plain') {
		// Kit's origin check, before any route, hook or action runs.
		return { status: 403, body: `Cross-site ${method} form submissions are forbidden`, layer: "kit's origin check (403)" };
	}
	if (handler.kind === 'endpoint') {
		const known = ENDPOINT_REFUSALS[`${handler.route} ${handler.name}`];
		if (!known) throw new Error(`${handler.route} ${handler.name}: a new endpoint; write down how it refuses JSON and empty bodies from another site`);
		return known[body];
	}
	// JSON or no body is not form content, so kit's origin check lets it
	// through; the hook's own origin check refuses it, before the route policy
	// or any action (kit would also refuse an action anything but form content).
	return HOOK_ORIGIN;
}

test('the suite knows every form action and endpoint, and notices any it could not read', () => {
	const { handlers, problems } = mutatingHandlers(ROUTES_DIR);
	expect(problems).toEqual([]);
	expect(handlers.filter((h) => h.kind === 'action').length).toBeGreaterThan(0);

	// Shapes an action could hide in are reported, not silently skipped.
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearance-csrf-'));
	fs.mkdirSync(path.join(dir, 'a'));
	fs.writeFileSync(
		path.join(dir, 'a', '+page.server.ts'),
		"const more = {};\nexport const actions = { plain: async () => {}, 'quoted-name': () => {}, method() {}, ...more } satisfies object;\nexport const load = () => ({});"
	);
	fs.mkdirSync(path.join(dir, 'b'));
	fs.writeFileSync(path.join(dir, 'b', '+server.ts'), "export const GET = () => new Response('');\nexport function DELETE() { return new Response(''); }\nexport { POST } from './elsewhere';");
	fs.mkdirSync(path.join(dir, 'c'));
	fs.writeFileSync(path.join(dir, 'c', '+server.mjs'), 'export const POST = () => {};');
	const probe = mutatingHandlers(dir);
	expect(probe.handlers.map((h) => `${h.route} ${h.name}`)).toEqual(['/a method', '/a plain', '/a quoted-name', '/b DELETE']);
	expect(probe.problems.map((p) => p.replace(dir, '').split(': ')[1].split(' ')[0])).toEqual(['actions', 're-export', 'unknown']);
	fs.rmSync(dir, { recursive: true, force: true });
});

test('another site cannot change anything through any action or endpoint, whatever the body', async ({ playwright, baseURL }) => {
	const base = baseURL ?? DEFAULT_BASE;
	const { handlers, problems } = mutatingHandlers(ROUTES_DIR);
	expect(problems).toEqual([]);
	const params = demoParams();

	// A real sign-in through the login and code forms, from the app's own origin;
	// the context keeps the session cookie for the requests below.
	const admin = await playwright.request.newContext({ baseURL: base });
	await apiSignIn(admin, new URL(base).origin, 'admin@clearance.demo', DEMO_PASSWORD, DEMO_TOTP_SECRET);
	const sessionCookie = (await admin.storageState()).cookies.find((c) => c.name === 'clearance_session');
	// Lax keeps the cookie off cross-site POSTs in browsers that honour it; the checks below do not rely on that.
	expect(sessionCookie?.sameSite).toBe('Lax');
	const anonymous = await playwright.request.newContext({ baseURL: base });

	const before = businessTables();
	const layers = new Map<string, number>();
	const failures: string[] = [];
	let sent = 0;
	for (const handler of handlers) {
		const url = addressOf(handler, params);
		const method = handler.kind === 'action' || handler.name === 'fallback' ? 'POST' : handler.name;
		for (const body of BODY_TYPES) {
			const expected = expectedRefusal(handler, body);
			const label = `${method} ${url} [${body}]`;
			const response = await send(admin, url, method, body, handler.kind === 'endpoint' ? ANSWER : FIELDS);
			sent++;
			const text = await response.text();
			const cookies = response.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie');
			const bodyFits = expected.page ? text.includes(expected.body) : text === expected.body;
			if (response.status() !== expected.status || !bodyFits || cookies.length) {
				failures.push(`${label}: expected ${expected.status} "${expected.body}", got ${response.status()} "${text.slice(0, 120)}"${cookies.length ? ' and a Set-Cookie' : ''}`);
			} else {
				layers.set(expected.layer, (layers.get(expected.layer) ?? 0) + 1);
			}
		}
	}
	// Defence in depth: were the hook's check ever lost, a browser would still
	// need CORS for a cross-site JSON write, and the app grants none.
	for (const handler of handlers.filter((h) => h.kind === 'endpoint')) {
		const url = addressOf(handler, params);
		const preflight = await anonymous.fetch(url, {
			method: 'OPTIONS',
			headers: { origin: EVIL, 'access-control-request-method': handler.name, 'access-control-request-headers': 'content-type' },
			maxRedirects: 0
		});
		const granted = Object.keys(preflight.headers()).filter((h) => h.startsWith('access-control-allow-'));
		if (preflight.ok() || granted.length) failures.push(`OPTIONS ${url}: preflight answered ${preflight.status()} granting ${granted.join(', ') || 'nothing'}`);
	}
	const after = businessTables();

	// Logout is among the actions: the admin must still be signed in.
	const still = await admin.get('/dashboard', { maxRedirects: 0 });
	await admin.dispose();
	await anonymous.dispose();

	const actions = handlers.filter((h) => h.kind === 'action').length;
	const refusals = [...layers.values()].reduce((a, b) => a + b, 0);
	const endpoints = handlers.length - actions;
	console.log(`CSRF: ${handlers.length} handlers (${actions} form actions, ${endpoints} endpoint handler${endpoints === 1 ? '' : 's'}) × ${BODY_TYPES.length} body types = ${handlers.length * BODY_TYPES.length} cases, ${sent} requests sent with Origin ${EVIL}`);
	console.log(`CSRF: ${refusals} refused, ${failures.length} not as expected`);
	for (const [layer, count] of layers) console.log(`CSRF:   ${String(count).padStart(4)}  ${layer}`);
	console.log(`CSRF: business tables (${before.tables} tables, ${before.rows} rows) sha256 before ${before.sha256}`);
	console.log(`CSRF: business tables (${after.tables} tables, ${after.rows} rows) sha256 after  ${after.sha256}`);

	expect(failures).toEqual([]);
	expect(refusals).toBe(handlers.length * BODY_TYPES.length);
	expect(after).toEqual(before);
	expect(still.status()).toBe(200);
});
