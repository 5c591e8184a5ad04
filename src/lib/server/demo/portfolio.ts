// The demo portfolio: eight fictional platforms with final assessments on
// ci-dd spread over the last two and a half years, so every page has something
// true to show. Written through the data modules, like any analyst's work, and
// the same on every run. Work of the last year is on the latest version; older
// final assessments stay on 1.0.0, as they would have been done, so trends and
// compare show history across two versions.
import { isAnswered } from '../../assessments/answer-input';
import { assuranceProblem } from '../../assessments/evidence-rules';
import type { Actor } from '../audit';
import * as assessments from '../assessments';
import { addLinks } from '../evidence';
import { generateAnswers, seedOf, type AssessmentContext, type GeneratedAnswer } from './answers';
import { maturityOf, PROFILES, type PlannedAssessment, type PlatformProfile } from './profiles';
import { seedSelfAssessments } from './self-assessments';
import * as platforms from '../platforms';
import * as templates from '../templates';
import { Random } from '../../scoring/prng';

const TEMPLATE_KEY = 'ci-dd';
/** The version older history was assessed on, and how old (in months) a final assessment must be to be on it. */
const HISTORY = { version: '1.0.0', monthsAgo: 12 };
const DAY = 86_400_000;
const MONTH = 30.44 * DAY;

export interface SeedPortfolioOptions {
	analystId: number | null;
	analystLabel: string;
	/** Four eyes: who finalises what the analyst submitted (another analyst or an admin); without one, the seeding actor (fine for the CLI, which is no person). */
	finaliser?: Actor;
	/** "Today" for the dates; the answers do not depend on it. */
	now?: number;
	/** Also seed self-assessments (verified, in verification, and an open invitation). */
	selfAssessments?: boolean;
}

/** Seed the portfolio into an empty one; does nothing when any platform exists. */
export async function seedPortfolio(options: SeedPortfolioOptions): Promise<{ platforms: number; assessments: number; openLinkPath?: string }> {
	if (platforms.list({ pageSize: 1 }).total > 0) return { platforms: 0, assessments: 0 };
	const published = templates.latestPublished(TEMPLATE_KEY);
	if (!published) throw new Error(`The ${TEMPLATE_KEY} questionnaire is not installed; run migrations first.`);
	const actor: Actor = { id: options.analystId, label: options.analystLabel };
	const now = options.now ?? Date.now();
	const history = templates.getVersion(TEMPLATE_KEY, HISTORY.version) ? HISTORY.version : published.doc.version;
	const versionOf = (plan: PlannedAssessment) => (plan.state === 'final' && plan.monthsAgo > HISTORY.monthsAgo ? history : published.doc.version);
	const { created, assessments: count } = seedHistories(actor, PROFILES, { version: versionOf, assessorId: options.analystId, now, finaliser: options.finaliser ?? actor });
	if (!options.selfAssessments) return { platforms: PROFILES.length, assessments: count };
	const self = seedSelfAssessments(actor, created, now);
	return { platforms: PROFILES.length, assessments: count, openLinkPath: self.openLinkPath };
}

/**
 * Create each profile's platform and its planned assessments, answered from
 * the profile and carried to their planned state. Shared with the portfolio
 * benchmark, which feeds it a thousand generated profiles.
 */
export function seedHistories(
	actor: Actor,
	profiles: PlatformProfile[],
	/** `version`: one for every assessment, or the version each planned one is on. */
	options: { version: string | ((plan: PlannedAssessment) => string); assessorId: number | null; now: number; finaliser: Actor }
): { created: Array<{ id: number; profile: PlatformProfile }>; assessments: number } {
	const { now } = options;
	const texts = new Set<string>();
	const uses = new Map<string, number>();
	let count = 0;
	const created: Array<{ id: number; profile: PlatformProfile }> = [];
	for (const profile of profiles) {
		const { id: platformId } = platforms.create(actor, profile.platform);
		created.push({ id: platformId, profile });
		const memory = { platform: new Set<string>(), uses, texts };
		let previous: AssessmentContext['previous'] = null;
		for (const [i, plan] of profile.assessments.entries()) {
			const rng = new Random(seedOf(profile.short, 'assessment', String(i)));
			const noteRng = new Random(seedOf(profile.short, 'notes', String(i)));
			// A final one is dated by when it was finalised; the work started a few weeks before.
			const at = now - plan.monthsAgo * MONTH;
			const createdAt = plan.state === 'final' ? at - (20 + Math.floor(rng.uniform() * 25)) * DAY : at;
			const detail = assessments.create(
				actor,
				{
					platformId,
					templateKey: TEMPLATE_KEY,
					templateVersion: typeof options.version === 'string' ? options.version : options.version(plan),
					assessorIds: options.assessorId === null ? [] : [options.assessorId],
					dueDate: isoDate(createdAt + 42 * DAY)
				},
				{ now: createdAt }
			);
			const id = detail.assessment.id;
			const answers = generateAnswers(detail.template.doc, { profile, plan, level: levelAt(profile, plan), at, previous, rng, noteRng, memory });
			// The evidence goes in first: an answer is "evidenced" only with evidence attached.
			addLinks(actor, id, evidenceFor(detail.template.doc, profile.short, i, answers));
			const saved = assessments.saveAnswers(
				actor,
				id,
				answers.map((a) => ({ questionId: a.questionId, input: a.input, expectedVersion: 0 })), { as: 'staff' }
			);
			if (Object.keys(saved.errors).length || saved.conflicts.length) {
				throw new Error(`Demo answers for ${profile.platform.name} were refused: ${JSON.stringify(saved.errors)}`);
			}
			if (plan.state !== 'draft') assessments.submit(actor, id, { as: 'staff' });
			if (plan.state === 'final') assessments.finalize(options.finaliser, id, { now: at });
			previous = { at, r: new Map(answers.flatMap((a) => (a.r === null ? [] : [[a.questionId, a.r] as const]))) };
			count++;
		}
	}
	return { created, assessments: count };
}

/**
 * A link for every answer that needs one: an evidence-required question
 * answered, or an answer whose assurance rests on evidence. One evidence
 * pack per assessment, a page per question, as a data room would hold them.
 */
function evidenceFor(doc: ReturnType<typeof assessments.mustGet>['template']['doc'], short: string, index: number, answers: GeneratedAnswer[]) {
	const required = new Set(doc.sections.flatMap((s) => s.questions.filter((q) => q.evidence === 'required').map((q) => q.id)));
	const slug = short.toLowerCase().replace(/[^a-z0-9]+/g, '-');
	return answers
		.filter((a) => (required.has(a.questionId) && isAnswered(a.input)) || assuranceProblem(a.input, 0) !== null)
		.map((a) => ({ questionId: a.questionId, url: `https://dataroom.${slug}.example/assessment-${index + 1}/${a.questionId}`, label: 'Data room document' }));
}

/** Section maturity at one assessment: the profile's latest level, moved back along its trajectory. */
function levelAt(profile: PlatformProfile, plan: PlannedAssessment): (sectionId: string) => number {
	const shift = trajectoryShift(profile, plan.monthsAgo);
	return (sectionId) => Math.min(1, Math.max(0, maturityOf(profile, sectionId) + shift));
}

function trajectoryShift(profile: PlatformProfile, monthsAgo: number): number {
	const t = profile.trajectory;
	switch (t.kind) {
		case 'improving': {
			const latest = Math.min(...profile.assessments.map((a) => a.monthsAgo));
			return (-t.perYear * (monthsAgo - latest)) / 12;
		}
		case 'declining':
			return monthsAgo > t.incidentMonthsAgo ? t.drop : 0;
		case 'flat':
			return 0;
	}
}

function isoDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}
