// Each role's work, queue by queue, in the order the page shows them: what
// blocks someone else first. A committee member's queue holds committee work
// only; staff queues are never computed for them.
import { cachedRead } from '../db/read-cache';
import { drafts, expiringInvitations, selfAssessments, toFinalise } from './assessments';
import { acceptancesEnding, conditionsDue, findingsDue, findingsToVerify } from './findings';
import { toDecide, toVote } from './reviews';
import { lockedAccounts, securityEvents } from './security';
import type { Queue, QueueKind, WorkItem, Worker } from './types';

const COPY: Record<QueueKind, { title: string; empty: string }> = {
	'reviews-to-vote': { title: 'Reviews waiting for your vote', empty: 'No review is waiting for your vote.' },
	'reviews-to-decide': { title: 'Reviews you chair with every vote in', empty: 'No review you chair has all its votes yet.' },
	'to-finalise': { title: 'Waiting for a second analyst to finalise', empty: 'Nothing submitted by a colleague is waiting to be finalised.' },
	clarifications: { title: 'Clarifications the platform answered', empty: 'No platform has answered a question of yours yet.' },
	'to-verify': { title: 'Self-assessments to verify', empty: 'No self-assessment of yours is waiting to be verified.' },
	invitations: { title: 'Invitations about to expire', empty: 'No invitation of yours expires in the next three days.' },
	drafts: { title: 'Your drafts', empty: 'You have no drafts: start one from a platform’s page.' },
	'locked-accounts': { title: 'Accounts locked out', empty: 'No account is locked out.' },
	'conditions-due': { title: 'Conditions of reviews you chair, due within 14 days', empty: 'No condition you follow is due in the next 14 days.' },
	'findings-due': { title: 'Findings due within 14 days or overdue', empty: 'No finding you follow (or that nobody follows yet) is due in the next 14 days.' },
	'findings-to-verify': { title: 'Remediation answers to verify', empty: 'No platform is waiting for a fix to be verified.' },
	'acceptances-ending': { title: 'Risk acceptances ending within 30 days', empty: 'No accepted risk you follow runs out in the next 30 days.' },
	'security-events': { title: 'Security events this week', empty: 'No failed sign-ins, refused requests or two-factor resets in the last 7 days.' }
};

function queue(kind: QueueKind, items: WorkItem[], counted = true): Queue {
	return { kind, ...COPY[kind], items, counted };
}

export function workFor(me: Worker, now = Date.now()): Queue[] {
	const queues = [queue('reviews-to-vote', toVote(me, now)), queue('conditions-due', conditionsDue(me, now))];
	if (me.role === 'committee') return queues;
	const self = selfAssessments(me, now);
	queues.push(
		queue('reviews-to-decide', toDecide(me, now)),
		queue('findings-to-verify', findingsToVerify(now)),
		queue('findings-due', findingsDue(me, now)),
		queue('acceptances-ending', acceptancesEnding(me, now)),
		queue('to-finalise', toFinalise(me, now)),
		queue('clarifications', self.clarifications),
		queue('to-verify', self.toVerify),
		queue('invitations', expiringInvitations(me, now)),
		queue('drafts', drafts(me, now))
	);
	if (me.role === 'admin') queues.push(queue('locked-accounts', lockedAccounts(now)), queue('security-events', securityEvents(now), false));
	return queues;
}

/**
 * The navigation badge: every item that asks something of me. Shown on every
 * signed-in page, so it is kept until the database changes or the minute
 * turns (expiry windows and due dates move with time): computed, it costs
 * about ten small queries (2–3 ms on the portfolio benchmark's database,
 * bench/queue.ts); kept, a lookup.
 */
export function countFor(me: Worker, now = Date.now()): number {
	return cachedRead(`work-count:${me.id}:${me.role}:${Math.floor(now / 60_000)}`, () => workFor(me, now).reduce((n, q) => n + (q.counted ? q.items.length : 0), 0));
}
