// Changing an open review: members vote, the chair seats members and records
// the decision. Part of the reviews API (re-exported there); every change is
// checked again inside the write lock, where a decided review stays decided.
import { and, eq, sql } from 'drizzle-orm';
import { record } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { prepared } from '../db/prepared';
import { review, reviewCandidate, reviewMember, reviewVote, user, type ReviewStatus } from '../db/schema';
import { LIMITS, problemsError, ReviewError, text } from './rules';
import { get, mayRead, OUTCOMES, type Outcome, type ReviewActor, type ReviewDetail, type Viewer } from './reviews';

/** The same refusal whether the review does not exist or the viewer may not see it. */
const notFound = () => new ReviewError('reviewId', 'There is no such review.');

function mustSee(viewer: Viewer, id: number): ReviewDetail {
	const detail = get(viewer, id);
	if (!detail) throw notFound();
	return detail;
}

function refuseUnlessOpen(status: ReviewStatus | undefined): void {
	if (status !== 'open') throw new ReviewError('status', 'This review is decided; it can no longer change.');
}

/** Checked again inside the write lock: someone may have decided meanwhile. */
function assertOpen(tx: Tx, id: number): void {
	refuseUnlessOpen(tx.select({ status: review.status }).from(review).where(eq(review.id, id)).get()?.status);
}

function mustBeOpen(detail: ReviewDetail): void {
	refuseUnlessOpen(detail.status);
}

function isOutcome(value: unknown): value is Outcome {
	return (OUTCOMES as readonly unknown[]).includes(value);
}

/**
 * What a vote is checked against, read on its own rather than as the whole
 * review (candidates' figures, votes, questionnaires): a committee casts a
 * vote per member per candidate. The refusals are get()'s and mustSee's.
 */
const ballotQueries = {
	review: prepared((db) => db.select({ status: review.status, createdBy: review.createdBy }).from(review).where(eq(review.id, sql.placeholder('reviewId'))).prepare()),
	member: prepared((db) =>
		db
			.select({ userId: reviewMember.userId })
			.from(reviewMember)
			.where(and(eq(reviewMember.reviewId, sql.placeholder('reviewId')), eq(reviewMember.userId, sql.placeholder('userId'))))
			.prepare()
	),
	candidate: prepared((db) =>
		db
			.select({ platformName: reviewCandidate.platformName })
			.from(reviewCandidate)
			.where(and(eq(reviewCandidate.id, sql.placeholder('candidateId')), eq(reviewCandidate.reviewId, sql.placeholder('reviewId'))))
			.prepare()
	)
};

/** A member's vote on one candidate; voting again while the review is open replaces it. */
export function vote(actor: ReviewActor, reviewId: number, candidateId: number, outcome: Outcome, rationale: string): void {
	const row = ballotQueries.review().get({ reviewId });
	const isMember = ballotQueries.member().get({ reviewId, userId: actor.id }) !== undefined;
	if (!row || !mayRead(actor, row.createdBy, isMember)) throw notFound();
	if (!isMember) throw new ReviewError('member', 'Only the committee’s members vote on this review.');
	refuseUnlessOpen(row.status);
	const candidate = ballotQueries.candidate().get({ reviewId, candidateId });
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
			details: { candidateId, platform: candidate.platformName, from: before ?? null, to: { outcome, rationale: why } }
		});
	});
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
