// Accepting a finding as a risk instead of fixing it: until an expiry date,
// with a rationale, by whom the severity allows (transitions.ts: mayAccept).
// The acceptor's role is read in the transaction, so a demotion that commits
// first decides; past the expiry the finding reads open (effectiveStatus)
// and the next write records that it reopened (findings.ts: lapse).
import { eq } from 'drizzle-orm';
import { addMonths, isDay } from '../../findings/dates';
import { MAX_ACCEPTANCE_MONTHS, mayAccept } from '../../findings/transitions';
import { dayOf } from '../../findings/vocabulary';
import { record, type Actor } from '../audit';
import { write } from '../db/index';
import { user, type Finding } from '../db/schema';
import { FindingConflict, FindingError, lapse, moveFinding, mustRead } from './findings';

export interface Acceptance {
	version: number;
	rationale: string;
	/** YYYY-MM-DD: the last day the acceptance holds. */
	expiresOn: string;
}

export function accept(actor: Actor & { id: number }, id: number, input: Acceptance, now = Date.now()): Finding {
	const rationale = input.rationale.trim();
	if (!rationale) throw new FindingError('rationale', 'Say why the risk is accepted: a rationale is required.');
	const today = dayOf(now);
	if (!isDay(input.expiresOn)) throw new FindingError('expiresOn', 'Enter the expiry date as YYYY-MM-DD.');
	if (input.expiresOn <= today) throw new FindingError('expiresOn', 'The expiry date must be after today.');
	const latest = addMonths(today, MAX_ACCEPTANCE_MONTHS);
	if (input.expiresOn > latest) throw new FindingError('expiresOn', `An acceptance runs at most ${MAX_ACCEPTANCE_MONTHS} months: choose ${latest} or earlier, and accept it again then if it still holds.`);
	return write((tx) => {
		const read = mustRead(tx, id);
		const row = lapse(tx, read, now);
		if (read.version !== input.version) throw new FindingConflict(row, null);
		// The role as it stands now, not as it stood when the request began.
		const who = tx.select({ role: user.role, disabled: user.disabled }).from(user).where(eq(user.id, actor.id)).get();
		if (!who || who.disabled) throw new FindingError('session', 'Your account is not active, so nothing was changed.', 409);
		if (!mayAccept(who.role, row.severity)) {
			const demoted = actor.acting?.kind === 'user' && actor.acting.role !== who.role;
			throw new FindingError(
				'severity',
				demoted
					? `Your role changed to ${who.role} before this was saved, and a ${row.severity} finding is accepted only by an admin, so nothing was changed.`
					: `A ${row.severity} finding is accepted as a risk only by an admin (or a committee decision); analysts accept low and medium ones.`,
				demoted ? 409 : 403
			);
		}
		const moved = moveFinding(tx, row, 'accepted', {
			kind: 'accepted',
			by: { kind: 'user', id: actor.id },
			note: rationale,
			details: { expiresOn: input.expiresOn },
			set: { acceptedBy: actor.id, acceptedAt: now, acceptanceRationale: rationale, acceptanceExpiresOn: input.expiresOn, acceptanceReviewId: null },
			at: now
		});
		record(tx, actor, { action: 'finding.accept', entityType: 'finding', entityId: id, details: { from: row.status, to: 'accepted', severity: row.severity, rationale, expiresOn: input.expiresOn } });
		return moved;
	});
}
