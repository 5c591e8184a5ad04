// Committee reviews. A review pins what the committee saw: each candidate's
// final assessment as a copy of its stored result and that text's SHA-256,
// and the section weights. Members vote; the chair records the decision, and
// a decided review never changes again (server and triggers, 0008_reviews.sql).
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { ScoreResult, Template as TemplateDoc } from '../../scoring/index';
import { record, type Actor } from '../audit';
import { getDb, write } from '../db/index';
import {
	assessment,
	assessmentResult,
	REVIEW_OUTCOMES,
	review,
	reviewCandidate,
	reviewMember,
	reviewVote,
	templateVersion,
	user,
	type ReviewOutcome,
	type ReviewStatus,
	type Role
} from '../db/schema';
import { reviewDocument, type ReviewDocument } from './export';
import { checkMembers, pinWeights, resolveCandidates } from './pinning';
import { LIMITS, ReviewError, text } from './rules';
import { templateDoc } from '../templates';

export { LIMITS, ReviewError };
// Voting, deciding and seating members live beside this module (changes.ts);
// callers import them from the folder's index.
export type { ReviewDocument };

export const OUTCOMES = REVIEW_OUTCOMES;
export type Outcome = ReviewOutcome;

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

/** That a member has voted on a candidate, without how: what a member who has not voted on it yet may know. */
export interface BallotView {
	candidateId: number;
	userId: number;
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
	/**
	 * The votes the viewer may read: their own, and on a candidate they have
	 * voted on, everyone's; once the review is decided, all of them. Others'
	 * votes on a candidate the viewer has not voted on are never sent, so a
	 * member (the chair too) forms a view before seeing the committee's.
	 */
	votes: VoteView[];
	/** Every vote cast, as who voted on what without the outcome or reason: how far the committee has got. */
	ballots: BallotView[];
	/** Candidates whose other votes the viewer may not read yet (empty once decided). */
	sealed: number[];
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

// Creating ----------------------------------------------------------------

/** Open a review, pinning each candidate's stored figures and the weights. */
export function create(actor: ReviewActor, input: NewReview, options: { now?: number } = {}): ReviewDetail {
	const title = text('title', input.title, LIMITS.title, 'Give the review a title.', 'A title');
	const mandate = text('mandate', input.mandate, LIMITS.mandate, 'Give the committee its mandate: what it is asked to decide.', 'The mandate');
	const id = write(actor, (tx) => {
		// Read under the write lock (the transaction holds the connection these
		// reads use): a member disabled or an assessment amended a moment ago counts.
		const candidates = resolveCandidates(input.candidates);
		const weights = pinWeights(input.weights, candidates);
		const members = checkMembers(input.members, actor.id);
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

/** Who may see a review: an admin, its chair, its members. */
export function mayRead(viewer: Viewer, createdBy: number, isMember: boolean): boolean {
	return viewer.role === 'admin' || createdBy === viewer.id || isMember;
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

/**
 * The candidates on which the viewer may not read others' votes yet: while
 * the review is open, every candidate they have not voted on themselves. The
 * chair and admins are no exception: a chair who has not voted sees how many
 * votes are in (the ballots) and reads them after voting, or once decided.
 */
function sealedFor(viewer: Viewer, status: ReviewStatus, candidates: Array<{ id: number }>, cast: Array<{ candidateId: number; userId: number }>): number[] {
	if (status !== 'open') return [];
	return candidates.filter((c) => !cast.some((v) => v.candidateId === c.id && v.userId === viewer.id)).map((c) => c.id);
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
	if (!mayRead(viewer, row.createdBy, members.some((m) => m.id === viewer.id))) return undefined;
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
	const cast = db
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
	const sealed = sealedFor(viewer, row.status, candidates, cast);
	const votes = cast.filter((v) => v.userId === viewer.id || !sealed.includes(v.candidateId));
	// The documents come from the shared parsed copies: each is tens of
	// kilobytes of JSON, and a review is read again after every vote.
	const versions = db
		.select({ id: templateVersion.id, version: templateVersion.version, sha256: templateVersion.sha256 })
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
		ballots: cast.map((v) => ({ candidateId: v.candidateId, userId: v.userId })),
		sealed,
		templates: Object.fromEntries(versions.map((v) => [v.id, { version: v.version, sha256: v.sha256, doc: templateDoc(v.id, v.sha256) }]))
	};
}

// Exporting ---------------------------------------------------------------

/** The review as a self-contained record (clearance-review/1), or undefined when the viewer may not see it. */
export function exportDocument(viewer: Viewer, id: number): ReviewDocument | undefined {
	const d = get(viewer, id);
	return d && reviewDocument(d);
}
