// The admin's queues: accounts locked out by failed sign-ins right now, and
// the last week's security events from the audit trail. Read-only.
import { and, count, desc, gt, gte, inArray, like, max } from 'drizzle-orm';
import { config } from '../config';
import { getDb } from '../db/index';
import { auditEvent, rateLimit } from '../db/schema';
import { ago, DAY, within } from './time';
import type { WorkItem } from './types';

export const SECURITY_WINDOW_MS = 7 * DAY;

/** What an admin wants to hear about, and how a line names it. */
const SECURITY_ACTIONS: Record<string, [one: string, many: string]> = {
	'auth.login_failed': ['failed sign-in', 'failed sign-ins'],
	'auth.login_throttled': ['sign-in lockout', 'sign-in lockouts'],
	'auth.reauth_failed': ['failed password confirmation', 'failed password confirmations'],
	'access.denied': ['refused request', 'refused requests'],
	'mfa.reset': ['two-factor reset', 'two-factor resets'],
	'login.recovery_code_used': ['recovery code used', 'recovery codes used'],
	'invitation.redeem_failed': ['bad invitation link', 'bad invitation links']
};

const ACCOUNT_PREFIX = 'login:account:';

/** Accounts that have spent their sign-in allowance in the current window. */
export function lockedAccounts(now: number): WorkItem[] {
	const window = config.loginWindowMs();
	const allowance = config.loginFailuresPerAccount();
	return getDb()
		.select({ key: rateLimit.key, failures: rateLimit.failures, windowStart: rateLimit.windowStart })
		.from(rateLimit)
		.where(and(like(rateLimit.key, `${ACCOUNT_PREFIX}%`), gt(rateLimit.windowStart, now - window), gte(rateLimit.failures, allowance)))
		.orderBy(desc(rateLimit.windowStart))
		.all()
		.map((r) => {
			const email = r.key.slice(ACCOUNT_PREFIX.length);
			return {
				key: r.key,
				href: `/admin/audit?q=${encodeURIComponent(email)}`,
				title: email,
				why: `locked out after ${allowance} failed sign-ins; unlocks ${within(r.windowStart + window, now)}`,
				urgent: true
			};
		});
}

/** One line per kind of event in the last seven days, the most frequent first. */
export function securityEvents(now: number): WorkItem[] {
	const since = new Date(now - SECURITY_WINDOW_MS).toISOString();
	const from = since.slice(0, 10);
	return getDb()
		.select({ action: auditEvent.action, n: count(), last: max(auditEvent.at) })
		.from(auditEvent)
		.where(and(inArray(auditEvent.action, Object.keys(SECURITY_ACTIONS)), gte(auditEvent.at, since)))
		.groupBy(auditEvent.action)
		.all()
		.sort((a, b) => b.n - a.n || a.action.localeCompare(b.action))
		.map((r) => {
			const [one, many] = SECURITY_ACTIONS[r.action];
			return {
				key: r.action,
				href: `/admin/audit?action=${encodeURIComponent(r.action)}&from=${from}`,
				title: `${r.n} ${r.n === 1 ? one : many}`,
				why: `in the last 7 days; the latest ${r.last ? ago(Date.parse(r.last), now) : 'recently'}`,
				urgent: false
			};
		});
}
