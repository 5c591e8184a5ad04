// The authorization matrix's vocabulary: who asks, what they ask (every
// request the route tree answers), how an answer is classed, what the route
// policy says each answer must be, and the checked-in table of expected answers.
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../../src/lib/server/db/schema';
import { decide, type RespondentKind } from '../../src/lib/server/http/policy';
import { listRoutes, routeHandlers } from './routes';

export const TABLE_FILE = path.resolve('tests/authorization-matrix.json');

export const PRINCIPALS = ['anonymous', 'respondentA', 'respondentB', 'remediator', 'committee', 'analyst', 'admin', 'disabled'] as const;
export type Principal = (typeof PRINCIPALS)[number];
export const STAFF = ['committee', 'analyst', 'admin'] as const satisfies readonly (Principal & Role)[];
export const isStaff = (p: Principal): p is (typeof STAFF)[number] => (STAFF as readonly string[]).includes(p);

/** How the hook sees each principal. A disabled user's session ends on sight, so they arrive as nobody. */
export function seenAs(p: Principal): { role: Role | null; respondent: RespondentKind } {
	if (isStaff(p)) return { role: p, respondent: false };
	if (p === 'remediator') return { role: null, respondent: 'remediation' };
	return { role: null, respondent: p === 'respondentA' || p === 'respondentB' };
}

export const OUTCOMES = {
	ok: '2xx: the page, its data or the download',
	redirect: '3xx (or a data redirect) anywhere but /login',
	login: '3xx (or a data redirect) to /login',
	unauthorized: '401: a write from nobody',
	forbidden: '403',
	not_found: '404, the same as for a dead link',
	'refused-input': '400, 409, 415, 422 or 423: the handler ran and refused the (empty) input or the state it found'
} as const;
export type Outcome = keyof typeof OUTCOMES;
export const isOutcome = (v: unknown): v is Outcome => typeof v === 'string' && Object.hasOwn(OUTCOMES, v);

export interface Table {
	$comment: string[];
	principals: Principal[];
	outcomes: typeof OUTCOMES;
	/** Cells where the policy allows the route but the answer is a refusal or a trip to /login, and why. */
	notes: Record<string, { cells: Principal[]; why: string }>;
	requests: Record<string, Record<Principal, Outcome>>;
}

export interface Probe {
	/** The table's key: method, route id, and `?/action` or `/__data.json`. */
	key: string;
	route: string;
	kind: 'page' | 'data' | 'action' | 'endpoint';
	method: string;
	action?: string;
}

/** Every request the route tree answers: each page and its data, each form action, each endpoint method. */
export function probesOf(routesDir: string): { probes: Probe[]; routes: string[] } {
	const routes = listRoutes(routesDir);
	const { handlers, problems } = routeHandlers(routesDir, { safe: true });
	if (problems.length) throw new Error(`cannot read every handler: ${problems.join('; ')}`);
	const probes: Probe[] = [];
	for (const route of routes) {
		if (!route.files.some((f) => f.startsWith('+page'))) continue;
		probes.push({ key: `GET ${route.id}`, route: route.id, kind: 'page', method: 'GET' });
		probes.push({ key: `GET ${route.id === '/' ? '' : route.id}/__data.json`, route: route.id, kind: 'data', method: 'GET' });
	}
	for (const h of handlers) {
		if (h.kind === 'action') {
			probes.push({ key: `POST ${h.route}${h.name === 'default' ? '' : `?/${h.name}`}`, route: h.route, kind: 'action', method: 'POST', action: h.name });
		} else {
			if (h.name === 'fallback') throw new Error(`${h.route}: a fallback handler; list the methods to try on it`);
			probes.push({ key: `${h.name} ${h.route}`, route: h.route, kind: 'endpoint', method: h.name });
		}
	}
	const order = { page: 0, data: 1, action: 2, endpoint: 3 };
	probes.sort((a, b) => a.route.localeCompare(b.route) || order[a.kind] - order[b.kind] || a.key.localeCompare(b.key));
	return { probes, routes: routes.map((r) => r.id) };
}

const REFUSED_INPUT = new Set([400, 409, 415, 422, 423]);

/** The class of one answer; anything unforeseen comes back as `status-NNN`, which no cell holds. */
export function classify(status: number, location: string | null, body: string, kind: Probe['kind']): string {
	const toLogin = (to: string) => (new URL(to, 'http://x').pathname === '/login' ? 'login' : 'redirect');
	if (status >= 300 && status < 400) return location ? toLogin(location) : `status-${status}`;
	if (kind === 'data' && status === 200) {
		// Kit answers a data request 200 and puts redirects and load errors inside.
		const doc = JSON.parse(body.split('\n')[0]) as { type: string; location?: string; status?: number; nodes?: Array<{ type: string; status?: number } | null> };
		if (doc.type === 'redirect') return toLogin(doc.location ?? '');
		const failed = doc.type === 'error' ? doc : doc.nodes?.find((n) => n?.type === 'error');
		if (failed) return classify(failed.status ?? 500, null, '', 'page');
	}
	if (status >= 200 && status < 300) return 'ok';
	if (status === 401) return 'unauthorized';
	if (status === 403) return 'forbidden';
	if (status === 404) return 'not_found';
	if (REFUSED_INPUT.has(status)) return 'refused-input';
	return `status-${status}`;
}

/** The answer the route policy dictates, or 'allow' when it leaves the answer to the route. */
export function policyOutcome(p: Pick<Probe, 'route' | 'method'>, principal: Principal): Outcome | 'allow' {
	const { role, respondent } = seenAs(principal);
	const decision = decide(p.route, role, respondent);
	if (decision === 'allow') return 'allow';
	// The hook sends nobody's GET to the sign-in page and answers their writes 401.
	if (decision === 'login') return p.method === 'GET' ? 'login' : 'unauthorized';
	// The matrix's principals never still owe a second factor (the demo admin is enrolled).
	if (decision === 'enrol') throw new Error(`${principal}: must enrol in two-factor authentication first`);
	return decision;
}

export function readTable(): Table {
	return JSON.parse(fs.readFileSync(TABLE_FILE, 'utf8')) as Table;
}

/** One request per line, so a review reads (and a diff shows) one row at a time. */
export function formatTable(table: Table): string {
	const value = (v: unknown) => (Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(', ')}]` : JSON.stringify(v));
	const line = (key: string, row: Record<string, unknown>) => `\t\t${JSON.stringify(key)}: { ${Object.entries(row).map(([k, v]) => `${JSON.stringify(k)}: ${value(v)}`).join(', ')} }`;
	const block = (name: string, entries: string[]) => (entries.length ? `\t${JSON.stringify(name)}: {\n${entries.join(',\n')}\n\t}` : `\t${JSON.stringify(name)}: {}`);
	return [
		'{',
		[
			`\t"$comment": ${JSON.stringify(table.$comment, null, '\t').replace(/\n/g, '\n\t')}`,
			`\t"principals": ${value(table.principals)}`,
			block('outcomes', Object.entries(table.outcomes).map(([k, v]) => `\t\t${JSON.stringify(k)}: ${JSON.stringify(v)}`)),
			block('notes', Object.entries(table.notes).map(([k, v]) => line(k, v))),
			block('requests', Object.entries(table.requests).map(([k, v]) => line(k, v)))
		].join(',\n'),
		'}',
		''
	].join('\n');
}

/** The table as observed, keeping the reviewed comment and notes of the one it replaces. */
export function writeTable(probes: Probe[], seen: Record<string, Record<string, string>>): void {
	const old = fs.existsSync(TABLE_FILE) ? readTable() : null;
	const requests = Object.fromEntries(probes.map((p) => [p.key, Object.fromEntries(PRINCIPALS.map((who) => [who, seen[p.key][who]]))])) as Table['requests'];
	const notes = Object.fromEntries(probes.filter((p) => old?.notes[p.key]).map((p) => [p.key, old!.notes[p.key]]));
	const $comment = old?.$comment ?? ['Written by MATRIX_WRITE=1: review every cell against src/lib/server/http/policy.ts.'];
	fs.writeFileSync(TABLE_FILE, formatTable({ $comment, principals: [...PRINCIPALS], outcomes: OUTCOMES, notes, requests }));
}
