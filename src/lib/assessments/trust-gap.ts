// The trust gap: how far a platform's self-assessment was from what the
// analyst verified. Positive means the platform claimed more than was
// verified. Scores compared are the plain `score` of each answer set, so
// assurance multipliers do not count as a gap in themselves.
import { explain } from '../scoring/explain';
import type { AnswerSet, CompiledTemplate, Template } from '../scoring/index';
import { own, type VerificationView } from './verified-answers';

export interface GapFigures {
	claimed: number | null;
	verified: number | null;
	/** claimed − verified; null when either side has no score. */
	gap: number | null;
}

export interface SectionGap extends GapFigures {
	id: string;
	title: string;
}

export interface Overclaim {
	question: string;
	section: string;
	prompt: string;
	capGrade: string;
	/** r of the claim (N/A counts as 1: it claimed the knock-out did not apply) and of the verified answer. */
	claimedR: number;
	verifiedR: number;
	/** Whether the verified answer triggers the knock-out. */
	triggers: boolean;
}

export interface TrustGap {
	overall: GapFigures & { claimedGrade: string | null; verifiedGrade: string | null };
	sections: SectionGap[];
	/** Knock-out questions the analyst adjusted downwards. */
	overclaims: Overclaim[];
}

function gapOf(claimed: number | null, verified: number | null): GapFigures {
	return { claimed, verified, gap: claimed === null || verified === null ? null : claimed - verified };
}

export function trustGap(
	template: Template,
	compiled: Template | CompiledTemplate,
	claims: AnswerSet,
	verified: AnswerSet,
	verifications: Readonly<Record<string, VerificationView>>
): TrustGap {
	const before = explain(compiled, claims);
	const after = explain(compiled, verified);
	const r = (result: typeof before) => new Map(result.sections.flatMap((s) => s.questions.map((q) => [q.id, q.na ? 1 : (q.r ?? 0)] as const)));
	const rBefore = r(before);
	const rAfter = r(after);
	const triggered = new Set(after.knockouts.map((k) => k.question));
	const overclaims: Overclaim[] = [];
	for (const section of template.sections) {
		for (const q of section.questions) {
			if (!q.critical || own(verifications, q.id)?.decision !== 'adjusted') continue;
			const claimedR = rBefore.get(q.id) ?? 0;
			const verifiedR = rAfter.get(q.id) ?? 0;
			if (verifiedR < claimedR) {
				overclaims.push({ question: q.id, section: section.id, prompt: q.prompt ?? q.id, capGrade: q.critical.capGrade, claimedR, verifiedR, triggers: triggered.has(q.id) });
			}
		}
	}
	return {
		overall: { ...gapOf(before.overall.score, after.overall.score), claimedGrade: before.overall.grade, verifiedGrade: after.overall.grade },
		sections: template.sections.map((s, i) => ({ id: s.id, title: s.title ?? s.id, ...gapOf(before.sections[i].score, after.sections[i].score) })),
		overclaims
	};
}
