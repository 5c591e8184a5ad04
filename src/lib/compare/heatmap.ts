// The question-level view: rows are questions of the common sections, columns
// candidates, each cell the normalised answer. Filters keep the rows that
// matter most to a committee: the knock-outs, or where candidates differ most.
import type { CommonSections } from './sections';
import type { CandidateDetail, QuestionValue } from './types';

export const HEAT_FILTERS = ['all', 'knockouts', 'spread'] as const;
export type HeatFilter = (typeof HEAT_FILTERS)[number];

/** How many rows "largest spread" keeps. */
export const SPREAD_ROWS = 15;

export interface HeatRow {
	sectionId: string;
	sectionTitle: string;
	id: string;
	prompt: string;
	critical: boolean;
	/** One per candidate, in candidate order; undefined when the candidate's template version lacks the question. */
	values: Array<QuestionValue | undefined>;
	/** Highest minus lowest answer among candidates that gave one; null with fewer than two. */
	spread: number | null;
}

function spreadOf(values: Array<QuestionValue | undefined>): number | null {
	const numbers = values.filter((v): v is number => typeof v === 'number');
	return numbers.length < 2 ? null : Math.max(...numbers) - Math.min(...numbers);
}

/** `candidates`: each candidate's answers, in the comparison's order. */
export function heatmap(candidates: ReadonlyArray<Pick<CandidateDetail, 'questions'>>, common: CommonSections, filter: HeatFilter): HeatRow[] {
	const rows: HeatRow[] = common.sections.flatMap((s) =>
		s.questions.map((q) => {
			const values = candidates.map((c) => (Object.hasOwn(c.questions, q.id) ? c.questions[q.id] : undefined));
			return { sectionId: s.id, sectionTitle: s.title, id: q.id, prompt: q.prompt, critical: q.critical, values, spread: spreadOf(values) };
		})
	);
	if (filter === 'knockouts') return rows.filter((r) => r.critical);
	if (filter === 'spread') {
		return rows
			.filter((r) => r.spread !== null && r.spread > 0)
			.sort((a, b) => b.spread! - a.spread!)
			.slice(0, SPREAD_ROWS);
	}
	return rows;
}

/** The colour step of a value: 0–10 for 0–100, so a stylesheet class (no inline style under the CSP) can colour it. */
export function heatStep(value: QuestionValue | undefined): number | null {
	return typeof value === 'number' ? Math.round(value / 10) : null;
}
