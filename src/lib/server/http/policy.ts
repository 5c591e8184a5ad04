// Who may reach what. One table, route id → roles; a route missing from it is
// refused for everyone. hooks.server.ts consults it on every request, every
// action's guard consults it again, and the navigation is derived from it,
// so a link is shown exactly when following it would be allowed.
import { ROLES, type Role } from '../db/schema';

/**
 * 'respondent': only a platform's respondent, through their invitation session;
 * 'remediation': only a platform's respondent through a remediation request's session.
 */
export type Access = 'public' | 'respondent' | 'remediation' | readonly Role[];

/** Which respondent's session a request carries, if any (`true`: a self-assessment invitation's). */
export type RespondentKind = boolean | 'invitation' | 'remediation';

const ALL = ROLES;
const STAFF = ['admin', 'analyst'] as const satisfies readonly Role[];
const ADMIN = ['admin'] as const satisfies readonly Role[];

export const routePolicy: Readonly<Record<string, Access>> = {
	'/': 'public',
	'/login': 'public',
	// The second step of sign-in: the page itself checks the challenge cookie.
	'/login/mfa': 'public',
	'/healthz': 'public',
	'/invite/[token]': 'public',
	'/invite': 'respondent',
	'/remediate/[token]': 'public',
	'/remediate': 'remediation',
	'/logout': ALL,
	// Every role's landing page: its own queues only.
	'/(app)/work': ALL,
	'/(app)/dashboard': ALL,
	'/(app)/platforms': ALL,
	'/(app)/platforms/new': STAFF,
	'/(app)/platforms/export': ALL,
	'/(app)/platforms/[id]': ALL,
	'/(app)/platforms/[id]/edit': STAFF,
	'/(app)/platforms/[id]/findings/new': STAFF,
	// Committee members read findings; their actions narrow to admins and analysts.
	'/(app)/findings/[id]': ALL,
	'/(app)/platforms/[id]/remediation/new': STAFF,
	'/(app)/remediation/[id]': STAFF,
	'/(app)/remediation/[id]/evidence/[evidenceId]': STAFF,
	'/(app)/platforms/[id]/findings/export/[format]': ALL,
	// Findings are read by every role, as the platforms they belong to; changing them is the findings pages' business.
	'/(app)/findings': ALL,
	'/(app)/findings/export/[format]': ALL,
	'/(app)/assessments/[id]': ALL,
	'/(app)/assessments/[id]/answers': STAFF,
	'/(app)/assessments/[id]/evidence/[evidenceId]': ALL,
	'/(app)/assessments/[id]/report': ALL,
	// The page's questionnaire texts, one section at a time: whoever reads the page.
	'/(app)/assessments/[id]/texts': ALL,
	'/(app)/assessments/[id]/export/[format]': ALL,
	'/(app)/templates': STAFF,
	'/(app)/templates/[key]': STAFF,
	'/(app)/templates/[key]/[version]': STAFF,
	'/(app)/templates/[key]/[version]/edit': STAFF,
	'/(app)/templates/[key]/[version]/json': STAFF,
	'/(app)/compare': ALL,
	'/(app)/compare/export': ALL,
	'/(app)/compare/details': ALL,
	// Reviews are further limited to their members (and admins) by the module itself.
	'/(app)/reviews': ALL,
	'/(app)/reviews/new': ALL,
	'/(app)/reviews/[id]': ALL,
	'/(app)/reviews/[id]/memo': ALL,
	'/(app)/reviews/[id]/export': ALL,
	'/(app)/methodology': ALL,
	'/(app)/account': ALL,
	'/(app)/account/mfa': ALL,
	'/(app)/account/sessions': ALL,
	'/(app)/admin': ADMIN,
	'/(app)/admin/users': ADMIN,
	'/(app)/admin/audit': ADMIN
};

export type Decision = 'allow' | 'login' | 'forbidden' | 'not_found' | 'enrol';

/**
 * All that a user who must have two-factor authentication but has not set it
 * up may reach, besides public pages: the set-up, and signing out.
 */
export const ENROLMENT_ROUTES: ReadonlySet<string> = new Set(['/(app)/account/mfa', '/logout']);
export const ENROLMENT_PATH = '/account/mfa';

export function accessOf(routeId: string | null): Access | undefined {
	return routeId !== null && Object.hasOwn(routePolicy, routeId) ? routePolicy[routeId] : undefined;
}

/**
 * `respondent` is whether the request carries a valid respondent session;
 * it opens the respondent's routes and nothing else. Refusals to it are
 * 'not_found', the same plain page as a dead link; a signed-in user's role
 * decides for them as usual.
 */
export function decide(routeId: string | null, role: Role | null, respondent: RespondentKind = false, mustEnrol = false): Decision {
	const access = accessOf(routeId);
	if (access === 'public') return 'allow';
	// Each respondent's session opens its own garden only: a self-assessment link never reaches a remediation, nor the other way round.
	if (access === 'respondent') return respondent === true || respondent === 'invitation' ? 'allow' : 'not_found';
	if (access === 'remediation') return respondent === 'remediation' ? 'allow' : 'not_found';
	// A respondent is not an anonymous visitor: outside its garden there is nothing, not even a sign-in page.
	if (role === null) return respondent ? 'not_found' : 'login';
	if (access === undefined) return 'forbidden';
	if (!access.includes(role)) return 'forbidden';
	// Allowed by role, but a required second factor comes first.
	return mustEnrol && !ENROLMENT_ROUTES.has(routeId!) ? 'enrol' : 'allow';
}

export interface NavItem {
	href: string;
	label: string;
}

const NAV: Array<NavItem & { routeId: string }> = [
	{ href: '/work', label: 'My work', routeId: '/(app)/work' },
	{ href: '/dashboard', label: 'Dashboard', routeId: '/(app)/dashboard' },
	{ href: '/platforms', label: 'Platforms', routeId: '/(app)/platforms' },
	{ href: '/templates', label: 'Templates', routeId: '/(app)/templates' },
	{ href: '/findings', label: 'Findings', routeId: '/(app)/findings' },
	{ href: '/compare', label: 'Compare', routeId: '/(app)/compare' },
	{ href: '/reviews', label: 'Committee', routeId: '/(app)/reviews' },
	{ href: '/admin', label: 'Admin', routeId: '/(app)/admin' }
];

export function navFor(role: Role, mustEnrol = false): NavItem[] {
	if (mustEnrol) return [];
	return NAV.filter((item) => decide(item.routeId, role) === 'allow').map(({ href, label }) => ({ href, label }));
}
