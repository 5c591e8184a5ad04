// Candidates for a ranking, as section-level scores laid out in flat arrays
// so they can be re-weighted thousands of times cheaply.

/** One section of a candidate: the shape of a `SectionResult`, so `result.sections` can be passed as is. */
export interface RobustnessSection {
	id: string;
	weight: number;
	/** null when the section is not applicable to this candidate. */
	score: number | null;
}

/** A platform (or any assessed thing) to rank: an id and its section scores. */
export interface RobustnessCandidate {
	id: string;
	sections: readonly RobustnessSection[];
}

export interface CandidateMatrix {
	candidateCount: number;
	sectionCount: number;
	sectionIds: string[];
	/** Per section, shared by every candidate. */
	weights: Float64Array;
	/** [candidate * sectionCount + section]: the score, 0 when not applicable. */
	scores: Float64Array;
	/** [candidate * sectionCount + section]: 1 when the section applies to the candidate. */
	applicable: Uint8Array;
}

/**
 * Lays the candidates out over the union of their sections. A section a
 * candidate lacks counts as not applicable to it. Throws RangeError on input
 * no valid score result produces (non-finite numbers, a section weighted
 * differently by two candidates, a section listed twice).
 */
export function candidateMatrix(candidates: readonly RobustnessCandidate[]): CandidateMatrix {
	const index = new Map<string, number>();
	const weights: number[] = [];
	for (const candidate of candidates) {
		const seen = new Set<string>();
		for (const section of candidate.sections) {
			const { id, weight, score } = section;
			if (seen.has(id)) throw new RangeError(`candidate ${candidate.id}: section ${id} is listed twice`);
			seen.add(id);
			if (!(Number.isFinite(weight) && weight >= 0)) {
				throw new RangeError(`candidate ${candidate.id}: section ${id} needs a finite weight ≥ 0`);
			}
			if (score !== null && !Number.isFinite(score)) {
				throw new RangeError(`candidate ${candidate.id}: section ${id} needs a finite score or null`);
			}
			const k = index.get(id);
			if (k === undefined) {
				index.set(id, weights.length);
				weights.push(weight);
			} else if (weights[k] !== weight) {
				throw new RangeError(`section ${id} has weight ${weights[k]} in one candidate and ${weight} in another`);
			}
		}
	}
	const C = candidates.length;
	const K = weights.length;
	const scores = new Float64Array(C * K);
	const applicable = new Uint8Array(C * K);
	candidates.forEach((candidate, c) => {
		for (const { id, score } of candidate.sections) {
			if (score === null) continue;
			const at = c * K + index.get(id)!;
			scores[at] = score;
			applicable[at] = 1;
		}
	});
	return { candidateCount: C, sectionCount: K, sectionIds: [...index.keys()], weights: Float64Array.from(weights), scores, applicable };
}

/** A candidate's overall score under `weights`: the weighted mean of its applicable sections; null when none weighs anything. */
export function overallScore(m: CandidateMatrix, c: number, weights: Float64Array): number | null {
	const K = m.sectionCount;
	let num = 0;
	let den = 0;
	for (let k = 0, at = c * K; k < K; k++, at++) {
		if (m.applicable[at] === 0) continue;
		num += weights[k] * m.scores[at];
		den += weights[k];
	}
	return den > 0 ? num / den : null;
}

/**
 * A score as compared for ranking: rounded to 10⁻⁹ points, so that two means
 * of the same numbers that differ only by rounding (99.99999999999999 and
 * 100) tie instead of ranking apart; -Infinity for no score, last of all.
 */
export function rankKey(score: number | null): number {
	return score === null ? -Infinity : Math.round(score * 1e9);
}
