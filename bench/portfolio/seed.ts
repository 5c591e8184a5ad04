// Seeds the benchmark's portfolio through the same data modules the app
// writes with (validation, scoring snapshots, audit chain and all), so the
// seed time measures the real write path, and the pages then read data
// shaped like an allocator's: years of reassessments, self-assessments at
// every stage, and committee reviews open and decided.
import type { Actor } from '../../src/lib/server/audit';
import * as assessments from '../../src/lib/server/assessments';
import { write } from '../../src/lib/server/db/index';
import { seedHistories } from '../../src/lib/server/demo/portfolio';
import { answerAndSubmit, invite, verify } from '../../src/lib/server/demo/self-assessments';
import type { PlatformProfile } from '../../src/lib/server/demo/profiles';
import * as reviews from '../../src/lib/server/reviews';
import * as templates from '../../src/lib/server/templates';
import * as users from '../../src/lib/server/auth/users';
import { Random } from '../../src/lib/scoring/prng';
import { benchProfiles } from './profiles';

export interface PortfolioSize {
	platforms: number;
	/** Final analyst assessments, spread over the platforms. */
	finals: number;
	selfAssessments: number;
	reviews: number;
}

export const FULL_SIZE: PortfolioSize = { platforms: 1_000, finals: 5_000, selfAssessments: 200, reviews: 50 };

export interface SeededPortfolio {
	platformIds: number[];
	analyst: { email: string; password: string };
	committee: { email: string; password: string };
	/** Milliseconds per phase. */
	timings: { platformsAndFinals: number; selfAssessments: number; reviews: number; total: number };
	counts: { platforms: number; finals: number; selfAssessments: Record<'open' | 'submitted' | 'verifying' | 'final', number>; reviews: Record<'open' | 'decided', number> };
}

/** A password the policy accepts; the bench database lives for one run only. */
const PASSWORD = 'bench portfolio passphrase 2026';
const DAY = 86_400_000;
/** Platforms per transaction while seeding their histories. */
const BATCH = 50;

export async function seedBenchPortfolio(size: PortfolioSize, now = Date.now()): Promise<SeededPortfolio> {
	const started = performance.now();
	const published = templates.latestPublished('ci-dd');
	if (!published) throw new Error('The ci-dd questionnaire is not installed; run migrations first.');
	const cli: Actor = { id: null, label: 'bench' };
	const analyst = await users.create(cli, { email: 'analyst@bench.example', name: 'Bench Analyst', role: 'analyst', password: PASSWORD });
	const committee = await Promise.all(
		['a', 'b', 'c', 'd'].map((s) => users.create(cli, { email: `committee-${s}@bench.example`, name: `Committee ${s.toUpperCase()}`, role: 'committee', password: PASSWORD }))
	);
	const actor: Actor = { id: analyst.id, label: analyst.email };
	// Four eyes: a second analyst finalises what the first submitted.
	const reviewer = await users.create(cli, { email: 'reviewer@bench.example', name: 'Bench Reviewer', role: 'analyst', password: PASSWORD });
	const finaliser: Actor = { id: reviewer.id, label: reviewer.email };

	const profiles = benchProfiles(size.platforms, size.finals);
	const t0 = performance.now();
	// Committed a batch of platforms at a time, as a bulk import would: every
	// change still goes through the data modules, each in its own savepoint.
	const created: Array<{ id: number; profile: PlatformProfile }> = [];
	let finals = 0;
	for (let i = 0; i < profiles.length; i += BATCH) {
		const batch = write(() => seedHistories(actor, profiles.slice(i, i + BATCH), { version: published.doc.version, assessorId: analyst.id, now, finaliser }));
		created.push(...batch.created);
		finals += batch.assessments;
	}
	const t1 = performance.now();
	const selfCounts = seedSelfAssessments(actor, created.slice(0, size.selfAssessments), now);
	const t2 = performance.now();
	const reviewCounts = seedReviews({ id: analyst.id, label: analyst.email, role: 'analyst' }, created.map((c) => c.id), committee.map((c) => c.id), size.reviews, now);
	const t3 = performance.now();
	return {
		platformIds: created.map((c) => c.id),
		analyst: { email: analyst.email, password: PASSWORD },
		committee: { email: committee[0].email, password: PASSWORD },
		timings: { platformsAndFinals: t1 - t0, selfAssessments: t2 - t1, reviews: t3 - t2, total: t3 - started },
		counts: { platforms: created.length, finals, selfAssessments: selfCounts, reviews: reviewCounts }
	};
}

/**
 * Self-assessments at every stage, a quarter each: an invitation not yet
 * answered, answered and submitted, half verified, and verified and final.
 */
function seedSelfAssessments(actor: Actor, platforms: Array<{ id: number; profile: PlatformProfile }>, now: number) {
	const counts = { open: 0, submitted: 0, verifying: 0, final: 0 };
	const seedOne = ({ id, profile }: { id: number; profile: PlatformProfile }, i: number) => {
		const created = invite(actor, id, profile, 'Please complete the counterintelligence questionnaire ahead of the annual review.');
		const stage = i % 4;
		if (stage === 0) {
			counts.open++;
			return;
		}
		const done = answerAndSubmit(id, profile, created, now);
		if (stage === 1) {
			counts.submitted++;
		} else if (stage === 2) {
			verify(actor, done.id, done.truth, (qid) => qid.startsWith('governance.') || qid.startsWith('hiring.') || qid.startsWith('insider.'));
			counts.verifying++;
		} else {
			verify(actor, done.id, done.truth);
			assessments.finalize(actor, done.id, { now });
			counts.final++;
		}
	};
	// Committed a batch at a time, like the histories.
	for (let i = 0; i < platforms.length; i += BATCH) write(() => platforms.slice(i, i + BATCH).forEach((p, k) => seedOne(p, i + k)));
	return counts;
}

const OUTCOMES = ['approve', 'conditional', 'reject'] as const;

/**
 * Reviews of 3–8 candidates each, every member voting; the older three in
 * five decided. Each review commits with its votes and decision, as a batch.
 */
function seedReviews(chair: reviews.ReviewActor, platformIds: number[], memberIds: number[], count: number, now: number) {
	const rng = new Random(2027);
	const counts = { open: 0, decided: 0 };
	for (let i = 0; i < count; i++) write(() => seedOne(i));
	return counts;

	function seedOne(i: number) {
		const size = 3 + Math.floor(rng.uniform() * 6);
		const candidates = new Set<number>();
		while (candidates.size < size) candidates.add(platformIds[Math.floor(rng.uniform() * platformIds.length)]);
		const created = reviews.create(
			chair,
			{
				title: `Allocation review ${i + 1}`,
				mandate: `Choose up to two of ${size} candidates for a USD ${10 + (i % 9) * 5}M allocation; a knock-out on hiring or keys disqualifies unless remediated.`,
				candidates: [...candidates].map((platformId) => ({ platformId })),
				members: memberIds
			},
			{ now: now - (count - i) * 7 * DAY }
		);
		for (const memberId of memberIds) {
			const member = { id: memberId, label: `member ${memberId}`, role: 'committee' as const };
			for (const c of created.candidates) {
				reviews.vote(member, created.id, c.id, OUTCOMES[Math.floor(rng.uniform() * 3)], 'Reasoning recorded for the benchmark.');
			}
		}
		if (i < (count * 3) / 5) {
			const decisions = Object.fromEntries(created.candidates.map((c, k) => [c.id, k === 0 ? 'approve' : k === 1 ? 'conditional' : 'reject'] as const));
			reviews.decide(chair, created.id, decisions, 'Decided on the memo and the votes.', { now: now - (count - i) * 6 * DAY });
			counts.decided++;
		} else {
			counts.open++;
		}
	}
}
