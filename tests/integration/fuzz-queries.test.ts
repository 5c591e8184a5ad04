// The read side of the fuzz suite: every page load and GET endpoint that reads
// its address's query string (compare and its details and export, the
// platform list and its export, the audit trail's filters, a review started
// from a comparison, the sign-in pages), called as SvelteKit calls it with
// generated queries (250 each by default): its own parameters and strangers, each
// left out, repeated, empty, a megabyte long, percent-encoded bytes that are
// not UTF-8, NUL and bidirectional controls, prototype names, numbers past
// every bound (weights past the spec's 1,000,000, ids past 2^53), and the
// separators its parsers split on. A correct app answers every one with a
// page, a refusal or a redirect: no server error, and no change to any
// business table (a GET changes nothing).
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/lib/server/auth/session';
import * as users from '../../src/lib/server/auth';
import { seedDemo } from '../../src/lib/server/demo';
import { handle, write } from '../../src/lib/server/db/index';
import * as platforms from '../../src/lib/server/platforms';
import { businessTables } from '../helpers/business-tables';
import { useTempDatabase } from '../helpers/database';
import { BIDI_CONTROLS, MEGABYTE, NUL, PROTO_WORDS } from '../helpers/fuzz/hostile';
import { loadEvent, NOBODY, outcomeOf, type Locals, type Outcome } from '../helpers/request-event';
import { sessionLocals } from '../helpers/fuzz/world';

useTempDatabase();

const SEED = Number(process.env.FC_SEED ?? 20261207);
// 250 each keeps the suite within `npm test`'s budget (a GET's parsers are few and
// small); FUZZ_RUNS=<n> sends more.
const RUNS = Number(process.env.FUZZ_RUNS) || 250;

interface ReadRoute {
	/** Route id, as kit names it. */
	route: string;
	/** The file under src/routes and the export that answers a GET. */
	file: string;
	handler: 'load' | 'GET';
	who: 'analyst' | 'admin' | 'anonymous';
	/** The parameters the route reads, with a value it accepts. */
	params: Record<string, string[]>;
	/** The route's own parameters ([id]…), real rows of the demo. */
	routeParams?: Record<string, string>;
}

let ids: number[] = [];
let assessmentId = 0;
let locals: Record<ReadRoute['who'], Locals>;

/** A value for `name` that the route accepts: the case the hostile ones are built around. */
const routes = (): ReadRoute[] => {
	const c = ids.slice(0, 3).join(',');
	const compare = { c: [c, `${ids[0]}`, `${ids[1]}`], w: ['governance:1,hiring:2'], profile: ['1'], heat: ['all', 'gaps'], vary: ['25'], tables: ['ranking,heatmap'], find: ['a'] };
	const list = { q: ['a'], kind: ['exchange'], status: ['monitoring'], grade: ['A'], knockouts: ['1'], sort: ['name', 'grade'], page: ['1', '2'] };
	return [
		{ route: '/(app)/compare', file: '(app)/compare/+page.server.ts', handler: 'load', who: 'analyst', params: compare },
		{ route: '/(app)/compare/details', file: '(app)/compare/details/+server.ts', handler: 'GET', who: 'analyst', params: compare },
		{ route: '/(app)/compare/export', file: '(app)/compare/export/+server.ts', handler: 'GET', who: 'analyst', params: { ...compare, format: ['csv', 'json'] } },
		{ route: '/(app)/platforms', file: '(app)/platforms/+page.server.ts', handler: 'load', who: 'analyst', params: list },
		{ route: '/(app)/platforms/export', file: '(app)/platforms/export/+server.ts', handler: 'GET', who: 'analyst', params: { ...list, format: ['csv', 'json'] } },
		{
			route: '/(app)/admin/audit',
			file: '(app)/admin/audit/+page.server.ts',
			handler: 'load',
			who: 'admin',
			params: { from: ['2026-01-01'], to: ['2026-12-31'], action: ['assessment.finalize'], actor: ['analyst@clearance.demo'], entityType: ['assessment'], before: ['100'] }
		},
		{ route: '/(app)/reviews/new', file: '(app)/reviews/new/+page.server.ts', handler: 'load', who: 'analyst', params: compare },
		{
			route: '/(app)/findings',
			file: '(app)/findings/+page.server.ts',
			handler: 'load',
			who: 'analyst',
			params: { status: ['open', 'owed'], severity: ['high'], overdue: ['1'], platform: [`${ids[0]}`], page: ['1', '2'] }
		},
		{ route: '/(app)/assessments/[id]', file: '(app)/assessments/[id]/+page.server.ts', handler: 'load', who: 'analyst', params: { section: ['governance'] }, routeParams: { id: `${assessmentId}` } },
		{ route: '/(app)/assessments/[id]/texts', file: '(app)/assessments/[id]/texts/+server.ts', handler: 'GET', who: 'analyst', params: { section: ['governance'] }, routeParams: { id: `${assessmentId}` } },
		{
			route: '/(app)/platforms/[id]/findings/new',
			file: '(app)/platforms/[id]/findings/new/+page.server.ts',
			handler: 'load',
			who: 'analyst',
			params: { question: ['hiring.live-interview'] },
			routeParams: { id: `${ids[0]}` }
		},
		{ route: '/login', file: 'login/+page.server.ts', handler: 'load', who: 'anonymous', params: { redirectTo: ['/dashboard', '/platforms?page=2'], expired: ['1'], mfa: ['locked'] } },
		{ route: '/login/mfa', file: 'login/mfa/+page.server.ts', handler: 'load', who: 'anonymous', params: { redirectTo: ['/dashboard'] } }
	];
};

/** Raw (already percent-encoded) values, each hostile for a parser that trusts its input. */
const HOSTILE_RAW: string[] = [
	'',
	'%20',
	'%',
	'%G0',
	'%FF',
	'%ED%A0%80', // a lone surrogate's UTF-8 bytes
	'%C0%AF', // an overlong '/'
	encodeURIComponent(NUL),
	...BIDI_CONTROLS.slice(0, 3).map(encodeURIComponent),
	...PROTO_WORDS,
	'NaN',
	'Infinity',
	'-Infinity',
	'-1',
	'0',
	'1e309',
	'1e6',
	'1000001',
	'0x10',
	'9007199254740993',
	'99999999999999999999',
	'1.5',
	encodeURIComponent(',,,'),
	encodeURIComponent('1@'),
	encodeURIComponent('1@2@3'),
	encodeURIComponent('governance:1e7'),
	encodeURIComponent('governance:-1'),
	encodeURIComponent('__proto__:1'),
	encodeURIComponent(':'),
	encodeURIComponent('//evil.example'),
	encodeURIComponent('https://evil.example/'),
	encodeURIComponent('/\\evil.example'),
	encodeURIComponent('<script>alert(1)</script>'),
	encodeURIComponent('{"a":1}'),
	encodeURIComponent('1,'.repeat(500))
];
const MEGA = encodeURIComponent(MEGABYTE);

const rawValue = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...HOSTILE_RAW) },
	{ weight: 1, arbitrary: fc.constant(MEGA) },
	{ weight: 2, arbitrary: fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ''))) }
);

/** A query string: the route's own parameters (some valid, some hostile, some twice) and strangers. */
function queries(route: ReadRoute): fc.Arbitrary<{ query: string; hostile: string[] }> {
	const names = Object.keys(route.params);
	const pair = fc.oneof(
		{ weight: 4, arbitrary: fc.tuple(fc.constantFrom(...names), rawValue, fc.constant(true)) },
		{ weight: 3, arbitrary: fc.constantFrom(...names).chain((n) => fc.tuple(fc.constant(n), fc.constantFrom(...route.params[n].map(encodeURIComponent)), fc.constant(false))) },
		{ weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTO_WORDS, '', '%FF', 'c[]', 'w%00'), rawValue, fc.constant(true)) }
	);
	return fc
		.array(pair, { minLength: 1, maxLength: 6 })
		.filter((pairs) => pairs.some(([, , hostile]) => hostile))
		.map((pairs) => ({ query: pairs.map(([n, v]) => `${n}=${v}`).join('&'), hostile: pairs.filter(([, , h]) => h).map(([n, v]) => `${n}=${v.slice(0, 40)}`) }));
}

beforeAll(async () => {
	// Nothing here is meant to survive power loss.
	handle().sqlite.pragma('synchronous = OFF');
	process.env.DEMO_PASSWORD = 'fuzz-queries demo passphrase 2026';
	await seedDemo();
	delete process.env.DEMO_PASSWORD;
	const token = (email: string) => write((tx) => createSession(tx, users.findByEmail(email)!.id, { ip: '198.51.100.1', userAgent: 'fuzz' }).token);
	locals = { analyst: sessionLocals(token('analyst@clearance.demo')), admin: sessionLocals(token('admin@clearance.demo')), anonymous: NOBODY };
	ids = platforms.list({ pageSize: 20 }).rows.map((p) => p.id);
	assessmentId = handle().sqlite.prepare("select id from assessments where state = 'final' order by id limit 1").pluck().get() as number;
}, 120_000);

/** Server files under src/routes that read their address's query string. */
function readersOfQueries(dir = path.resolve('src/routes')): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return readersOfQueries(file);
		return /^\+(page\.server|server)\.ts$/.test(entry.name) && fs.readFileSync(file, 'utf8').includes('searchParams') ? [path.relative(path.resolve('src/routes'), file)] : [];
	});
}

describe('fuzzing every page and endpoint that reads its query string', () => {
	it('has a case for every server file in src/routes that reads searchParams', () => {
		expect(readersOfQueries().sort()).toEqual(routes().map((r) => r.file).sort());
	});

	it.each([
		'/(app)/compare',
		'/(app)/compare/details',
		'/(app)/compare/export',
		'/(app)/platforms',
		'/(app)/platforms/export',
		'/(app)/admin/audit',
		'/(app)/reviews/new',
		'/(app)/findings',
		'/(app)/assessments/[id]',
		'/(app)/assessments/[id]/texts',
		'/(app)/platforms/[id]/findings/new',
		'/login',
		'/login/mfa'
	])(
		'%s answers every hostile query without a server error or a change',
		async (routeId) => {
			const route = routes().find((r) => r.route === routeId)!;
			const module = (await import(/* @vite-ignore */ path.resolve('src/routes', route.file))) as Record<string, (event: unknown) => unknown>;
			const handler = module[route.handler];
			const params = route.routeParams ?? {};
			const address = route.route.replace('/(app)', '').replace(/\[(\w+)\]/g, (_, name: string) => params[name]);
			const call = (query: string) => outcomeOf(() => handler(loadEvent(route.route, { locals: locals[route.who], params, path: `${address}?${query}` })));

			// The control: the route's accepted values answer with the page (or its file).
			const control = await call(Object.entries(route.params).map(([n, v]) => `${n}=${encodeURIComponent(v[0])}`).join('&'));
			expect(control.kind, `control: ${control.detail ?? control.label}`).not.toBe('server error');

			const sqlite = handle().sqlite;
			const before = businessTables(sqlite).sha256;
			const failures: string[] = [];
			const seen = new Map<Outcome['kind'], number>();
			await fc.assert(
				fc.asyncProperty(queries(route), async ({ query, hostile }) => {
					const outcome = await call(query);
					seen.set(outcome.kind, (seen.get(outcome.kind) ?? 0) + 1);
					if (outcome.kind === 'server error') failures.push(`${outcome.label} for ${hostile.join('; ')}`);
				}),
				{ seed: SEED, numRuns: RUNS }
			);
			expect(failures.slice(0, 5), `${failures.length} server errors`).toEqual([]);
			expect(businessTables(sqlite).sha256, 'a GET changed a business table').toBe(before);
			console.log(`${routeId}: ${RUNS} hostile queries, ${[...seen].map(([k, n]) => `${n} ${k}`).join(', ')}; 0 server errors (seed ${SEED})`);
		},
		180_000
	);
});
