// Committee reviews. A review pins what the committee saw: each candidate's
// final assessment as a copy of its stored result and that text's SHA-256,
// and the section weights. Members vote; the chair records the decision, and
// a decided review never changes again (server and triggers, 0008_reviews.sql).
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { ScoreResult, Template as TemplateDoc } from '../scoring/index';
import { record, type Actor } from './audit';
import { getDb, write, type Tx } from './db/index';
import {
	assessment,
	assessmentResult,
	platform,
	REVIEW_OUTCOMES,
	review,
	reviewCandidate,
	reviewMember,
	reviewVote,
	template,
	templateVersion,
	user,
	type Review,
	type ReviewOutcome,
	type ReviewStatus,
	type Role
} from './db/schema';

/** A refusal the user can act on, tied to the field at fault; `problems` names each bad entry. */
export class ReviewError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly problems?: Record<string, string>
	) {
		super(message);
	}
}

export const OUTCOMES = REVIEW_OUTCOMES;
export type Outcome = ReviewOutcome;

export const LIMITS = { title: 200, mandate: 5_000, vote: 2_000, decision: 5_000, profileName: 80, minCandidates: 2, maxCandidates: 12 } as const;

/** Who reads a review: members and the chair see it, admins see every review. */
export interface Viewer {
	id: number;
	role: Role;
	label?: string;
}

/** Who acts on a review: a signed-in user, labelled for the audit trail. */
export type ReviewActor = Actor & Viewer;

export interface NewReview {
	title: string;
	mandate: string;
	/** Without `assessmentId`, the platform's latest final assessment. */
	candidates: Array<{ platformId: number; assessmentId?: number | null }>;
	/** A profile's name and section weights; overrides of the default, which is the template's weights. */
	weights?: { name: string | null; sections: Record<string, number> } | null;
	/** User ids; the creator (the chair) is always a member. */
	members: number[];
}

export interface CandidateView {
	id: number;
	position: number;
	platform: { id: number; name: string };
	assessmentId: number;
	templateVersionId: number;
	finalizedAt: number;
	/** SHA-256 of the stored result text pinned when the review opened. */
	resultSha256: string;
	result: ScoreResult;
	/** Self-assessments: the platform's claims as scored. */
	claimedResult: ScoreResult | null;
	/** Whether the assessment's live stored figures still hash to the pinned SHA-256 (a recompute can rewrite them). */
	intact: boolean;
	/** The platform's latest final assessment when it is newer than the pinned one. */
	newerAssessmentId: number | null;
	decision: Outcome | null;
}

export interface MemberView {
	id: number;
	name: string;
	role: Role;
}

export interface VoteView {
	candidateId: number;
	userId: number;
	userName: string;
	outcome: Outcome;
	rationale: string;
	updatedAt: number;
}

export interface ReviewDetail {
	id: number;
	title: string;
	mandate: string;
	templateKey: string;
	profileName: string | null;
	/** Section id → weight, pinned when the review opened. */
	weights: Record<string, number>;
	status: ReviewStatus;
	decisionRationale: string | null;
	decidedBy: { id: number; name: string } | null;
	decidedAt: number | null;
	createdAt: number;
	updatedAt: number;
	chair: { id: number; name: string };
	/** The viewer may record the decision and add members: the chair, or an admin. */
	isChair: boolean;
	isMember: boolean;
	candidates: CandidateView[];
	members: MemberView[];
	votes: VoteView[];
	/** Each candidate's questionnaire version, by template version id: titles, sections and grades. */
	templates: Record<number, { version: string; sha256: string; doc: TemplateDoc }>;
}

export interface ReviewSummary {
	id: number;
	title: string;
	status: ReviewStatus;
	templateKey: string;
	chair: { id: number; name: string };
	candidateCount: number;
	voteCount: number;
	createdAt: number;
	decidedAt: number | null;
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

function text(field: string, raw: unknown, limit: number, missing: string, what: string): string {
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!value) throw new ReviewError(field, missing);
	if (value.length > limit) throw new ReviewError(field, `${what} has at most ${limit.toLocaleString('en')} characters.`);
	return value;
}

/** One error for a list of problems: the problem itself when there is one. */
function problemsError(field: string, problems: Record<string, string>, several: (n: number) => string): ReviewError {
	const messages = Object.values(problems);
	return new ReviewError(field, messages.length === 1 ? messages[0] : several(messages.length), problems);
}

// Creating ----------------------------------------------------------------

interface Resolved {
	platformId: number;
	platformName: string;
	assessmentId: number;
	templateVersionId: number;
	templateKey: string;
	finalizedAt: number;
}

/** The final assessment a candidate stands for, or the reason it cannot. */
function resolveCandidate(input: { platformId: number; assessmentId?: number | null }): Resolved | string {
	const db = getDb();
	const p = db.select({ id: platform.id, name: platform.name }).from(platform).where(eq(platform.id, input.platformId)).get();
	if (!p) return `There is no platform ${input.platformId}.`;
	const chosen = input.assessmentId ?? null;
	const row = db
		.select({
			id: assessment.id,
			platformId: assessment.platformId,
			state: assessment.state,
			finalizedAt: assessment.finalizedAt,
			templateVersionId: assessment.templateVersionId,
			templateKey: template.key,
			stored: assessmentResult.assessmentId
		})
		.from(assessment)
		.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.leftJoin(assessmentResult, eq(assessmentResult.assessmentId, assessment.id))
		.where(chosen === null ? and(eq(assessment.platformId, p.id), eq(assessment.state, 'final')) : eq(assessment.id, chosen))
		.orderBy(desc(assessment.finalizedAt), desc(assessment.id))
		.get();
	if (!row) return chosen === null ? `${p.name} has no final assessment to review yet.` : `There is no assessment ${chosen}.`;
	if (row.platformId !== p.id) return `Assessment ${row.id} is not an assessment of ${p.name}.`;
	if (row.state !== 'final' || row.finalizedAt === null) return `Assessment ${row.id} of ${p.name} is not final: a committee reviews finalised figures only.`;
	if (row.stored === null) return `Assessment ${row.id} of ${p.name} has no stored figures.`;
	return { platformId: p.id, platformName: p.name, assessmentId: row.id, templateVersionId: row.templateVersionId, templateKey: row.templateKey, finalizedAt: row.finalizedAt };
}

function resolveCandidates(input: unknown): Resolved[] {
	if (!Array.isArray(input)) throw new ReviewError('candidates', 'Choose the candidates to review.');
	if (input.length < LIMITS.minCandidates) throw new ReviewError('candidates', 'Choose at least two candidates: a review compares them.');
	if (input.length > LIMITS.maxCandidates) throw new ReviewError('candidates', `A review compares at most ${LIMITS.maxCandidates} candidates.`);
	const problems: Record<string, string> = {};
	const resolved: Resolved[] = [];
	for (const c of input as NewReview['candidates']) {
		const assessmentId = c?.assessmentId ?? null;
		if (!Number.isInteger(c?.platformId) || (assessmentId !== null && !Number.isInteger(assessmentId))) {
			throw new ReviewError('candidates', 'Choose each candidate by its platform (and, optionally, one of its final assessments).');
		}
		const key = String(c.platformId);
		if (resolved.some((r) => r.platformId === c.platformId)) {
			problems[key] = `Each platform is a candidate once: ${resolved.find((r) => r.platformId === c.platformId)!.platformName} is listed twice.`;
			continue;
		}
		const found = resolveCandidate({ platformId: c.platformId, assessmentId });
		if (typeof found === 'string') problems[key] ??= found;
		else resolved.push(found);
	}
	if (Object.keys(problems).length) throw problemsError('candidates', problems, (n) => `${n} candidates have problems; nothing was saved.`);
	const keys = [...new Set(resolved.map((r) => r.templateKey))];
	if (keys.length > 1) {
		const groups = keys.map((k) => `${resolved.filter((r) => r.templateKey === k).map((r) => r.platformName).join(', ')} on ${k}`);
		throw new ReviewError('candidates', `Every candidate must be assessed on the same questionnaire; these are not: ${groups.join('; ')}.`);
	}
	return resolved;
}

interface PinnedWeights {
	name: string | null;
	sections: Record<string, number>;
}

/**
 * The weights the committee compares with, over the sections every
 * candidate's questionnaire version has. The default is the newest version's
 * template weights; a profile overrides some or all of them, as in scoring.
 */
function pinWeights(input: NewReview['weights'], candidates: Resolved[]): PinnedWeights {
	const versions = getDb()
		.select({ id: templateVersion.id, json: templateVersion.json, publishedAt: templateVersion.publishedAt })
		.from(templateVersion)
		.where(inArray(templateVersion.id, [...new Set(candidates.map((c) => c.templateVersionId))]))
		.all()
		.map((v) => ({ ...v, doc: JSON.parse(v.json) as TemplateDoc }))
		.sort((a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0) || b.id - a.id);
	const common = versions[0].doc.sections.filter((s) => versions.every((v) => v.doc.sections.some((x) => x.id === s.id)));
	if (!common.length) throw new ReviewError('candidates', 'The candidates’ questionnaire versions share no section, so they cannot be weighed together.');
	const sections: Record<string, number> = Object.fromEntries(common.map((s) => [s.id, s.weight]));
	if (input == null) return { name: null, sections };
	if (typeof input !== 'object' || input.sections === null || typeof input.sections !== 'object') {
		throw new ReviewError('weights', 'Give the weights as section id → weight.');
	}
	const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim() : null;
	if (name !== null && name.length > LIMITS.profileName) throw new ReviewError('weights', `A profile name has at most ${LIMITS.profileName} characters.`);
	const problems: Record<string, string> = {};
	for (const [id, weight] of Object.entries(input.sections)) {
		if (!Object.hasOwn(sections, id)) problems[id] = `${id} is not a section of every candidate’s questionnaire.`;
		else if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) problems[id] = `Give section ${id} a weight of 0 or more.`;
		else sections[id] = weight;
	}
	if (Object.keys(problems).length) throw problemsError('weights', problems, (n) => `${n} weights have problems; nothing was saved.`);
	if (!Object.values(sections).some((w) => w > 0)) throw new ReviewError('weights', 'Give at least one section a weight above 0.');
	return { name, sections };
}

/** Existing, enabled users; the chair first. */
function checkMembers(input: unknown, chairId: number): number[] {
	if (!Array.isArray(input) || !input.every((id) => Number.isInteger(id))) throw new ReviewError('members', 'Choose the committee’s members from the users.');
	const ids = [...new Set([chairId, ...(input as number[])])];
	const rows = new Map(getDb().select({ id: user.id, name: user.name, disabled: user.disabled }).from(user).where(inArray(user.id, ids)).all().map((u) => [u.id, u]));
	const problems: Record<string, string> = {};
	for (const id of ids) {
		const u = rows.get(id);
		if (!u) problems[id] = `There is no user ${id}.`;
		else if (u.disabled) problems[id] = `${u.name}’s account is disabled: they cannot sit on the committee.`;
	}
	if (Object.keys(problems).length) throw problemsError('members', problems, (n) => `${n} of the members cannot sit on the committee; nothing was saved.`);
	return ids;
}

/** Open a review, pinning each candidate's stored figures and the weights. */
export function create(actor: ReviewActor, input: NewReview, options: { now?: number } = {}): ReviewDetail {
	const title = text('title', input.title, LIMITS.title, 'Give the review a title.', 'A title');
	const mandate = text('mandate', input.mandate, LIMITS.mandate, 'Give the committee its mandate: what it is asked to decide.', 'The mandate');
	const candidates = resolveCandidates(input.candidates);
	const weights = pinWeights(input.weights, candidates);
	const members = checkMembers(input.members, actor.id);
	const id = write((tx) => {
		const now = options.now ?? Date.now();
		const row = tx
			.insert(review)
			.values({
				title,
				mandate,
				templateKey: candidates[0].templateKey,
				profileName: weights.name,
				weights: JSON.stringify(weights.sections),
				status: 'open',
				createdBy: actor.id,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: review.id })
			.get();
		// Read inside the transaction: what is hashed is exactly what is copied.
		const pinned = candidates.map((c, position) => {
			const stored = tx.select({ result: assessmentResult.result, claimedResult: assessmentResult.claimedResult }).from(assessmentResult).where(eq(assessmentResult.assessmentId, c.assessmentId)).get();
			if (!stored) throw new ReviewError('candidates', `Assessment ${c.assessmentId} of ${c.platformName} has no stored figures.`);
			const resultSha256 = sha256(stored.result);
			tx.insert(reviewCandidate)
				.values({
					reviewId: row.id,
					position,
					platformId: c.platformId,
					platformName: c.platformName,
					assessmentId: c.assessmentId,
					resultSha256,
					result: stored.result,
					claimedResult: stored.claimedResult,
					templateVersionId: c.templateVersionId,
					finalizedAt: c.finalizedAt
				})
				.run();
			return { platformId: c.platformId, platform: c.platformName, assessmentId: c.assessmentId, resultSha256 };
		});
		for (const userId of members) tx.insert(reviewMember).values({ reviewId: row.id, userId, addedAt: now }).run();
		record(tx, actor, {
			action: 'review.create',
			entityType: 'review',
			entityId: row.id,
			details: { title, template: candidates[0].templateKey, profile: weights.name, weights: weights.sections, candidates: pinned, members }
		});
		return row.id;
	});
	return get(actor, id)!;
}

// Reading -----------------------------------------------------------------

function userNames(ids: number[]): Map<number, string> {
	if (!ids.length) return new Map();
	return new Map(getDb().select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, [...new Set(ids)])).all().map((u) => [u.id, u.name]));
}

function mayRead(viewer: Viewer, row: Review, members: MemberView[]): boolean {
	return viewer.role === 'admin' || row.createdBy === viewer.id || members.some((m) => m.id === viewer.id);
}

/** Reviews the viewer may see, newest first. */
export function list(viewer: Viewer): ReviewSummary[] {
	const db = getDb();
	const mine = or(eq(review.createdBy, viewer.id), inArray(review.id, db.select({ id: reviewMember.reviewId }).from(reviewMember).where(eq(reviewMember.userId, viewer.id))));
	return db
		.select({
			id: review.id,
			title: review.title,
			status: review.status,
			templateKey: review.templateKey,
			chair: { id: user.id, name: user.name },
			candidateCount: sql<number>`(SELECT count(*) FROM ${reviewCandidate} WHERE ${reviewCandidate.reviewId} = ${review.id})`,
			voteCount: sql<number>`(SELECT count(*) FROM ${reviewVote} WHERE ${reviewVote.reviewId} = ${review.id})`,
			createdAt: review.createdAt,
			decidedAt: review.decidedAt
		})
		.from(review)
		.innerJoin(user, eq(user.id, review.createdBy))
		.where(viewer.role === 'admin' ? undefined : mine)
		.orderBy(desc(review.createdAt), desc(review.id))
		.all();
}

/** The platforms' latest final assessments, by platform id. */
function latestFinals(platformIds: number[]): Map<number, number> {
	const latest = new Map<number, number>();
	if (!platformIds.length) return latest;
	const rows = getDb()
		.select({ platformId: assessment.platformId, id: assessment.id })
		.from(assessment)
		.where(and(inArray(assessment.platformId, platformIds), eq(assessment.state, 'final')))
		.orderBy(desc(assessment.finalizedAt), desc(assessment.id))
		.all();
	for (const r of rows) if (!latest.has(r.platformId)) latest.set(r.platformId, r.id);
	return latest;
}

/** The review, or undefined when there is none or the viewer may not see it (the same 404 either way). */
export function get(viewer: Viewer, id: number): ReviewDetail | undefined {
	const db = getDb();
	const row = db.select().from(review).where(eq(review.id, id)).get();
	if (!row) return undefined;
	const members = db
		.select({ id: user.id, name: user.name, role: user.role })
		.from(reviewMember)
		.innerJoin(user, eq(user.id, reviewMember.userId))
		.where(eq(reviewMember.reviewId, id))
		.orderBy(asc(reviewMember.addedAt), asc(user.name))
		.all();
	if (!mayRead(viewer, row, members)) return undefined;
	// The chair first, then in the order they were seated.
	members.sort((x, y) => Number(y.id === row.createdBy) - Number(x.id === row.createdBy));
	const pinned = db.select().from(reviewCandidate).where(eq(reviewCandidate.reviewId, id)).orderBy(asc(reviewCandidate.position)).all();
	const live = new Map(
		db
			.select({ assessmentId: assessmentResult.assessmentId, result: assessmentResult.result })
			.from(assessmentResult)
			.where(inArray(assessmentResult.assessmentId, pinned.map((c) => c.assessmentId)))
			.all()
			.map((r) => [r.assessmentId, sha256(r.result)])
	);
	const latest = latestFinals(pinned.map((c) => c.platformId));
	const candidates = pinned.map(
		(c): CandidateView => ({
			id: c.id,
			position: c.position,
			platform: { id: c.platformId, name: c.platformName },
			assessmentId: c.assessmentId,
			templateVersionId: c.templateVersionId,
			finalizedAt: c.finalizedAt,
			resultSha256: c.resultSha256,
			result: JSON.parse(c.result),
			claimedResult: c.claimedResult === null ? null : JSON.parse(c.claimedResult),
			intact: live.get(c.assessmentId) === c.resultSha256,
			newerAssessmentId: latest.has(c.platformId) && latest.get(c.platformId) !== c.assessmentId ? latest.get(c.platformId)! : null,
			decision: c.decision
		})
	);
	const votes = db
		.select({
			candidateId: reviewVote.candidateId,
			userId: reviewVote.userId,
			userName: user.name,
			outcome: reviewVote.outcome,
			rationale: reviewVote.rationale,
			updatedAt: reviewVote.updatedAt
		})
		.from(reviewVote)
		.innerJoin(user, eq(user.id, reviewVote.userId))
		.innerJoin(reviewCandidate, eq(reviewCandidate.id, reviewVote.candidateId))
		.where(eq(reviewVote.reviewId, id))
		.orderBy(asc(reviewCandidate.position), asc(user.name), asc(reviewVote.userId))
		.all();
	const versions = db
		.select({ id: templateVersion.id, version: templateVersion.version, sha256: templateVersion.sha256, json: templateVersion.json })
		.from(templateVersion)
		.where(inArray(templateVersion.id, [...new Set(pinned.map((c) => c.templateVersionId))]))
		.all();
	const names = userNames([row.createdBy, ...(row.decidedBy === null ? [] : [row.decidedBy])]);
	return {
		id: row.id,
		title: row.title,
		mandate: row.mandate,
		templateKey: row.templateKey,
		profileName: row.profileName,
		weights: JSON.parse(row.weights),
		status: row.status,
		decisionRationale: row.decisionRationale,
		decidedBy: row.decidedBy === null ? null : { id: row.decidedBy, name: names.get(row.decidedBy) ?? '' },
		decidedAt: row.decidedAt,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		chair: { id: row.createdBy, name: names.get(row.createdBy) ?? '' },
		isChair: viewer.role === 'admin' || viewer.id === row.createdBy,
		isMember: members.some((m) => m.id === viewer.id),
		candidates,
		members,
		votes,
		templates: Object.fromEntries(versions.map((v) => [v.id, { version: v.version, sha256: v.sha256, doc: JSON.parse(v.json) as TemplateDoc }]))
	};
}

// Changing ----------------------------------------------------------------

function mustSee(viewer: Viewer, id: number): ReviewDetail {
	const detail = get(viewer, id);
	if (!detail) throw new ReviewError('reviewId', 'There is no such review.');
	return detail;
}

/** Checked again inside the write lock: someone may have decided meanwhile. */
function assertOpen(tx: Tx, id: number): void {
	const row = tx.select({ status: review.status }).from(review).where(eq(review.id, id)).get();
	if (row?.status !== 'open') throw new ReviewError('status', 'This review is decided; it can no longer change.');
}

function mustBeOpen(detail: ReviewDetail): void {
	if (detail.status !== 'open') throw new ReviewError('status', 'This review is decided; it can no longer change.');
}

function isOutcome(value: unknown): value is Outcome {
	return (OUTCOMES as readonly unknown[]).includes(value);
}

/** A member's vote on one candidate; voting again while the review is open replaces it. */
export function vote(actor: ReviewActor, reviewId: number, candidateId: number, outcome: Outcome, rationale: string): ReviewDetail {
	const detail = mustSee(actor, reviewId);
	if (!detail.isMember) throw new ReviewError('member', 'Only the committee’s members vote on this review.');
	mustBeOpen(detail);
	const candidate = detail.candidates.find((c) => c.id === candidateId);
	if (!candidate) throw new ReviewError('candidateId', 'That candidate is not part of this review.');
	if (!isOutcome(outcome)) throw new ReviewError('outcome', 'Vote approve, conditional or reject.');
	const why = text('rationale', rationale, LIMITS.vote, 'Give the reason for your vote.', 'A rationale');
	write((tx) => {
		assertOpen(tx, reviewId);
		const now = Date.now();
		const where = and(eq(reviewVote.reviewId, reviewId), eq(reviewVote.candidateId, candidateId), eq(reviewVote.userId, actor.id));
		const before = tx.select({ outcome: reviewVote.outcome, rationale: reviewVote.rationale }).from(reviewVote).where(where).get();
		if (before?.outcome === outcome && before.rationale === why) return;
		tx.insert(reviewVote)
			.values({ reviewId, candidateId, userId: actor.id, outcome, rationale: why, createdAt: now, updatedAt: now })
			.onConflictDoUpdate({ target: [reviewVote.reviewId, reviewVote.candidateId, reviewVote.userId], set: { outcome, rationale: why, updatedAt: now } })
			.run();
		tx.update(review).set({ updatedAt: now }).where(eq(review.id, reviewId)).run();
		record(tx, actor, {
			action: 'review.vote',
			entityType: 'review',
			entityId: reviewId,
			details: { candidateId, platform: candidate.platform.name, from: before ?? null, to: { outcome, rationale: why } }
		});
	});
	return get(actor, reviewId)!;
}

/**
 * The chair's decision: an outcome for every candidate and the reason. The
 * candidates' decisions are written first: once the review is decided, the
 * triggers refuse any change to it.
 */
export function decide(actor: ReviewActor, reviewId: number, decisions: Record<number, Outcome>, rationale: string, options: { now?: number } = {}): ReviewDetail {
	const detail = mustSee(actor, reviewId);
	if (!detail.isChair) throw new ReviewError('chair', 'Only the chair (who opened the review) or an admin records the decision.');
	mustBeOpen(detail);
	const problems: Record<string, string> = {};
	for (const c of detail.candidates) {
		if (!isOutcome(decisions?.[c.id])) problems[c.id] = `Choose approve, conditional or reject for ${c.platform.name}.`;
	}
	for (const key of Object.keys(decisions ?? {})) {
		if (!detail.candidates.some((c) => String(c.id) === key)) problems[key] = `Candidate ${key} is not part of this review.`;
	}
	if (Object.keys(problems).length) throw problemsError('decisions', problems, (n) => `${n} candidates need a decision; nothing was saved.`);
	const why = text('rationale', rationale, LIMITS.decision, 'Give the rationale for the decision.', 'The rationale');
	write((tx) => {
		assertOpen(tx, reviewId);
		const now = options.now ?? Date.now();
		for (const c of detail.candidates) {
			tx.update(reviewCandidate).set({ decision: decisions[c.id] }).where(and(eq(reviewCandidate.id, c.id), eq(reviewCandidate.reviewId, reviewId))).run();
		}
		tx.update(review)
			.set({ status: 'decided', decisionRationale: why, decidedBy: actor.id, decidedAt: now, updatedAt: now })
			.where(and(eq(review.id, reviewId), eq(review.status, 'open')))
			.run();
		record(tx, actor, {
			action: 'review.decide',
			entityType: 'review',
			entityId: reviewId,
			details: {
				rationale: why,
				decisions: detail.candidates.map((c) => ({ candidateId: c.id, platform: c.platform.name, assessmentId: c.assessmentId, resultSha256: c.resultSha256, decision: decisions[c.id] }))
			}
		});
	});
	return get(actor, reviewId)!;
}

/** Seat another user on an open review's committee. */
export function addMember(actor: ReviewActor, reviewId: number, userId: number): ReviewDetail {
	const detail = mustSee(actor, reviewId);
	if (!detail.isChair) throw new ReviewError('chair', 'Only the chair (who opened the review) or an admin adds members.');
	mustBeOpen(detail);
	if (detail.members.some((m) => m.id === userId)) throw new ReviewError('userId', 'This user is a member already.');
	const target = Number.isInteger(userId) ? getDb().select({ id: user.id, name: user.name, disabled: user.disabled }).from(user).where(eq(user.id, userId)).get() : undefined;
	if (!target) throw new ReviewError('userId', 'There is no such user.');
	if (target.disabled) throw new ReviewError('userId', `${target.name}’s account is disabled: they cannot sit on the committee.`);
	write((tx) => {
		assertOpen(tx, reviewId);
		const now = Date.now();
		tx.insert(reviewMember).values({ reviewId, userId, addedAt: now }).run();
		tx.update(review).set({ updatedAt: now }).where(eq(review.id, reviewId)).run();
		record(tx, actor, { action: 'review.add_member', entityType: 'review', entityId: reviewId, details: { userId, name: target.name } });
	});
	return get(actor, reviewId)!;
}

// Exporting ---------------------------------------------------------------

export interface ReviewDocument {
	format: 'clearance-review/1';
	review: { id: number; title: string; mandate: string; templateKey: string; status: ReviewStatus; chair: { id: number; name: string }; createdAt: string };
	weights: { profile: string | null; sections: Record<string, number> };
	candidates: Array<{
		id: number;
		platform: { id: number; name: string };
		assessmentId: number;
		template: { key: string; version: string; sha256: string };
		finalizedAt: string;
		/** SHA-256 of JSON.stringify(result), the stored text the committee saw. */
		resultSha256: string;
		result: ScoreResult;
		claimedResult: ScoreResult | null;
		decision: Outcome | null;
	}>;
	members: MemberView[];
	votes: Array<{ candidateId: number; user: { id: number; name: string }; outcome: Outcome; rationale: string; updatedAt: string }>;
	decision: { rationale: string; decidedBy: { id: number; name: string }; decidedAt: string } | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The review as a self-contained record (clearance-review/1), or undefined when the viewer may not see it. */
export function exportDocument(viewer: Viewer, id: number): ReviewDocument | undefined {
	const d = get(viewer, id);
	if (!d) return undefined;
	return {
		format: 'clearance-review/1',
		review: { id: d.id, title: d.title, mandate: d.mandate, templateKey: d.templateKey, status: d.status, chair: d.chair, createdAt: iso(d.createdAt) },
		weights: { profile: d.profileName, sections: d.weights },
		candidates: d.candidates.map((c) => ({
			id: c.id,
			platform: c.platform,
			assessmentId: c.assessmentId,
			template: { key: d.templateKey, version: d.templates[c.templateVersionId].version, sha256: d.templates[c.templateVersionId].sha256 },
			finalizedAt: iso(c.finalizedAt),
			resultSha256: c.resultSha256,
			result: c.result,
			claimedResult: c.claimedResult,
			decision: c.decision
		})),
		members: d.members,
		votes: d.votes.map((v) => ({ candidateId: v.candidateId, user: { id: v.userId, name: v.userName }, outcome: v.outcome, rationale: v.rationale, updatedAt: iso(v.updatedAt) })),
		decision:
			d.status === 'decided' && d.decidedBy && d.decidedAt !== null
				? { rationale: d.decisionRationale ?? '', decidedBy: d.decidedBy, decidedAt: iso(d.decidedAt) }
				: null
	};
}
