// How far each section has got: questions dealt with (answered or marked N/A)
// out of those that score, and the share of the section's weight covered.
import type { Answer, ScoreResult, Template } from '$lib/scoring/index';

export interface SectionProgress {
	id: string;
	title: string;
	/** Scored questions answered or marked N/A. */
	done: number;
	/** Scored questions in the section. */
	total: number;
	/** The section's coverage (0–1), null when nothing in it applies. */
	coverage: number | null;
	score: number | null;
}

export function sectionProgress(template: Template, entries: Readonly<Record<string, Answer>>, result: ScoreResult): SectionProgress[] {
	return template.sections.map((s, i) => {
		const scored = s.questions.filter((q) => q.type !== 'text');
		const figures = result.sections[i];
		return {
			id: s.id,
			title: s.title ?? s.id,
			done: scored.filter((q) => Object.hasOwn(entries, q.id)).length,
			total: scored.length,
			coverage: figures?.coverage ?? null,
			score: figures?.score ?? null
		};
	});
}
