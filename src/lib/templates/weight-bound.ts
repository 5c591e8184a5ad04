// Weights the scoring spec no longer allows (shared/spec/scoring.md: finite,
// 0 to 1,000,000), found in a template or profile stored before that bound
// existed. Such a weight makes scores NaN and every grade F, so the pages
// that show one say so and name each, instead of scoring with it silently.
import { MAX_WEIGHT } from '../scoring/defaults';
import type { Template } from '../scoring/index';

export interface OverBound {
	/** The section or question id. */
	id: string;
	kind: 'section' | 'question';
	weight: number;
}

export function inBound(weight: unknown): boolean {
	return typeof weight === 'number' && Number.isFinite(weight) && weight >= 0 && weight <= MAX_WEIGHT;
}

/** Every section and question weight of `doc` outside the bound. */
export function templateWeightsOverBound(doc: Template): OverBound[] {
	const found: OverBound[] = [];
	for (const s of doc.sections) {
		if (!inBound(s.weight)) found.push({ id: s.id, kind: 'section', weight: s.weight });
		for (const q of s.questions) if (!inBound(q.weight)) found.push({ id: q.id, kind: 'question', weight: q.weight });
	}
	return found;
}

/** The sections of a weight profile whose weight is outside the bound. */
export function profileWeightsOverBound(sections: Record<string, number>): string[] {
	return Object.entries(sections)
		.filter(([, w]) => !inBound(w))
		.map(([id]) => id);
}

/** A weight as the pages print it: grouped digits, or for one far past the bound, its power of ten (1E308). */
export function formatWeight(weight: number): string {
	return weight.toLocaleString('en', { notation: Math.abs(weight) >= 1e12 ? 'scientific' : 'standard', maximumFractionDigits: 3 });
}

/** What the pages say about them, naming the bound. */
export const OVER_BOUND_ADVICE = `Weights are now at most ${MAX_WEIGHT.toLocaleString('en')}; a larger one, stored before that rule, makes scores come out as no number and every grade F.`;
