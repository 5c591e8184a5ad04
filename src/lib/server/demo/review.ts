// The demo's committee review: open, so a visitor signed in as the committee
// member can explore it, vote, and (as the analyst, its chair) decide.
import { eq } from 'drizzle-orm';
import { getDb } from '../db/index';
import { platform, review } from '../db/schema';
import * as reviews from '../reviews';
import type { ReviewActor } from '../reviews';

const SHORTLIST = ['Northwind Digital Exchange', 'Halcyon Custody', 'Tessellate Market Making'];

export function seedDemoReview(chair: ReviewActor, memberIds: number[]): number | null {
	const db = getDb();
	if (db.select({ id: review.id }).from(review).limit(1).get()) return null;
	const ids = SHORTLIST.map((name) => db.select({ id: platform.id }).from(platform).where(eq(platform.name, name)).get()?.id);
	if (ids.some((id) => id === undefined)) return null;
	const created = reviews.create(chair, {
		title: 'Custodian shortlist for the 2027 allocation',
		mandate: 'Choose at most one custodian for a USD 50M allocation. Approval may carry conditions; a knock-out on hiring or key management is disqualifying unless remediated before funding.',
		candidates: ids.map((platformId) => ({ platformId: platformId! })),
		members: memberIds
	});
	const first = created.candidates[0];
	reviews.vote(chair, created.id, first.id, 'approve', 'Strongest counterintelligence and hiring controls in the shortlist; evidence verified on site.');
	return created.id;
}
