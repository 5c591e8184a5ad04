// An error thrown from a +server.ts endpoint — error() or anything
// unexpected — is answered by kit itself, with its static error page
// (src/error.html) or JSON, and without the CSP it renders for pages. The
// hook must give that answer the same security headers a page gets.
import fs from 'node:fs';
import { error, isHttpError, isRedirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/hooks.server';
import { write } from '../../src/lib/server/db/index';
import { createSession, sessionCookieName } from '../../src/lib/server/auth/session';
import * as users from '../../src/lib/server/auth/users';
import { GET as compareExport } from '../../src/routes/(app)/compare/export/+server';
import { useTempDatabase } from '../helpers/database';

useTempDatabase();

type Resolve = Parameters<Handle>[0]['resolve'];
/** Any route's handler: each types its event for its own route. */
type Endpoint = (event: never) => Response | Promise<Response>;

const ERROR_PAGE = fs.readFileSync('src/error.html', 'utf8');

/**
 * What kit's resolve does with a request for an endpoint (runtime/server
 * respond.js and endpoint.js): the handler's Response, a redirect for a
 * thrown redirect(), and for anything else thrown handle_fatal_error's
 * answer — JSON when the request asks for it, else the static page made from
 * src/error.html — with no CSP: kit sets one only on the pages it renders.
 */
function kitResolve(endpoint: Endpoint): Resolve {
	return async (event) => {
		try {
			return await endpoint(event as never);
		} catch (err) {
			if (isRedirect(err)) return new Response(null, { status: err.status, headers: { location: err.location } });
			const status = isHttpError(err) ? err.status : 500;
			const message = isHttpError(err) ? err.body.message : 'Internal Error';
			if ((event.request.headers.get('accept') ?? '').startsWith('application/json')) return Response.json({ message }, { status });
			const page = ERROR_PAGE.replaceAll('%sveltekit.status%', String(status)).replaceAll('%sveltekit.error.message%', message);
			return new Response(page, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
		}
	};
}

let token = '';
beforeAll(async () => {
	const u = await users.create({ id: null, label: 'cli' }, { email: 'headers@example.com', name: 'Headers', role: 'committee', password: 'unrelated words for the header test' });
	token = write((tx) => createSession(tx, u.id, { ip: '203.0.113.1', userAgent: 'vitest' }).token);
});

/** A signed-in GET of `path` on route `routeId`, through the hook, answered by `endpoint` as kit would. */
async function get(routeId: string, path: string, endpoint: Endpoint, accept = 'text/html'): Promise<Response> {
	const url = new URL(`https://clearance.example${path}`);
	const cookies = new Map([[sessionCookieName(url), token]]);
	const event = {
		url,
		request: new Request(url, { headers: { accept } }),
		route: { id: routeId },
		params: {},
		locals: {},
		cookies: { get: (name: string) => cookies.get(name), getAll: () => [], set: () => {}, delete: () => {}, serialize: () => '' },
		getClientAddress: () => '203.0.113.1',
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false
	} as unknown as RequestEvent;
	return handle({ event, resolve: kitResolve(endpoint) });
}

/** Every header a page gets besides its CSP (lib/server/headers.ts), over https. */
const PAGE_HEADERS = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
	'cache-control': 'no-store',
	'strict-transport-security': 'max-age=63072000; includeSubDomains'
};

function expectSecured(response: Response) {
	for (const [name, value] of Object.entries(PAGE_HEADERS)) expect(response.headers.get(name), name).toBe(value);
	const csp = response.headers.get('content-security-policy');
	expect(csp).not.toBeNull();
	for (const directive of ["default-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) expect(csp).toContain(directive);
	expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|script-src/);
}

describe('an error thrown from a +server.ts endpoint', () => {
	it('error() from a real endpoint: kit’s error page carries the CSP and every other security header', async () => {
		// One platform is not a comparison: the export endpoint throws error(400).
		const response = await get('/(app)/compare/export', '/compare/export?c=1', compareExport);
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(await response.text()).toContain('c: choose at least 2 platforms to compare.');
		expectSecured(response);
	});

	it('error() answered as JSON carries them too', async () => {
		const response = await get('/(app)/compare/export', '/compare/export?c=1', compareExport, 'application/json');
		expect([response.status, await response.json()]).toEqual([400, { message: 'c: choose at least 2 platforms to compare.' }]);
		expectSecured(response);
	});

	it('an unexpected exception (a 500) carries them too', async () => {
		const response = await get('/(app)/compare/export', '/compare/export?c=1&c=2', () => {
			throw new TypeError('Cannot read properties of undefined');
		});
		expect(response.status).toBe(500);
		expect(await response.text()).not.toContain('Cannot read properties');
		expectSecured(response);
	});

	it('an error() with another status, from any endpoint, alike', async () => {
		const response = await get('/(app)/compare/export', '/compare/export', () => error(404, 'There is no such thing.'));
		expect(response.status).toBe(404);
		expectSecured(response);
	});
});

describe('the CSP a response already has', () => {
	it('is kept: a page keeps kit’s, with its nonce; an evidence file keeps its sandbox', async () => {
		const page = "default-src 'self'; script-src 'self' 'nonce-abc123'";
		expect((await get('/(app)/compare/export', '/compare/export', () => new Response('<p>page</p>', { headers: { 'content-security-policy': page } }))).headers.get('content-security-policy')).toBe(page);
		expect((await get('/(app)/compare/export', '/compare/export', () => new Response('%PDF', { headers: { 'content-security-policy': 'sandbox' } }))).headers.get('content-security-policy')).toBe('sandbox');
	});
});

describe('src/error.html', () => {
	it('needs nothing its CSP refuses: no inline style or script, its look from /refusal.css', () => {
		expect(ERROR_PAGE).not.toMatch(/<style|<script|\sstyle=|\son[a-z]+=/i);
		expect(ERROR_PAGE).toContain('<link rel="stylesheet" href="/refusal.css" />');
		expect(ERROR_PAGE).toContain('%sveltekit.error.message%');
		expect(fs.existsSync('static/refusal.css')).toBe(true);
	});
});
