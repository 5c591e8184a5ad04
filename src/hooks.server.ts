// Every request passes here: refuse malformed paths, identify the user from
// the session cookie, apply the route policy (deny by default), then add the
// security headers to whatever the app answers, an endpoint's error included.
import cluster from 'node:cluster';
import { dev } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { DomainError, Conflict } from '$lib/server/errors';
import { closeDatabase, handle as database } from '$lib/server/db/index';
import { prepareDatabase, setupSummary } from '$lib/server/db/setup';
import { accessOf, loginRedirectUrl, recordDenied, applySecurityHeaders, decide, ENROLMENT_PATH, NOT_A_PAGE_CSP, refusal, type RespondentKind } from '$lib/server/http';
import { validateRespondent, clearRespondentCookie, respondentCookieName } from '$lib/server/invitations';
import { clearRemediationCookie, remediationCookieName, validateRemediator } from '$lib/server/remediation';
import { mustEnrol, clearSessionCookie, sessionCookieName, validateSessionToken } from '$lib/server/auth';

export const init: ServerInit = async () => {
	if (!dev && !process.env.ORIGIN) {
		// Without ORIGIN, the CSRF check and cookie security depend on Host
		// headers and the proxy in front; refuse rather than guess.
		throw new Error(
			'ORIGIN is not set. Set it to the public URL users type, e.g. ORIGIN=https://clearance.example.com (or http://localhost:3000 on this machine).'
		);
	}
	for (const line of setupSummary(await prepareDatabase(database()))) console.log(line);
	process.once('sveltekit:shutdown', () => {
		closeDatabase();
		// A worker of `clearance serve` (cluster.ts) stays alive while its
		// channel to the supervisor is open: let go, so a stopped server exits.
		if (cluster.isWorker) process.disconnect();
	});
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const handle: Handle = async ({ event, resolve }) => {
	const { url } = event;
	// kit 2 can be tricked into an open redirect by paths such as //evil.example.
	if (url.pathname.startsWith('//')) {
		return secured(refusal(event, 400, 'This address is not valid.'), url);
	}
	// kit's CSRF check covers form content types only. A write in any other
	// shape (JSON, no body) from another site is refused here as well: a
	// browser would first need CORS, which Clearance never grants, but no
	// write should rest on that alone. Clients that send no Origin (the CLI,
	// curl) are not browsers, so carry no ambient cookies to abuse.
	const origin = event.request.headers.get('origin');
	if (origin !== null && origin !== url.origin && !SAFE_METHODS.has(event.request.method)) {
		return secured(refusal(event, 403, 'Requests from another site cannot change anything here.'), url);
	}

	event.locals.user = null;
	event.locals.session = null;
	event.locals.mustEnrol = false;
	event.locals.respondent = null;
	const respondentToken = event.cookies.get(respondentCookieName(url));
	if (respondentToken) {
		event.locals.respondent = validateRespondent(respondentToken);
		if (!event.locals.respondent) clearRespondentCookie(event.cookies, url);
	}
	event.locals.remediator = null;
	const remediationToken = event.cookies.get(remediationCookieName(url));
	if (remediationToken) {
		event.locals.remediator = validateRemediator(remediationToken);
		if (!event.locals.remediator) clearRemediationCookie(event.cookies, url);
	}
	const token = event.cookies.get(sessionCookieName(url));
	let sessionEnded = false;
	if (token) {
		const current = validateSessionToken(token);
		if (current) {
			event.locals.user = current.user;
			event.locals.session = current.session;
			// Checked on every request, so requiring it (or an admin role) applies at once.
			event.locals.mustEnrol = mustEnrol(current.user);
		} else {
			sessionEnded = true;
			clearSessionCookie(event.cookies, url);
		}
	}

	const user = event.locals.user;
	// Someone whose staff session just ended is sent to sign in again, whatever other cookie the browser holds.
	const decision = decide(event.route.id, user?.role ?? null, sessionEnded ? false : respondentKind(event.route.id, event.locals), event.locals.mustEnrol);
	if (decision === 'not_found') {
		return secured(refusal(event, 404, 'This link is not valid. It may have expired or been withdrawn; ask the person who sent it for a new one.'), url);
	}
	if (decision === 'login') {
		// Unknown paths (route id null) also end here for anonymous visitors,
		// so the login page does not confirm which paths exist.
		if (event.request.method === 'GET' || event.request.method === 'HEAD') {
			const to = loginRedirectUrl(url, sessionEnded);
			if (event.isDataRequest) {
				// Client-side navigation asks for __data.json; tell the router to redirect.
				return secured(Response.json({ type: 'redirect', location: to }), url);
			}
			return secured(new Response(null, { status: 303, headers: { location: to } }), url);
		}
		return secured(refusal(event, 401, 'Sign in first.'), url);
	}
	if (decision === 'enrol') {
		if (event.request.method === 'GET' || event.request.method === 'HEAD') {
			if (event.isDataRequest) return secured(Response.json({ type: 'redirect', location: ENROLMENT_PATH }), url);
			return secured(new Response(null, { status: 303, headers: { location: ENROLMENT_PATH } }), url);
		}
		return secured(refusal(event, 403, 'Set up two-factor authentication first.'), url);
	}
	if (decision === 'forbidden' && event.route.id !== null) {
		recordDenied(event, user!);
		return secured(refusal(event, 403, 'Your role does not give access to this page.'), url);
	}

	const response = await resolve(event);
	// A domain refusal that no action caught (a lost race, say) is still the
	// refusal it is — its own status and sentence — never a 500.
	const refusalLeft = event.locals.refusal;
	if (response.status === 500 && refusalLeft) {
		if (event.request.headers.get('x-sveltekit-action') === 'true') {
			return secured(Response.json({ type: 'error', error: { message: refusalLeft.message } }, { status: refusalLeft.status }), url);
		}
		return secured(refusal(event, refusalLeft.status, refusalLeft.message), url);
	}
	return secured(response, url);
};

/**
 * Kit calls this for anything thrown that is not an HttpError. A DomainError
 * that escaped its route, or a constraint the database enforced because two
 * requests raced past a check, is remembered for `handle` to answer as 409.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const raced = isRaceLost(error);
	if (error instanceof DomainError || raced) {
		const left = error instanceof DomainError ? error : new Conflict('data', 'This changed while your request was on its way, so nothing was changed. Reload the page and try again.');
		event.locals.refusal = left;
		if (raced) console.warn('A write lost a race and was refused (409):', (error as Error).message);
		return { message: left.message };
	}
	if (status >= 500) console.error(error);
	return { message };
};

/** SQLite refused the write: a constraint or trigger held, or the lock wait ran out. */
function isRaceLost(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' && (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_BUSY');
}

/** The respondent session that speaks for this request: the route's own kind when the browser holds both. */
function respondentKind(routeId: string | null, locals: App.Locals): RespondentKind {
	if (locals.remediator && (accessOf(routeId) === 'remediation' || !locals.respondent)) return 'remediation';
	return locals.respondent ? 'invitation' : false;
}

function secured(response: Response, url: URL): Response {
	applySecurityHeaders(response.headers, url);
	// Pages carry kit's CSP (svelte.config.js) with this response's nonce: kept.
	if (!response.headers.has('content-security-policy')) response.headers.set('content-security-policy', NOT_A_PAGE_CSP);
	return response;
}
