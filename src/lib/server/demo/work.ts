// Work in progress for "My work", so each demo role lands on something to
// do: the admin has amended Kestrel Markets and submitted it, which waits for
// a second analyst (the demo analyst) to finalise; and the analyst's
// invitation to Lumen Wallet lapses in two days, unanswered.
import { and, desc, eq } from 'drizzle-orm';
import type { Actor } from '../audit';
import * as assessments from '../assessments';
import { getDb } from '../db/index';
import { assessment, platform } from '../db/schema';
import * as invitations from '../invitations';

function platformId(name: string): number | undefined {
	return getDb().select({ id: platform.id }).from(platform).where(eq(platform.name, name)).get()?.id;
}

export function seedDemoWork(admin: Actor, analyst: Actor): void {
	const kestrel = platformId('Kestrel Markets');
	const latest =
		kestrel === undefined
			? undefined
			: getDb()
					.select({ id: assessment.id })
					.from(assessment)
					.where(and(eq(assessment.platformId, kestrel), eq(assessment.state, 'final')))
					.orderBy(desc(assessment.finalizedAt), desc(assessment.id))
					.get();
	if (latest) {
		const amendment = assessments.amend(admin, latest.id);
		assessments.submit(admin, amendment.assessment.id, { as: 'staff' });
	}
	const lumen = platformId('Lumen Wallet');
	if (lumen !== undefined) {
		invitations.invite(analyst, {
			platformId: lumen,
			templateKey: 'ci-dd',
			respondentName: 'Priya Raman',
			respondentEmail: 'priya.raman@lumenwallet.example',
			message: 'A short refresh of last year’s questionnaire, please.',
			expiresInDays: 2
		});
	}
}
