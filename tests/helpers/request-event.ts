// The RequestEvent SvelteKit hands a form action or an endpoint, for calling
// one directly in a test: who is signed in (`locals`), the route's
// parameters, and the body — a form for actions, any text for endpoints —
// and how the handler answered, as SvelteKit would read it.
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import type { RespondentContext } from '../../src/lib/server/invitations';
import type { RemediatorContext } from '../../src/lib/server/remediation';
import type { Session } from '../../src/lib/server/db/schema';
import type { SessionUser } from '../../src/lib/server/auth/session';

export interface Locals {
	user: SessionUser | null;
	session: Session | null;
	/** As hooks.server.ts sets it; left out, false. */
	mustEnrol?: boolean;
	respondent: RespondentContext | null;
	/** A remediation request's respondent; left out, none. */
	remediator?: RemediatorContext | null;
}

export const NOBODY: Locals = { user: null, session: null, respondent: null };

interface Common {
	locals: Locals;
	params?: Record<string, string>;
	/** The page's address, with any query string; the action's name is added to it. */
	path?: string;
	ip?: string;
	/** Cookies the handler reads itself (the hook has already turned the session cookie into `locals`). */
	cookies?: Record<string, string>;
}

/** The request's cookies, read-only: what a handler sets or deletes goes nowhere. */
function cookiesOf(values: Record<string, string> = {}) {
	const get = (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined);
	return { get, getAll: () => Object.entries(values).map(([name, value]) => ({ name, value })), set: () => {}, delete: () => {}, serialize: () => '' };
}

function event(routeId: string, common: Common, url: URL, request: unknown) {
	return {
		locals: common.locals,
		params: common.params ?? {},
		route: { id: routeId },
		url,
		request,
		cookies: cookiesOf(common.cookies),
		getClientAddress: () => common.ip ?? '203.0.113.1',
		setHeaders: () => {},
		// A load's way to read the address without rerunning when it changes; here there is nothing to rerun.
		untrack: <T>(fn: () => T): T => fn(),
		isDataRequest: false,
		isSubRequest: false
	};
}

/**
 * A form posted to action `name`. The body is handed over as the FormData
 * kit would parse from it (files included), without the round trip through
 * multipart encoding.
 */
export function formEvent(routeId: string, name: string, form: FormData | Record<string, string | string[] | File>, common: Common) {
	const body = form instanceof FormData ? form : toFormData(form);
	const path = common.path ?? '/';
	const url = new URL(`http://localhost${path}${name === 'default' ? '' : `${path.includes('?') ? '&' : '?'}/${name}`}`);
	const request = { method: 'POST', url: url.href, headers: new Headers({ 'content-type': 'multipart/form-data; boundary=test', 'user-agent': 'vitest' }), formData: async () => body };
	return event(routeId, common, url, request);
}

/** A page's load: a GET of the page's address. */
export function loadEvent(routeId: string, common: Common) {
	const url = new URL(`http://localhost${common.path ?? '/'}`);
	return event(routeId, common, url, new Request(url));
}

/** A request with a text body (JSON, say) to an endpoint. */
export function bodyEvent(routeId: string, method: string, body: string, contentType: string | null, common: Common) {
	const url = new URL(`http://localhost${common.path ?? '/'}`);
	const request = new Request(url, { method, headers: contentType === null ? {} : { 'content-type': contentType }, body });
	return event(routeId, common, url, request);
}

function toFormData(fields: Record<string, string | string[] | File>): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
	return form;
}

export type OutcomeKind = 'refused' | 'accepted' | 'server error';

export interface Outcome {
	kind: OutcomeKind;
	/** e.g. "fail 400", "error 404", "redirect to sign-in", "ok", "TypeError: …". */
	label: string;
	detail?: string;
	/** What the handler returned, or the failure's or error's data. */
	data?: unknown;
}

/** How SvelteKit would answer: a failure or an HTTP error below 500 refuses, a redirect to sign in refuses, anything thrown is a server error. */
export async function outcomeOf(run: () => unknown): Promise<Outcome> {
	try {
		const result = await run();
		if (result instanceof Response) {
			if (result.status >= 500) return { kind: 'server error', label: `response ${result.status}`, detail: await result.text() };
			const data = result.headers.get('content-type')?.startsWith('application/json') ? await result.json() : undefined;
			return { kind: result.status >= 400 ? 'refused' : 'accepted', label: `response ${result.status}`, data };
		}
		if (isActionFailure(result)) {
			const detail = JSON.stringify(result.data)?.slice(0, 300);
			return { kind: result.status >= 500 ? 'server error' : 'refused', label: `fail ${result.status}`, detail, data: result.data };
		}
		return { kind: 'accepted', label: 'ok', data: result };
	} catch (err) {
		if (isRedirect(err)) {
			// requireRole sends whoever is not signed in to /login?redirectTo=…; signing out ends at plain /login.
			return err.location.startsWith('/login?') ? { kind: 'refused', label: 'redirect to sign-in' } : { kind: 'accepted', label: `redirect ${err.status}` };
		}
		if (isHttpError(err) && err.status < 500) return { kind: 'refused', label: `error ${err.status}`, detail: err.body.message, data: err.body };
		const e = err as Error;
		return { kind: 'server error', label: isHttpError(err) ? `error ${err.status}` : `${e?.name ?? typeof err}: ${String(e?.message ?? err).slice(0, 160)}`, detail: e?.stack };
	}
}
