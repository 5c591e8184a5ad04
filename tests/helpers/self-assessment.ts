// A platform's self-assessment as the platform has it: a new platform, invited
// on a published template, its link opened. The session is read again on
// every call of ctx(), as the hook reads it at the start of each request.
import * as assessments from '../../src/lib/server/assessments';
import * as invitations from '../../src/lib/server/invitations';
import * as platforms from '../../src/lib/server/platforms';

type Actor = Parameters<typeof platforms.create>[0];

let n = 0;

export function openedSelfAssessment(by: Actor, templateKey: string) {
	const p = platforms.create(by, { name: `Self-assessed ${++n}`, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
	const { invitation, token } = invitations.invite(by, { platformId: p.id, templateKey, respondentName: 'Rita', respondentEmail: 'rita@platform.example', message: '', expiresInDays: 14 });
	// Each link opened from its own address: redeem limits attempts per address.
	const opened = invitations.redeem(token, `198.51.100.${n % 250}`);
	if (!opened.ok) throw new Error('The invitation link did not open.');
	const respondent = invitations.respondentActor(invitation);
	const ctx = () => invitations.validateRespondent(opened.sessionToken)!;
	/** The platform saves `value` as its claim, on whatever version is stored now. */
	const answer = (questionId: string, value: string | number) => {
		const version = assessments.get(invitation.assessmentId)!.answers[questionId]?.version ?? 0;
		assessments.saveAnswer(respondent, invitation.assessmentId, questionId, { value, na: false, assurance: 'claimed', note: '' }, version, { as: 'respondent' });
	};
	return { id: invitation.assessmentId, invitation, respondent, ctx, answer };
}
