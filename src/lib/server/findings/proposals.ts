// Findings proposed when an assessment is finalised, inside the finalise
// transaction: the rule is pure (lib/findings/proposals.ts); this inserts
// one finding per proposal with its question and its `proposed` step.
import { and, eq } from 'drizzle-orm';
import { proposalsFor } from '../../findings/proposals';
import type { ExplainResult, Template } from '../../scoring/types';
import type { Tx } from '../db/index';
import { finding, findingQuestion } from '../db/schema';
import { recordStep } from './history';

export interface Finalised {
	assessmentId: number;
	platformId: number;
	template: Template;
	/** The figures the finalise stores, per question. */
	explained: ExplainResult;
	at: number;
}

/**
 * Propose the assessment's findings, unless it has proposals already (each
 * assessment proposes once: an amendment is a new assessment and proposes
 * its own). Returns the new findings' ids, for the finalise's audit entry.
 */
export function proposeAtFinalise(tx: Tx, done: Finalised): number[] {
	const already = tx
		.select({ id: finding.id })
		.from(finding)
		.where(and(eq(finding.assessmentId, done.assessmentId), eq(finding.origin, 'proposed')))
		.limit(1)
		.get();
	if (already) return [];
	const ids: number[] = [];
	for (const p of proposalsFor(done.template, done.explained)) {
		const { id } = tx
			.insert(finding)
			.values({
				platformId: done.platformId,
				assessmentId: done.assessmentId,
				title: p.title,
				detail: p.detail,
				severity: p.severity,
				status: 'proposed',
				origin: 'proposed',
				createdAt: done.at,
				updatedAt: done.at
			})
			.returning({ id: finding.id })
			.get();
		tx.insert(findingQuestion).values({ findingId: id, questionId: p.questionId }).run();
		recordStep(tx, { findingId: id, kind: 'proposed', by: { kind: 'system' }, to: 'proposed', details: { question: p.questionId }, at: done.at });
		ids.push(id);
	}
	return ids;
}
