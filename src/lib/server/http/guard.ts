// The first line of every form action and +server handler. The hook already
// applied the route policy; this checks again at the point of the change, so
// an action stays protected even if the hook is ever bypassed or reordered.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { recordAlone, type Actor } from '../audit';
import type { Role } from '../db/schema';
import { decide, ENROLMENT_PATH } from './policy';
import type { RespondentContext } from '../invitations';
import type { RemediatorContext } from '../remediation';
import type { SessionUser } from '../auth';

type GuardEvent = Pick<RequestEvent, 'locals' | 'route' | 'url' | 'request' | 'getClientAddress'>;

/** The login page, remembering where to come back to and whether a session just ended. */
export function loginRedirectUrl(url: URL, sessionEnded = false): string {
	const params = new URLSearchParams();
	const back = url.pathname + url.search;
	if (back !== '/') params.set('redirectTo', back);
	if (sessionEnded) params.set('expired', '1');
	const query = params.toString();
	return query ? `/login?${query}` : '/login';
}

/** A signed-in user, and the actor their changes are made and recorded as. */
export type Staff = SessionUser & { actor: Actor & { id: number } };

/**
 * Require a signed-in user whom the route policy (and `roles`, when given)
 * allows. Their `actor` carries the session, so every change it makes is
 * checked again under the write lock (db/acting.ts): pass it, never an
 * actor built by hand.
 */
export function requireRole(event: GuardEvent, ...roles: Role[]): Staff {
	const user = event.locals.user;
	if (!user) redirect(303, loginRedirectUrl(event.url));
	const decision = decide(event.route.id, user.role, false, event.locals.mustEnrol === true);
	if (decision === 'enrol') redirect(303, ENROLMENT_PATH);
	if (decision !== 'allow' || (roles.length > 0 && !roles.includes(user.role))) {
		recordDenied(event, user);
		error(403, 'Your role does not allow this.');
	}
	const session = event.locals.session;
	const actor: Staff['actor'] = { id: user.id, label: user.email };
	if (session) actor.acting = { kind: 'user', sessionId: session.id, userId: user.id, role: user.role };
	return { ...user, actor };
}

/** A refused request, in the audit trail: who, which route, which method and path. */
export function recordDenied(event: Pick<RequestEvent, 'route' | 'url' | 'request'>, user: SessionUser): void {
	recordAlone(
		{ id: user.id, label: user.email },
		{
			action: 'access.denied',
			entityType: 'route',
			entityId: event.route.id,
			details: { method: event.request.method, path: event.url.pathname, role: user.role }
		}
	);
}

/** For the respondent's routes: the invitation session (whose changes are checked under the write lock), or the same 404 as a dead link. */
export function requireRespondent(event: GuardEvent): RespondentContext {
	const respondent = event.locals.respondent;
	if (!respondent || decide(event.route.id, null, true) !== 'allow') error(404, 'This link is not valid.');
	return respondent;
}

/** For the remediation respondent's routes: the request's session (whose changes are checked under the write lock), or the same 404 as a dead link. */
export function requireRemediator(event: GuardEvent): RemediatorContext {
	const remediator = event.locals.remediator;
	if (!remediator || decide(event.route.id, null, 'remediation') !== 'allow') error(404, 'This link is not valid.');
	return remediator;
}

/** For actions on public routes (login): says so explicitly, and checks the policy agrees. */
export function allowAnyone(event: GuardEvent): SessionUser | null {
	if (decide(event.route.id, null) !== 'allow') error(403, 'This action needs a signed-in user.');
	return event.locals.user;
}
