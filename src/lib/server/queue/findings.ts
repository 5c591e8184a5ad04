// Findings and conditions that ask something of me soon: findings I follow
// (or nobody does yet) due within 14 days or overdue, answers waiting for an
// analyst's verification, acceptances about to run out, and the conditions
// of reviews I chair (every open one for an admin) due within 14 days.
import { and, eq, isNull, or } from 'drizzle-orm';
import { finding } from '../db/schema';
import { dueBy, expiringBy, findingLines, type FindingLine } from '../findings';
import { openConditions } from '../conditions';
import { DAY } from './time';
import type { WorkItem, Worker } from './types';

/** A glance, as the other queues: the page links to /findings for the rest. */
const SHOWN = 50;
const DUE_DAYS = 14;
const EXPIRY_DAYS = 30;

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const mineOrNobodys = (me: Worker) => or(eq(finding.internalOwnerId, me.id), isNull(finding.internalOwnerId))!;

function item(f: FindingLine, why: string, urgent: boolean): WorkItem {
	return { key: `f${f.id}`, href: `/findings/${f.id}`, title: `${f.platform}: ${f.title}`, why: `${f.severity}; ${why}`, urgent };
}

export function findingsDue(me: Worker, now: number): WorkItem[] {
	const today = dayOf(now);
	return findingLines(and(dueBy(today, dayOf(now + DUE_DAYS * DAY)), mineOrNobodys(me))!, 'due', SHOWN).rows.map((f) =>
		item(f, f.dueOn! < today ? `overdue since ${f.dueOn}` : `due ${f.dueOn}`, f.dueOn! < today)
	);
}

export function findingsToVerify(now: number): WorkItem[] {
	const today = dayOf(now);
	return findingLines(eq(finding.status, 'remediated'), 'due', SHOWN).rows.map((f) =>
		item(f, `the platform says it is fixed${f.dueOn ? `; due ${f.dueOn}` : ''}`, f.dueOn !== null && f.dueOn < today)
	);
}

export function acceptancesEnding(me: Worker, now: number): WorkItem[] {
	const today = dayOf(now);
	return findingLines(and(expiringBy(today, dayOf(now + EXPIRY_DAYS * DAY)), mineOrNobodys(me))!, 'expiry', SHOWN).rows.map((f) =>
		item(f, `risk accepted until ${f.acceptanceExpiresOn}; then it is open again`, false)
	);
}

export function conditionsDue(me: Worker, now: number): WorkItem[] {
	const today = dayOf(now);
	return openConditions({ horizon: dayOf(now + DUE_DAYS * DAY), chairId: me.role === 'admin' ? undefined : me.id, now })
		.slice(0, SHOWN)
		.map((c) => ({
			key: `c${c.id}`,
			href: `/reviews/${c.reviewId}#conditions-title`,
			title: `${c.platformName}: ${c.text.length > 90 ? `${c.text.slice(0, 89)}…` : c.text}`,
			why: `${c.dueOn < today ? `overdue since ${c.dueOn}` : `due ${c.dueOn}`}; condition of “${c.reviewTitle}”`,
			urgent: c.dueOn < today
		}));
}
