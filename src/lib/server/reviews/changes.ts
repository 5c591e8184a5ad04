// Changing an open review: members vote, the chair seats members and records
// the decision. Part of the reviews API (re-exported there). Every rule —
// who may act, whether the review is still open, whether the member sits
// already, whether the member has voted — is checked inside the write
// transaction on rows read there: another server process may have voted,
// seated or decided a moment before. A decided review refuses with 409,
// naming the decision, and the database's unique indexes and triggers
// (0008_reviews.sql) hold whatever a request might still get wrong.
import { and, asc, eq } from 'drizzle-orm';
import { record, recordAll, type AuditEntry } from '../audit';
import { checkConditions, insertConditions } from '../conditions';
import { write, type Tx } from '../db/index';
import { review, reviewCandidate, reviewMember, reviewVote, user } from '../db/schema';
import { LIMITS, problemsError, ReviewError, text } from './rules';
import { get, mayRead, OUTCOMES, type Outcome, type ReviewActor, type ReviewDetail } from './reviews';

/** The same refusal whether the review does not exist or the viewer may not see it. */
const notFound = () => new ReviewError('reviewId', 'There is no such review.', 404);

const minute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

function isOutcome(value: unknown): value is Outcome {
	return (OUTCOMES as readonly unknown[]).includes(value);
}

// What every change is checked against, read on its own rather than as the
// whole review (candidates' figures, votes, questionnaires): a committee
// casts a vote per member per candidate. Read inside the write transaction.

function reviewRow(tx: Tx, reviewId: number) {
	return tx.select({ status: review.status, createdBy: review.createdBy, decidedBy: review.decidedBy, decidedAt: review.decidedAt }).from(review).where(eq(review.id, reviewId)).get();
}

function seatOf(tx: Tx, reviewId: number, userId: number) {
	return tx
		.select({ addedAt: reviewMember.addedAt })
		.from(reviewMember)
		.where(and(eq(reviewMember.reviewId, reviewId), eq(reviewMember.userId, userId)))
		.get();
}

function candidateOf(tx: Tx, reviewId: number, candidateId: number) {
	return tx
		.select({ platformName: reviewCandidate.platformName })
		.from(reviewCandidate)
		.where(and(eq(reviewCandidate.id, candidateId), eq(reviewCandidate.reviewId, reviewId)))
		.get();
}

function voteOf(tx: Tx, reviewId: number, candidateId: number, userId: number) {
	return tx
		.select({ id: reviewVote.id, outcome: reviewVote.outcome, rationale: reviewVote.rationale })
		.from(reviewVote)
		.where(and(eq(reviewVote.reviewId, reviewId), eq(reviewVote.candidateId, candidateId), eq(reviewVote.userId, userId)))
		.get();
}

type ReviewRow = NonNullable<ReturnType<typeof reviewRow>>;

/** The review as the actor may see it, read under the lock, and whether the actor sits on it. */
function visible(tx: Tx, actor: ReviewActor, reviewId: number): { row: ReviewRow; isMember: boolean } {
	const row = reviewRow(tx, reviewId);
	const isMember = seatOf(tx, reviewId, actor.id) !== undefined;
	if (!row || !mayRead(actor, row.createdBy, isMember)) throw notFound();
	return { row, isMember };
}

/** A decided review never changes again; the refusal says what was decided, by whom and when. */
function refuseIfDecided(tx: Tx, reviewId: number, row: ReviewRow): void {
	if (row.status === 'open') return;
	const who = row.decidedBy === null ? undefined : tx.select({ name: user.name }).from(user).where(eq(user.id, row.decidedBy)).get()?.name;
	const outcomes = tx
		.select({ platform: reviewCandidate.platformName, decision: reviewCandidate.decision })
		.from(reviewCandidate)
		.where(eq(reviewCandidate.reviewId, reviewId))
		.orderBy(asc(reviewCandidate.position))
		.all()
		.map((c) => `${c.platform} ${c.decision}`)
		.join(', ');
	const when = row.decidedAt === null ? '' : ` on ${minute(row.decidedAt)}`;
	throw new ReviewError('status', `${who ?? 'Someone'} recorded the decision${when}: ${outcomes}. This review can no longer change; nothing was changed.`, 409);
}

/** The chair (who opened the review) or an admin. */
const isChair = (actor: ReviewActor, row: ReviewRow) => actor.role === 'admin' || actor.id === row.createdBy;

/**
 * A member's vote on one candidate. Voting again while the review is open
 * replaces the member's own vote — also when two of their requests cross:
 * the later one is the vote, and each change is audited from the vote it
 * replaced. There is one vote per member per candidate (unique index).
 */
export function vote(actor: ReviewActor, reviewId: number, candidateId: number, outcome: Outcome, rationale: string): void {
	write(actor, (tx) => {
		const { row, isMember } = visible(tx, actor, reviewId);
		if (!isMember) throw new ReviewError('member', 'Only the committee’s members vote on this review.', 403);
		refuseIfDecided(tx, reviewId, row);
		const candidate = candidateOf(tx, reviewId, candidateId);
		if (!candidate) throw new ReviewError('candidateId', 'That candidate is not part of this review.');
		if (!isOutcome(outcome)) throw new ReviewError('outcome', 'Vote approve, conditional or reject.');
		const why = text('rationale', rationale, LIMITS.vote, 'Give the reason for your vote.', 'A rationale');
		const before = voteOf(tx, reviewId, candidateId, actor.id);
		if (before?.outcome === outcome && before.rationale === why) return;
		const now = Date.now();
		if (before) tx.update(reviewVote).set({ outcome, rationale: why, updatedAt: now }).where(eq(reviewVote.id, before.id)).run();
		else tx.insert(reviewVote).values({ reviewId, candidateId, userId: actor.id, outcome, rationale: why, createdAt: now, updatedAt: now }).run();
		tx.update(review).set({ updatedAt: now }).where(eq(review.id, reviewId)).run();
		record(tx, actor, {
			action: 'review.vote',
			entityType: 'review',
			entityId: reviewId,
			details: { candidateId, platform: candidate.platformName, from: before ? { outcome: before.outcome, rationale: before.rationale } : null, to: { outcome, rationale: why } }
		});
	});
}

/**
 * The chair's decision: an outcome for every candidate and the reason, and
 * for each candidate approved with conditions, its conditions (at least one:
 * a condition nobody wrote down is one nobody follows). A review is decided
 * once: a second decision, even one that crossed the first, is refused with
 * 409 naming the first. The candidates' decisions are written first: once
 * the review is decided, the triggers refuse any change.
 */
export function decide(
	actor: ReviewActor,
	reviewId: number,
	decisions: Record<number, Outcome>,
	rationale: string,
	options: { now?: number; conditions?: Record<number, unknown[]> } = {}
): ReviewDetail {
	write(actor, (tx) => {
		const { row } = visible(tx, actor, reviewId);
		if (!isChair(actor, row)) throw new ReviewError('chair', 'Only the chair (who opened the review) or an admin records the decision.', 403);
		refuseIfDecided(tx, reviewId, row);
		const candidates = tx
			.select({ id: reviewCandidate.id, platformId: reviewCandidate.platformId, platform: reviewCandidate.platformName, assessmentId: reviewCandidate.assessmentId, resultSha256: reviewCandidate.resultSha256 })
			.from(reviewCandidate)
			.where(eq(reviewCandidate.reviewId, reviewId))
			.orderBy(asc(reviewCandidate.position))
			.all();
		const problems: Record<string, string> = {};
		for (const c of candidates) {
			if (!isOutcome(decisions?.[c.id])) problems[c.id] = `Choose approve, conditional or reject for ${c.platform}.`;
		}
		for (const key of Object.keys(decisions ?? {})) {
			if (!candidates.some((c) => String(c.id) === key)) problems[key] = `Candidate ${key} is not part of this review.`;
		}
		if (Object.keys(problems).length) throw problemsError('decisions', problems, (n) => `${n} candidates need a decision; nothing was saved.`);
		const why = text('rationale', rationale, LIMITS.decision, 'Give the rationale for the decision.', 'The rationale');
		const now = options.now ?? Date.now();
		const conditions = new Map<number, ReturnType<typeof checkConditions>['inputs']>();
		for (const c of candidates) {
			const given = options.conditions?.[c.id] ?? [];
			if (decisions[c.id] !== 'conditional') {
				if (given.length) problems[`conditions.${c.id}`] = `${c.platform} is not approved with conditions: remove its conditions, or choose approve with conditions.`;
				continue;
			}
			const checked = checkConditions(tx, { candidateId: c.id, platformId: c.platformId, platformName: c.platform, conditions: given }, now);
			Object.assign(problems, checked.problems);
			conditions.set(c.id, checked.inputs);
		}
		if (Object.keys(problems).length) throw problemsError(Object.keys(problems)[0], problems, (n) => `${n} conditions need attention; nothing was saved.`);
		for (const c of candidates) {
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
				decisions: candidates.map((c) => ({ candidateId: c.id, platform: c.platform, assessmentId: c.assessmentId, resultSha256: c.resultSha256, decision: decisions[c.id] }))
			}
		});
		const created: AuditEntry[] = candidates.flatMap((c) => insertConditions(tx, actor, reviewId, c.platformId, conditions.get(c.id) ?? [], now));
		recordAll(tx, actor, created);
	});
	return get(actor, reviewId)!;
}

/**
 * Seat another user on an open review's committee. Someone who sits already
 * (seated by a request that crossed this one, or listed on a stale page) is
 * refused with 409 saying since when; the member is seated once (primary key).
 */
export function addMember(actor: ReviewActor, reviewId: number, userId: number): ReviewDetail {
	write(actor, (tx) => {
		const { row } = visible(tx, actor, reviewId);
		if (!isChair(actor, row)) throw new ReviewError('chair', 'Only the chair (who opened the review) or an admin adds members.', 403);
		refuseIfDecided(tx, reviewId, row);
		const target = Number.isSafeInteger(userId) ? tx.select({ id: user.id, name: user.name, disabled: user.disabled }).from(user).where(eq(user.id, userId)).get() : undefined;
		if (!target) throw new ReviewError('userId', 'There is no such user.');
		const seat = seatOf(tx, reviewId, userId);
		if (seat) throw new ReviewError('userId', `${target.name} is a member already (seated ${minute(seat.addedAt)}); nothing was changed.`, 409);
		if (target.disabled) throw new ReviewError('userId', `${target.name}’s account is disabled: they cannot sit on the committee.`);
		const now = Date.now();
		tx.insert(reviewMember).values({ reviewId, userId, addedAt: now }).run();
		tx.update(review).set({ updatedAt: now }).where(eq(review.id, reviewId)).run();
		record(tx, actor, { action: 'review.add_member', entityType: 'review', entityId: reviewId, details: { userId, name: target.name } });
	});
	return get(actor, reviewId)!;
}
