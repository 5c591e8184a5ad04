// The demo's decided review: a market-making shortlist the committee approved
// with conditions, so the conditions can be seen where they live (the review,
// its memo, the platform page, the dashboard): one waits on a finding and is
// still open, the other was met and signed off by the chair.
import { eq } from 'drizzle-orm';
import { getDb, write } from '../db/index';
import { assessment, finding, platform, review } from '../db/schema';
import * as conditions from '../conditions';
import { recordStep } from '../findings';
import * as reviews from '../reviews';
import type { ReviewActor } from '../reviews';
import { DEFAULT_DUE_DAYS } from '../../findings/vocabulary';

const TITLE = 'Market-making partners for the Q1 2027 launch';
const SHORTLIST = ['Tessellate Market Making', 'Halcyon Custody'];
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A finding on Halcyon's latest final assessment, open and followed by the
 * chair, for the condition to wait on (the findings pages keep the rest of
 * the demo's findings). Its history starts as every finding's does.
 */
function demoFinding(chair: ReviewActor, platformId: number, now: number): number {
	return write((tx) => {
		const latest = tx.select({ id: assessment.id }).from(assessment).where(eq(assessment.platformId, platformId)).all().at(-1);
		const row = tx
			.insert(finding)
			.values({
				platformId,
				assessmentId: latest?.id ?? null,
				title: 'Key ceremony not witnessed by an independent party',
				detail: 'The 2026 key ceremony was run and recorded by custody staff only. Fix: an independent witness (auditor or counsel) at the next ceremony, with the signed script as evidence.',
				severity: 'high',
				status: 'open',
				origin: 'manual',
				ownerName: 'Imogen Hart',
				ownerEmail: 'imogen.hart@halcyon.example',
				internalOwnerId: chair.id,
				dueOn: dayOf(now + DEFAULT_DUE_DAYS.high * DAY),
				createdBy: chair.id,
				createdAt: now,
				updatedAt: now
			})
			.returning({ id: finding.id })
			.get();
		recordStep(tx, { findingId: row.id, kind: 'created', by: { kind: 'user', id: chair.id }, to: 'open', note: 'Raised in the committee’s discussion of the custody controls.', at: now });
		return row.id;
	});
}

export function seedDemoConditions(chair: ReviewActor, memberIds: number[], now = Date.now()): number | null {
	const db = getDb();
	if (db.select({ id: review.id }).from(review).where(eq(review.title, TITLE)).get()) return null;
	const ids = SHORTLIST.map((name) => db.select({ id: platform.id }).from(platform).where(eq(platform.name, name)).get()?.id);
	if (ids.some((id) => id === undefined)) return null;
	const [tessellate, halcyon] = ids as number[];
	const created = reviews.create(chair, {
		title: TITLE,
		mandate: 'Choose the market makers for the launch of the Q1 2027 token programme. Approval may carry conditions, each with a due date the chair follows.',
		candidates: ids.map((platformId) => ({ platformId: platformId! })),
		members: memberIds
	});
	const [first, second] = created.candidates;
	const byPlatform = new Map(created.candidates.map((c) => [c.platform.id, c.id]));
	reviews.vote(chair, created.id, first.id, 'approve', 'Deep books on the launch pairs and a clean operational record.');
	reviews.vote(chair, created.id, second.id, 'conditional', 'Sound custody, but the key ceremony needs an independent witness first.');
	const findingId = demoFinding(chair, halcyon, now);
	reviews.decide(
		chair,
		created.id,
		{ [byPlatform.get(tessellate)!]: 'approve', [byPlatform.get(halcyon)!]: 'conditional' },
		'Tessellate approved. Halcyon approved on two conditions: an independently witnessed key ceremony, and its updated insurance certificate before funding.',
		{
			now,
			conditions: {
				[byPlatform.get(halcyon)!]: [
					{ text: 'Hold the next key ceremony with an independent witness and send the signed script.', dueOn: dayOf(now + 45 * DAY), findingIds: [findingId] },
					{ text: 'Send the renewed crime and specie insurance certificate covering the allocation.', dueOn: dayOf(now + 14 * DAY), findingIds: [] }
				]
			}
		}
	);
	const insurance = conditions.forReview(created.id, now).find((c) => c.findings.length === 0)!;
	conditions.signOff(chair, created.id, { condition: insurance.id, version: insurance.version, note: 'Certificate received from the broker on renewal; cover is USD 75M per event.' }, { now });
	return created.id;
}
