import fs from 'node:fs';
import path from 'node:path';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../src/lib/server/audit';
import { ROLES, type Role } from '../../src/lib/server/db/schema';
import { decide, navFor, routePolicy } from '../../src/lib/server/http/policy';
import { useTempDatabase, tempDir } from '../helpers/database';
import { listRoutes, unguardedHandlers, unpolicedRoutes, HTTP_METHODS } from '../helpers/routes';

useTempDatabase();

const ROUTES_DIR = path.resolve('src/routes');
const routes = listRoutes(ROUTES_DIR);

describe('route policy', () => {
	it('has a policy for every page and endpoint in src/routes', () => {
		expect(unpolicedRoutes(ROUTES_DIR, routePolicy)).toEqual([]);
	});

	it('catches a route added without a policy', () => {
		const dir = tempDir('clearance-routes-');
		fs.cpSync(ROUTES_DIR, dir, { recursive: true });
		fs.mkdirSync(path.join(dir, '(app)', 'secrets'));
		fs.writeFileSync(path.join(dir, '(app)', 'secrets', '+page.svelte'), '<h1>unguarded</h1>');
		fs.mkdirSync(path.join(dir, 'api', 'export'), { recursive: true });
		fs.writeFileSync(path.join(dir, 'api', 'export', '+server.ts'), 'export const GET = () => new Response("x");');
		expect(unpolicedRoutes(dir, routePolicy)).toEqual(['/(app)/secrets', '/api/export']);
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('lists no route that does not exist (no stale entries)', () => {
		const ids = new Set(routes.map((r) => r.id));
		expect(Object.keys(routePolicy).filter((id) => !ids.has(id))).toEqual([]);
	});

	it('refuses a route missing from the table, even for admins', () => {
		for (const role of ROLES) expect(decide('/(app)/not-in-the-table', role)).toBe('forbidden');
		expect(decide('/(app)/not-in-the-table', null)).toBe('login');
	});

	it('opens respondent routes to an invitation session only, and nothing else to it', () => {
		for (const role of [null, ...ROLES]) expect(decide('/invite', role)).toBe('not_found');
		expect(decide('/invite', null, true)).toBe('allow');
		expect(decide('/(app)/platforms', null, true)).toBe('not_found');
		expect(decide('/(app)/assessments/[id]', null, true)).toBe('not_found');
		expect(decide('/(app)/not-in-the-table', null, true)).toBe('not_found');
		expect(decide('/login', null, true)).toBe('allow');
		// Staff who opened a link in their own browser keep their own access.
		expect(decide('/(app)/platforms', 'analyst', true)).toBe('allow');
	});

	it('opens the remediation page to a remediation session only, and nothing else to it', () => {
		for (const role of [null, ...ROLES]) expect(decide('/remediate', role)).toBe('not_found');
		expect(decide('/remediate', null, 'remediation')).toBe('allow');
		// A self-assessment's respondent does not reach a remediation, nor the other way round.
		expect(decide('/remediate', null, true)).toBe('not_found');
		expect(decide('/remediate', null, 'invitation')).toBe('not_found');
		expect(decide('/invite', null, 'remediation')).toBe('not_found');
		for (const route of ['/(app)/platforms', '/(app)/remediation/[id]', '/(app)/remediation/[id]/evidence/[evidenceId]', '/(app)/platforms/[id]/remediation/new', '/(app)/assessments/[id]', '/(app)/not-in-the-table']) {
			expect(decide(route, null, 'remediation'), route).toBe('not_found');
		}
		// Staff follow requests; the committee reads, it does not send or verify.
		expect(decide('/(app)/remediation/[id]', 'committee')).toBe('forbidden');
		expect(decide('/(app)/platforms/[id]/remediation/new', 'committee')).toBe('forbidden');
		expect(decide('/(app)/remediation/[id]', 'analyst')).toBe('allow');
	});

	it('keeps committee members out of admin pages and templates', () => {
		expect(decide('/(app)/admin/users', 'committee')).toBe('forbidden');
		expect(decide('/(app)/admin', 'analyst')).toBe('forbidden');
		expect(decide('/(app)/templates', 'committee')).toBe('forbidden');
		expect(decide('/(app)/admin/users', 'admin')).toBe('allow');
	});

	it('shows each role exactly the navigation it may follow', () => {
		expect(navFor('admin').map((n) => n.label)).toEqual(['My work', 'Dashboard', 'Platforms', 'Templates', 'Findings', 'Compare', 'Committee', 'Admin']);
		expect(navFor('analyst').map((n) => n.label)).toEqual(['My work', 'Dashboard', 'Platforms', 'Templates', 'Findings', 'Compare', 'Committee']);
		expect(navFor('committee').map((n) => n.label)).toEqual(['My work', 'Dashboard', 'Platforms', 'Findings', 'Compare', 'Committee']);
	});
});

describe('every action and endpoint checks the role on its first line', () => {
	const serverFiles = routes.flatMap((r) =>
		r.files.filter((f) => f === '+page.server.ts' || f === '+server.ts').map((f) => ({ route: r.id, file: path.join(r.dir, f) }))
	);

	it.each(serverFiles)('$route ($file)', ({ file }) => {
		expect(unguardedHandlers(file)).toEqual([]);
	});

	it('notices an action whose first line is not a guard', () => {
		const dir = tempDir('clearance-guard-');
		const file = path.join(dir, '+page.server.ts');
		fs.writeFileSync(
			file,
			`export const actions = {\n  good: async (event) => { requireRole(event); },\n  bad: async (event) => { const f = await event.request.formData(); requireRole(event); }\n};\nexport const POST = () => new Response('');`
		);
		expect(unguardedHandlers(file)).toEqual(['actions.bad', 'POST']);
		fs.rmSync(dir, { recursive: true, force: true });
	});
});

describe('actions refuse callers the policy does not allow', () => {
	type Handler = (event: unknown) => unknown;

	function fakeEvent(routeId: string, role: Role | null) {
		const url = new URL('http://localhost/some/page');
		return {
			locals: { user: role ? { id: 999, email: `${role}@example.com`, name: role, role } : null, session: null, respondent: null },
			route: { id: routeId },
			url,
			params: {},
			request: new Request(url, { method: 'POST', body: new URLSearchParams({ email: 'x@example.com' }) }),
			getClientAddress: () => '127.0.0.1',
			cookies: { get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [], serialize: () => '' },
			setHeaders: () => {}
		};
	}

	async function outcome(handler: Handler, event: unknown): Promise<string> {
		try {
			await handler(event);
			return 'ran';
		} catch (err) {
			if (isRedirect(err)) return `redirect ${err.location.split('?')[0]}`;
			if (isHttpError(err)) return `error ${err.status}`;
			throw err;
		}
	}

	const cases = routes.flatMap((r) =>
		r.files.filter((f) => f === '+page.server.ts' || f === '+server.ts').map((f) => ({ route: r.id, file: path.join(r.dir, f) }))
	);

	it.each(cases)('$route', async ({ route, file }) => {
		const module = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
		const handlers: Array<[string, Handler]> = [
			...Object.entries((module.actions ?? {}) as Record<string, Handler>),
			...HTTP_METHODS.filter((m) => typeof module[m] === 'function').map((m) => [m, module[m] as Handler] as [string, Handler])
		];
		const access = routePolicy[route];
		for (const [name, handler] of handlers) {
			if (access === 'public') continue;
			if (access === 'respondent' || access === 'remediation') {
				// Only a respondent's session (an invitation's, or a remediation request's) opens these; no staff role does.
				for (const role of [null, ...ROLES]) expect(await outcome(handler, fakeEvent(route, role)), `${name} as ${role ?? 'anonymous'}`).toBe('error 404');
				continue;
			}
			expect(await outcome(handler, fakeEvent(route, null)), `${name} as anonymous`).toBe('redirect /login');
			for (const role of ROLES.filter((r) => !access.includes(r))) {
				expect(await outcome(handler, fakeEvent(route, role)), `${name} as ${role}`).toBe('error 403');
			}
		}
	});

	it('records refused actions in the audit trail', () => {
		const denied = listEvents({ action: 'access.denied' });
		expect(denied.length).toBeGreaterThan(0);
		expect(JSON.parse(denied[0].details)).toMatchObject({ method: 'POST' });
	});
});
