// Self-assessments for the demo: one verified and final (its trust gap on
// show), one submitted and half verified, and one invitation still open, whose
// link the demo prints so a visitor can try the respondent's side too.
// The platform's claims are drawn a notch above what the analyst then finds.
import { describeAnswer } from '../../assessments/describe';
import { Random } from '../../scoring/prng';
import type { Actor } from '../audit';
import * as assessments from '../assessments';
import { acceptNeedsEvidence } from '../../assessments/evidence-rules';
import { waiveEvidence } from '../evidence';
import * as invitations from '../invitations';
import * as verification from '../assessments';
import { generateAnswers, seedOf, type GeneratedAnswer } from './answers';
import { maturityOf, type PlannedAssessment, type PlatformProfile } from './profiles';

/** How much rosier a platform paints itself than the evidence shows. */
const OPTIMISM = 0.15;

export interface SeededSelfAssessments {
	/** The path of the open invitation's link (/invite/…): shown once, by the demo. */
	openLinkPath: string;
}

function answersAt(doc: Parameters<typeof generateAnswers>[0], profile: PlatformProfile, plan: PlannedAssessment, shift: number, stream: string, now: number): GeneratedAnswer[] {
	return generateAnswers(doc, {
		profile,
		plan,
		level: (s) => Math.min(1, Math.max(0, maturityOf(profile, s) + shift)),
		at: now,
		previous: null,
		// One stream for claims and truth alike: they then differ where the optimism tips an answer, not by chance.
		rng: new Random(seedOf(profile.short, 'self')),
		noteRng: new Random(seedOf(profile.short, 'self-notes', stream)),
		memory: { platform: new Set(), uses: new Map(), texts: new Set() }
	});
}

export function invite(actor: Actor, platformId: number, profile: PlatformProfile, message: string) {
	const contact = profile.people.security.split(' (')[0];
	return invitations.invite(actor, {
		platformId,
		templateKey: 'ci-dd',
		respondentName: contact,
		respondentEmail: `${contact.toLowerCase().replace(/[^a-z]+/g, '.')}@${profile.short.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
		message,
		expiresInDays: 14
	});
}

/** The platform answers (rosier than the truth) and submits, as its respondent would. */
export function answerAndSubmit(platformId: number, profile: PlatformProfile, created: ReturnType<typeof invite>, now: number) {
	const detail = assessments.mustGet(created.invitation.assessmentId);
	const latest = profile.assessments.at(-1)!;
	// The claims pass every knock-out; the truth fails those the latest review found.
	const claims = answersAt(detail.template.doc, profile, { ...latest, coverage: 1, knockouts: [] }, OPTIMISM, 'claims', now);
	const truth = answersAt(detail.template.doc, profile, { ...latest, coverage: 1 }, 0, 'truth', now);
	const respondent = invitations.respondentActor(created.invitation);
	assessments.saveAnswers(
		respondent,
		detail.assessment.id,
		claims.map((a) => ({ questionId: a.questionId, input: { ...a.input, assurance: 'claimed' }, expectedVersion: 0 })), { as: 'respondent' }
	);
	invitations.submit({ sessionId: '', invitation: created.invitation, status: invitations.statusOf(created.invitation) });
	return { id: detail.assessment.id, truth: new Map(truth.map((a) => [a.questionId, a])) };
}

/** Accept what the evidence bears out; adjust, with a reason, what it does not. */
export function verify(actor: Actor, id: number, truth: Map<string, GeneratedAnswer>, only?: (questionId: string) => boolean) {
	const detail = assessments.mustGet(id);
	const decisions: Parameters<typeof verification.decideAll>[2] = [];
	for (const q of detail.template.doc.sections.flatMap((s) => s.questions)) {
		const claim = detail.answers[q.id];
		if (!claim || (claim.value === null && !claim.na) || (only && !only(q.id))) continue;
		const t = truth.get(q.id);
		const same = !t || q.type === 'text' || (t.input.na === claim.na && JSON.stringify(t.input.value) === JSON.stringify(claim.value));
		if (same) {
			// The platform attached no files: what the analyst saw stands in for them, and says so.
			if (acceptNeedsEvidence(q, detail)) waiveEvidence(actor, id, q.id, 'Seen on screen during the walkthrough; the platform would not release copies under its NDA.');
			decisions.push({ questionId: q.id, input: { decision: 'accepted' } });
			continue;
		}
		const claimed = describeAnswer(q, claim);
		const found = describeAnswer(q, { value: t.input.value, na: t.input.na });
		decisions.push({
			questionId: q.id,
			input: {
				decision: 'adjusted',
				value: t.input.value,
				na: t.input.na,
				rationale: `The platform answered “${claimed}”; the documents and the walkthrough support “${found}”.`
			}
		});
	}
	// One check of the assessment and one write for the lot, as an analyst's session of decisions would leave it.
	verification.decideAll(actor, id, decisions);
}

export function seedSelfAssessments(actor: Actor, platforms: Array<{ id: number; profile: PlatformProfile }>, now: number): SeededSelfAssessments {
	const byName = (name: string) => platforms.find((p) => p.profile.platform.name === name)!;

	// Verified and final: the trust gap in full.
	const tessellate = byName('Tessellate Market Making');
	const done = answerAndSubmit(tessellate.id, tessellate.profile, invite(actor, tessellate.id, tessellate.profile, 'Ahead of the annual review, please complete our counterintelligence questionnaire.'), now);
	verify(actor, done.id, done.truth);
	assessments.finalize(actor, done.id, { now });

	// Submitted, part verified, one question waiting to be sent.
	const bastion = byName('Bastion Prime Brokerage');
	const half = answerAndSubmit(bastion.id, bastion.profile, invite(actor, bastion.id, bastion.profile, 'Please complete the questionnaire before onboarding.'), now);
	verify(actor, half.id, half.truth, (qid) => qid.startsWith('governance.') || qid.startsWith('hiring.'));
	verification.decide(actor, half.id, 'keys.keyholder-background', { decision: 'clarification', comment: 'Which of your key holders had their background checked in the last 12 months, and by which provider?' });

	// An open invitation: the visitor can play the platform.
	const fernhill = byName('Fernhill Restaking Protocol');
	const open = invite(actor, fernhill.id, fernhill.profile, 'Welcome! This is the demo’s open invitation: answer as the platform would, save, come back, submit.');
	return { openLinkPath: `/invite/${open.token}` };
}
