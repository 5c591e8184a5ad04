// Findings as a `clearance-findings/1` document (JSON) or as CSV with the
// same columns, per platform or for the whole portfolio; and the /findings
// list's page of rows. Status is always the effective one: an acceptance
// past its expiry reads as open here, as everywhere.
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { getDb } from '../db/index';
import { finding, findingEvent, findingQuestion, platform, user, type FindingSeverity, type FindingStatus } from '../db/schema';
import { effectiveStatus, FINDING_SEVERITIES, FINDING_STATUSES, isOverdue, type FindingEventKind } from '../../findings/vocabulary';
import { openOn } from './portfolio';

export const FINDINGS_FORMAT = 'clearance-findings/1';

export interface ExportedFinding {
	id: number;
	platform: { id: number; name: string };
	assessmentId: number | null;
	title: string;
	detail: string | null;
	questions: string[];
	severity: FindingSeverity;
	/** As stored. */
	status: FindingStatus;
	/** As it stands on `generatedAt`'s day: an acceptance past its expiry is open. */
	effectiveStatus: FindingStatus;
	overdue: boolean;
	dueOn: string | null;
	owner: { name: string | null; email: string | null };
	internalOwner: { id: number; name: string } | null;
	acceptance: { by: string | null; at: string | null; rationale: string | null; expiresOn: string | null; reviewId: number | null } | null;
	dismissedReason: string | null;
	createdAt: string;
	closedAt: string | null;
	history: { steps: number; first: string | null; last: { kind: FindingEventKind; at: string } | null };
}

export interface FindingsDocument {
	format: typeof FINDINGS_FORMAT;
	generatedAt: string;
	scope: { platformId: number; platform: string } | { portfolio: true };
	findings: ExportedFinding[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Every finding matching `where`, with its questions and history summary, by platform then id. */
function exported(where: SQL | undefined, today: string): ExportedFinding[] {
	const db = getDb();
	const owner = alias(user, 'internal_owner');
	const acceptor = alias(user, 'acceptor');
	const rows = db
		.select({ f: finding, platformName: platform.name, ownerName: owner.name, acceptorName: acceptor.name })
		.from(finding)
		.innerJoin(platform, eq(platform.id, finding.platformId))
		.leftJoin(owner, eq(owner.id, finding.internalOwnerId))
		.leftJoin(acceptor, eq(acceptor.id, finding.acceptedBy))
		.where(where)
		.orderBy(asc(platform.name), asc(finding.id))
		.all();
	const ids = rows.map((r) => r.f.id);
	const questions = new Map<number, string[]>();
	const history = new Map<number, ExportedFinding['history']>();
	// In slices: SQLite caps a statement's parameters.
	for (let i = 0; i < ids.length; i += 5_000) {
		const slice = ids.slice(i, i + 5_000);
		for (const q of db.select().from(findingQuestion).where(inArray(findingQuestion.findingId, slice)).orderBy(asc(findingQuestion.questionId)).all()) {
			questions.set(q.findingId, [...(questions.get(q.findingId) ?? []), q.questionId]);
		}
		for (const e of db.select({ findingId: findingEvent.findingId, kind: findingEvent.kind, at: findingEvent.at }).from(findingEvent).where(inArray(findingEvent.findingId, slice)).orderBy(asc(findingEvent.at), asc(findingEvent.id)).all()) {
			const h = history.get(e.findingId) ?? { steps: 0, first: iso(e.at), last: null };
			h.steps += 1;
			h.last = { kind: e.kind, at: iso(e.at)! };
			history.set(e.findingId, h);
		}
	}
	return rows.map(({ f, platformName, ownerName, acceptorName }) => ({
		id: f.id,
		platform: { id: f.platformId, name: platformName },
		assessmentId: f.assessmentId,
		title: f.title,
		detail: f.detail,
		questions: questions.get(f.id) ?? [],
		severity: f.severity,
		status: f.status,
		effectiveStatus: effectiveStatus(f, today),
		overdue: isOverdue(f, today),
		dueOn: f.dueOn,
		owner: { name: f.ownerName, email: f.ownerEmail },
		internalOwner: f.internalOwnerId === null ? null : { id: f.internalOwnerId, name: ownerName ?? '' },
		acceptance:
			f.acceptedAt === null && f.acceptanceExpiresOn === null
				? null
				: { by: acceptorName, at: iso(f.acceptedAt), rationale: f.acceptanceRationale, expiresOn: f.acceptanceExpiresOn, reviewId: f.acceptanceReviewId },
		dismissedReason: f.dismissedReason,
		createdAt: iso(f.createdAt)!,
		closedAt: iso(f.closedAt),
		history: history.get(f.id) ?? { steps: 0, first: null, last: null }
	}));
}

/** The document for one platform (`platformId`) or the portfolio. */
export function findingsDocument(platformId: number | null, now = Date.now()): FindingsDocument | null {
	const today = new Date(now).toISOString().slice(0, 10);
	if (platformId === null) return { format: FINDINGS_FORMAT, generatedAt: new Date(now).toISOString(), scope: { portfolio: true }, findings: exported(undefined, today) };
	const p = getDb().select({ name: platform.name }).from(platform).where(eq(platform.id, platformId)).get();
	if (!p) return null;
	return { format: FINDINGS_FORMAT, generatedAt: new Date(now).toISOString(), scope: { platformId, platform: p.name }, findings: exported(eq(finding.platformId, platformId), today) };
}

export const FINDINGS_CSV_HEADER = [
	'finding_id',
	'platform_id',
	'platform',
	'assessment_id',
	'title',
	'detail',
	'questions',
	'severity',
	'status',
	'effective_status',
	'overdue',
	'due_on',
	'owner_name',
	'owner_email',
	'internal_owner',
	'accepted_by',
	'accepted_at',
	'acceptance_rationale',
	'acceptance_expires_on',
	'acceptance_review_id',
	'dismissed_reason',
	'created_at',
	'closed_at',
	'history_steps',
	'last_step',
	'last_step_at'
] as const;

/** The document's findings as CSV rows, the same columns in the same order. */
export function findingsCsvRows(doc: FindingsDocument): unknown[][] {
	return [
		[...FINDINGS_CSV_HEADER],
		...doc.findings.map((f) => [
			f.id,
			f.platform.id,
			f.platform.name,
			f.assessmentId ?? '',
			f.title,
			f.detail ?? '',
			f.questions,
			f.severity,
			f.status,
			f.effectiveStatus,
			f.overdue ? 'yes' : 'no',
			f.dueOn ?? '',
			f.owner.name ?? '',
			f.owner.email ?? '',
			f.internalOwner?.name ?? '',
			f.acceptance?.by ?? '',
			f.acceptance?.at ?? '',
			f.acceptance?.rationale ?? '',
			f.acceptance?.expiresOn ?? '',
			f.acceptance?.reviewId ?? '',
			f.dismissedReason ?? '',
			f.createdAt,
			f.closedAt ?? '',
			f.history.steps,
			f.history.last?.kind ?? '',
			f.history.last?.at ?? ''
		])
	];
}

/** The /findings list's filters, read from the address; anything unknown is dropped, not guessed. */
export interface FindingsFilter {
	/** A status as it stands today, or 'owed': every finding still asking something (proposed, open, sent, answered). */
	status: FindingStatus | 'owed' | null;
	severity: FindingSeverity | null;
	overdue: boolean;
	platformId: number | null;
}

export function findingsFilter(params: URLSearchParams): FindingsFilter {
	const status = params.get('status');
	const severity = params.get('severity');
	const platformId = Number(params.get('platform'));
	return {
		status: status === 'owed' || (FINDING_STATUSES as readonly string[]).includes(status ?? '') ? (status as FindingsFilter['status']) : null,
		severity: (FINDING_SEVERITIES as readonly string[]).includes(severity ?? '') ? (severity as FindingSeverity) : null,
		overdue: params.get('overdue') === '1',
		platformId: Number.isSafeInteger(platformId) && platformId > 0 ? platformId : null
	};
}

export const LIST_PAGE = 100;

/**
 * A page of findings for /findings, most urgent first (earliest due), with
 * the total. Status filters use the effective status, in SQL: "accepted"
 * means accepted and still holding; "open" includes acceptances run out.
 */
export function listFindings(filter: FindingsFilter, page: number, now = Date.now()) {
	const today = new Date(now).toISOString().slice(0, 10);
	const where: SQL[] = [];
	if (filter.platformId !== null) where.push(eq(finding.platformId, filter.platformId));
	if (filter.severity) where.push(eq(finding.severity, filter.severity));
	const lapsed = and(eq(finding.status, 'accepted'), lt(finding.acceptanceExpiresOn, today))!;
	if (filter.status === 'owed') where.push(openOn(today));
	else if (filter.status === 'open') where.push(or(eq(finding.status, 'open'), lapsed)!);
	else if (filter.status === 'accepted') where.push(and(eq(finding.status, 'accepted'), or(isNull(finding.acceptanceExpiresOn), gte(finding.acceptanceExpiresOn, today)))!);
	else if (filter.status) where.push(eq(finding.status, filter.status));
	// isOverdue, in SQL: owed, confirmed, and its due date passed.
	if (filter.overdue) where.push(or(inArray(finding.status, ['open', 'sent', 'remediated']), lapsed)!, lt(finding.dueOn, today));
	const db = getDb();
	const condition = where.length ? and(...where) : undefined;
	const total = db.select({ n: count() }).from(finding).where(condition).get()!.n;
	const rows = db
		.select({ id: finding.id, platformId: finding.platformId, platform: platform.name, title: finding.title, severity: finding.severity, status: finding.status, dueOn: finding.dueOn, acceptanceExpiresOn: finding.acceptanceExpiresOn, updatedAt: finding.updatedAt })
		.from(finding)
		.innerJoin(platform, eq(platform.id, finding.platformId))
		.where(condition)
		.orderBy(sql`${finding.dueOn} IS NULL`, asc(finding.dueOn), desc(finding.updatedAt), asc(finding.id))
		.limit(LIST_PAGE)
		.offset(Math.max(0, page - 1) * LIST_PAGE)
		.all()
		.map((f) => ({ ...f, effectiveStatus: effectiveStatus(f, today), overdue: isOverdue(f, today) }));
	return { rows, total, today };
}

/** The platforms that have findings, for the list's platform filter. */
export function platformsWithFindings(): Array<{ id: number; name: string }> {
	return getDb()
		.selectDistinct({ id: platform.id, name: platform.name })
		.from(finding)
		.innerJoin(platform, eq(platform.id, finding.platformId))
		.orderBy(asc(sql`lower(${platform.name})`))
		.all();
}
