// What pages, counts and other modules read about findings. Every status
// here is the effective one (an acceptance past its expiry reads open), so
// no reader waits for a write or a sweep to see it.
import { asc, eq, inArray } from 'drizzle-orm';
import { countsOf, type FindingCounts, type FindingItem } from '../../findings/views';
import { effectiveStatus, FINDING_SEVERITIES, isOverdue, type FindingStatus } from '../../findings/vocabulary';
import { getDb } from '../db/index';
import { assessment, finding, findingEvent, findingQuestion, platform, templateVersion, user, type Finding } from '../db/schema';
import { templateDoc } from '../templates';
import { latestFinal } from './triage';

export { countsOf, type FindingCounts, type FindingItem } from '../../findings/views';

function items(rows: Array<Finding & { internalOwner: string | null }>, today: string): FindingItem[] {
	const ids = rows.map((r) => r.id);
	const questions = new Map<number, string[]>();
	if (ids.length) {
		for (const q of getDb().select().from(findingQuestion).where(inArray(findingQuestion.findingId, ids)).all()) {
			const list = questions.get(q.findingId) ?? [];
			list.push(q.questionId);
			questions.set(q.findingId, list);
		}
	}
	return rows.map((r) => {
		const status = effectiveStatus(r, today);
		return {
			id: r.id,
			platformId: r.platformId,
			assessmentId: r.assessmentId,
			title: r.title,
			severity: r.severity,
			status,
			origin: r.origin,
			dueOn: r.dueOn,
			overdue: isOverdue(r, today),
			ownerName: r.ownerName,
			internalOwner: r.internalOwner,
			acceptanceExpiresOn: r.acceptanceExpiresOn,
			acceptanceLapsed: status !== r.status,
			questionIds: questions.get(r.id) ?? [],
			version: r.version,
			createdAt: r.createdAt,
			closedAt: status === 'open' ? null : r.closedAt
		};
	});
}

const byUrgency = (a: FindingItem, b: FindingItem) =>
	FINDING_SEVERITIES.indexOf(a.severity) - FINDING_SEVERITIES.indexOf(b.severity) || (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.id - b.id;

function select(where: ReturnType<typeof eq>) {
	return getDb()
		.select({ finding, internalOwner: user.name })
		.from(finding)
		.leftJoin(user, eq(user.id, finding.internalOwnerId))
		.where(where)
		.orderBy(asc(finding.id))
		.all()
		.map((r) => ({ ...r.finding, internalOwner: r.internalOwner }));
}

/** A platform's findings, most severe and soonest due first, with counts by severity and overdue. */
export function listForPlatform(platformId: number, today: string): { findings: FindingItem[]; counts: FindingCounts } {
	const found = items(select(eq(finding.platformId, platformId)), today).sort(byUrgency);
	return { findings: found, counts: countsOf(found) };
}

/** The findings that came from one assessment (the report's section). */
export function listForAssessment(assessmentId: number, today: string): FindingItem[] {
	return items(select(eq(finding.assessmentId, assessmentId)), today).sort(byUrgency);
}

export interface FindingPage {
	finding: Finding & { status: FindingStatus; storedStatus: FindingStatus; overdue: boolean };
	platform: { id: number; name: string };
	internalOwner: string | null;
	acceptedBy: string | null;
	createdBy: string | null;
	/** The questions it rests on, with their prompts from its assessment's template. */
	questions: Array<{ id: string; prompt: string; section: string }>;
	history: Array<{ id: number; at: number; kind: string; actor: string; from: FindingStatus | null; to: FindingStatus | null; note: string | null; details: Record<string, unknown> | null }>;
	mergedInto: { id: number; title: string } | null;
}

/** Everything the finding page shows, or null when there is no such finding. */
export function page(id: number, today: string): FindingPage | null {
	const db = getDb();
	const row = db.select().from(finding).where(eq(finding.id, id)).get();
	if (!row) return null;
	const names = new Map<number, string>();
	const nameOf = (uid: number | null) => {
		if (uid === null) return null;
		if (!names.has(uid)) names.set(uid, db.select({ name: user.name }).from(user).where(eq(user.id, uid)).get()?.name ?? `user ${uid}`);
		return names.get(uid)!;
	};
	const questionIds = db.select({ id: findingQuestion.questionId }).from(findingQuestion).where(eq(findingQuestion.findingId, id)).all().map((q) => q.id);
	let questions: FindingPage['questions'] = questionIds.map((q) => ({ id: q, prompt: q, section: '' }));
	if (row.assessmentId !== null && questionIds.length) {
		const t = db
			.select({ versionId: assessment.templateVersionId, sha256: templateVersion.sha256 })
			.from(assessment)
			.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
			.where(eq(assessment.id, row.assessmentId))
			.get();
		if (t) {
			const doc = templateDoc(t.versionId, t.sha256);
			const known = new Map(doc.sections.flatMap((s) => s.questions.map((q) => [q.id, { id: q.id, prompt: q.prompt ?? q.id, section: s.title ?? s.id }] as const)));
			questions = questionIds.map((q) => known.get(q) ?? { id: q, prompt: q, section: '' });
		}
	}
	const events = db.select().from(findingEvent).where(eq(findingEvent.findingId, id)).orderBy(asc(findingEvent.at), asc(findingEvent.id)).all();
	const status = effectiveStatus(row, today);
	const merged = row.mergedIntoId === null ? null : db.select({ id: finding.id, title: finding.title }).from(finding).where(eq(finding.id, row.mergedIntoId)).get() ?? null;
	return {
		finding: { ...row, status, storedStatus: row.status, overdue: isOverdue(row, today) },
		platform: { id: row.platformId, name: db.select({ name: platform.name }).from(platform).where(eq(platform.id, row.platformId)).get()?.name ?? `Platform ${row.platformId}` },
		internalOwner: nameOf(row.internalOwnerId),
		acceptedBy: nameOf(row.acceptedBy),
		createdBy: nameOf(row.createdBy),
		questions,
		history: events.map((e) => ({
			id: e.id,
			at: e.at,
			kind: e.kind,
			actor: e.actorKind === 'user' ? (nameOf(e.actorId) ?? 'Someone') : e.actorKind === 'respondent' ? 'The platform' : 'Clearance',
			from: e.fromStatus,
			to: e.toStatus,
			note: e.note,
			details: e.details ? (JSON.parse(e.details) as Record<string, unknown>) : null
		})),
		mergedInto: merged
	};
}

/** Who can own a finding on our side, for the forms' list: active analysts and admins (the domain checks again when saving). */
export function internalOwnerOptions(): Array<{ id: number; name: string }> {
	return getDb()
		.select({ id: user.id, name: user.name, role: user.role, disabled: user.disabled })
		.from(user)
		.orderBy(asc(user.name))
		.all()
		.filter((u) => !u.disabled && (u.role === 'analyst' || u.role === 'admin'))
		.map(({ id, name }) => ({ id, name }));
}

/** The questions a finding written by hand may name: those of the platform's latest final assessment. */
export function questionsToName(platformId: number): { assessmentId: number | null; sections: Array<{ title: string; questions: Array<{ id: string; prompt: string }> }> } {
	const latest = latestFinal(getDb(), platformId);
	if (!latest) return { assessmentId: null, sections: [] };
	const sections = templateDoc(latest.templateVersionId, latest.sha256).sections;
	return { assessmentId: latest.id, sections: sections.map((s) => ({ title: s.title ?? s.id, questions: s.questions.map((q) => ({ id: q.id, prompt: q.prompt ?? q.id })) })) };
}
