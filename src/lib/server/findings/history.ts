// A finding's history: one row per step, appended in the transaction that
// takes the step, so the history and the finding never disagree. Staff,
// a platform's respondent (through a remediation request) and Clearance
// itself (a proposal, an acceptance running out) all write it the same way.
import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/index';
import { findingEvent, type FindingEvent } from '../db/schema';
import type { FindingActorKind, FindingEventKind, FindingStatus } from '../../findings/vocabulary';

export interface FindingStep {
	findingId: number;
	kind: FindingEventKind;
	/** Who took the step: a user's id, a respondent's request, or Clearance itself. */
	by: { kind: 'user'; id: number } | { kind: 'respondent'; requestId: number } | { kind: 'system' };
	from?: FindingStatus | null;
	to?: FindingStatus | null;
	note?: string | null;
	/** Kept as JSON: what an edit changed, which findings a merge folded in… */
	details?: Record<string, unknown> | null;
	at: number;
}

export function recordStep(tx: Tx, step: FindingStep): void {
	const actorKind: FindingActorKind = step.by.kind;
	tx.insert(findingEvent)
		.values({
			findingId: step.findingId,
			at: step.at,
			kind: step.kind,
			actorKind,
			actorId: step.by.kind === 'user' ? step.by.id : null,
			remediationRequestId: step.by.kind === 'respondent' ? step.by.requestId : null,
			fromStatus: step.from ?? null,
			toStatus: step.to ?? null,
			note: step.note ?? null,
			details: step.details ? JSON.stringify(step.details) : null
		})
		.run();
}

/** A finding's history, oldest first. */
export function history(tx: Pick<Tx, 'select'>, findingId: number): FindingEvent[] {
	return tx.select().from(findingEvent).where(eq(findingEvent.findingId, findingId)).orderBy(asc(findingEvent.at), asc(findingEvent.id)).all();
}
