// For tests about something else than evidence: give every evidence-required
// answer what finalising asks of it (a link on an analyst's assessment, a
// waiver on a platform's self-assessment, whose evidence only the platform adds).
import { evidenceGaps } from '../../src/lib/assessments/evidence-rules';
import type { Actor } from '../../src/lib/server/audit';
import * as assessments from '../../src/lib/server/assessments';
import { addLinks, waiveEvidence } from '../../src/lib/server/evidence';

export function supportEvidence(actor: Actor, id: number): void {
	const detail = assessments.mustGet(id);
	const gaps = evidenceGaps(detail);
	if (detail.assessment.origin === 'self') {
		for (const g of gaps) waiveEvidence(actor, id, g.questionId, 'Seen during the walkthrough.');
		return;
	}
	addLinks(actor, id, gaps.map((g) => ({ questionId: g.questionId, url: `https://evidence.example/${g.questionId}`, label: 'Test evidence' })));
}
