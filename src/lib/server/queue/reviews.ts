// Committee queues: open reviews waiting for my vote, and open reviews I
// chair whose members have all voted on every candidate. Read-only.
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { getDb } from '../db/index';
import { review, reviewCandidate, reviewMember, reviewVote } from '../db/schema';
import { ago } from './time';
import type { WorkItem, Worker } from './types';

type Counts = Map<number, number>;

function countBy(rows: Array<{ id: number; n: number }>): Counts {
	return new Map(rows.map((r) => [r.id, r.n]));
}

/** Candidates, members and votes of each review, three grouped index reads. */
function tallies(ids: number[]) {
	const db = getDb();
	return {
		candidates: countBy(db.select({ id: reviewCandidate.reviewId, n: count() }).from(reviewCandidate).where(inArray(reviewCandidate.reviewId, ids)).groupBy(reviewCandidate.reviewId).all()),
		members: countBy(db.select({ id: reviewMember.reviewId, n: count() }).from(reviewMember).where(inArray(reviewMember.reviewId, ids)).groupBy(reviewMember.reviewId).all()),
		votes: countBy(db.select({ id: reviewVote.reviewId, n: count() }).from(reviewVote).where(inArray(reviewVote.reviewId, ids)).groupBy(reviewVote.reviewId).all())
	};
}

/** Open reviews I sit on where I have not voted on every candidate, oldest first. */
export function toVote(me: Worker, now: number): WorkItem[] {
	const db = getDb();
	const open = db
		.select({ id: review.id, title: review.title, createdAt: review.createdAt })
		.from(reviewMember)
		.innerJoin(review, eq(review.id, reviewMember.reviewId))
		.where(and(eq(reviewMember.userId, me.id), eq(review.status, 'open')))
		.orderBy(asc(review.createdAt), asc(review.id))
		.all();
	if (!open.length) return [];
	const ids = open.map((r) => r.id);
	const { candidates } = tallies(ids);
	const mine = countBy(
		db
			.select({ id: reviewVote.reviewId, n: count() })
			.from(reviewVote)
			.where(and(inArray(reviewVote.reviewId, ids), eq(reviewVote.userId, me.id)))
			.groupBy(reviewVote.reviewId)
			.all()
	);
	return open
		.filter((r) => (mine.get(r.id) ?? 0) < (candidates.get(r.id) ?? 0))
		.map((r) => {
			const total = candidates.get(r.id) ?? 0;
			const left = total - (mine.get(r.id) ?? 0);
			return {
				key: `r${r.id}`,
				href: `/reviews/${r.id}`,
				title: r.title,
				why: `${left === total ? 'no vote from you yet' : `your vote is missing on ${left} of ${total} candidates`}; opened ${ago(r.createdAt, now)}`,
				urgent: false
			};
		});
}

/** Open reviews I chair where every member has voted on every candidate: mine to decide. */
export function toDecide(me: Worker, now: number): WorkItem[] {
	const chaired = getDb()
		.select({ id: review.id, title: review.title, updatedAt: review.updatedAt })
		.from(review)
		.where(and(eq(review.createdBy, me.id), eq(review.status, 'open')))
		.orderBy(asc(review.createdAt), asc(review.id))
		.all();
	if (!chaired.length) return [];
	const { candidates, members, votes } = tallies(chaired.map((r) => r.id));
	return chaired
		.filter((r) => {
			const needed = (candidates.get(r.id) ?? 0) * (members.get(r.id) ?? 0);
			// A vote is unique per member and candidate, so the count says whether all are in.
			return needed > 0 && (votes.get(r.id) ?? 0) >= needed;
		})
		.map((r) => ({ key: `r${r.id}`, href: `/reviews/${r.id}`, title: r.title, why: `all ${members.get(r.id)} members have voted; ready for your decision`, urgent: false, at: r.updatedAt }))
		.map(({ at, ...item }) => ({ ...item, why: `${item.why} (last change ${ago(at, now)})` }));
}
