// What a finalised assessment proposes as findings: every triggered
// knock-out, and every weak answer (severity.ts) on a question without one.
// Pure, so the rule is tested on fixtures and the finalise only inserts.
import type { ExplainResult, Template } from '../scoring/types';
import { isWeakAnswer, knockoutSeverity, weakAnswerSeverity, WEAK_ANSWER } from './severity';
import type { FindingSeverity } from './vocabulary';

export interface Proposal {
	questionId: string;
	severity: FindingSeverity;
	title: string;
	detail: string;
}

/** Longest title kept from a question's prompt. */
export const TITLE_MAX = 120;

/** A question's prompt as a title: cut at a word before TITLE_MAX, with an ellipsis when cut. */
export function titleFrom(prompt: string): string {
	const text = prompt.replace(/\s+/g, ' ').trim();
	if (text.length <= TITLE_MAX) return text;
	const cut = text.slice(0, TITLE_MAX - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}

const r2 = (r: number) => (Math.round(r * 100) / 100).toString();

/**
 * The proposals, in the template's question order. A question both knocked
 * out and weak is proposed once, as the knock-out (the harsher reading).
 */
export function proposalsFor(template: Template, explained: ExplainResult): Proposal[] {
	const knockouts = new Map(explained.knockouts.map((k) => [k.question, k]));
	const rs = new Map(explained.sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
	const out: Proposal[] = [];
	for (const section of template.sections) {
		for (const q of section.questions) {
			const title = titleFrom(q.prompt ?? q.id);
			const knockout = knockouts.get(q.id);
			if (knockout && q.critical) {
				const answer = knockout.reason === 'unanswered' ? 'it was not answered' : `the answer scores ${r2(rs.get(q.id)?.r ?? 0)} of 1, below the knock-out minimum of ${r2(q.critical.minScore)}`;
				out.push({
					questionId: q.id,
					severity: knockoutSeverity(knockout.capGrade, template.grades),
					title,
					detail: `Knock-out: ${answer}, so the grade is capped at ${knockout.capGrade}.`
				});
				continue;
			}
			const explainedQ = rs.get(q.id);
			if (explainedQ && isWeakAnswer(explainedQ.r, explainedQ.weight)) {
				out.push({
					questionId: q.id,
					severity: weakAnswerSeverity(explainedQ.weight),
					title,
					detail: `Weak answer: it scores ${r2(explainedQ.r!)} of 1 (below ${WEAK_ANSWER.below}) on a question of weight ${explainedQ.weight}.`
				});
			}
		}
	}
	return out;
}
