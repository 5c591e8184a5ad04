// How firmly does a ranking hold if the committee had weighted the sections a
// little differently? Each sample multiplies every section weight by its own
// log-normal factor exp(sigma·z), re-scores every candidate and ranks them.
import { candidateMatrix, overallScore, rankKey, type CandidateMatrix, type RobustnessCandidate } from './candidates';
import { Random } from './prng';
import { tippingPoint, type TopSwap } from './tipping-point';

export interface RobustnessOptions {
	/**
	 * Spread of the log-normal jitter on each section weight. 0.25 (the
	 * default) moves a typical weight by a factor between about 0.78 and 1.28.
	 */
	sigma?: number;
	/** Number of re-weightings; default 10,000. */
	samples?: number;
	/** Seed of the generator; the same seed gives the same result. Default 1. */
	seed?: number;
}

export interface CandidateRobustness {
	id: string;
	/** Overall score under the unperturbed weights; null when no section counts. */
	score: number | null;
	/** 1 + the number of candidates with a higher score (ties share a rank; null scores come last). */
	rank: number;
	/** [i] = probability of finishing at rank i + 1. Sums to 1. */
	rankProbabilities: number[];
}

export interface RobustnessResult {
	sigma: number;
	samples: number;
	seed: number;
	/** In input order. */
	candidates: CandidateRobustness[];
	/** The smallest single-section weight change that puts the runner-up ahead of the leader; null when none can. */
	swap: TopSwap | null;
}

export type { TopSwap };

/**
 * Ranks candidates under many random re-weightings of their sections.
 *
 * Ties: scores are compared rounded to 10⁻⁹ points (so 99.99999999999999
 * and 100, two roundings of the same mean, tie). Tied candidates share the
 * ranks they span equally: two tied for first each get half of rank 1 and
 * half of rank 2, so the probabilities do not depend on input order.
 * Candidates with no score tie with each other below everyone else. For
 * `swap`, the leader and runner-up are the top two by unperturbed score,
 * a tie between them broken by input order.
 */
export function rankRobustness(candidates: readonly RobustnessCandidate[], options: RobustnessOptions = {}): RobustnessResult {
	const sigma = options.sigma ?? 0.25;
	const samples = options.samples ?? 10_000;
	const seed = options.seed ?? 1;
	if (!(Number.isFinite(sigma) && sigma >= 0)) throw new RangeError('sigma must be a finite number ≥ 0');
	if (!(Number.isInteger(samples) && samples >= 1 && samples <= 10_000_000)) {
		throw new RangeError('samples must be a whole number from 1 to 10,000,000');
	}
	if (!Number.isInteger(seed)) throw new RangeError('seed must be a whole number');

	const m = candidateMatrix(candidates);
	const C = m.candidateCount;
	const base = Array.from({ length: C }, (_, c) => overallScore(m, c, m.weights));
	const counts = sampleRanks(m, sigma, samples, seed);
	const order = baselineOrder(base);

	return {
		sigma,
		samples,
		seed,
		candidates: candidates.map((candidate, c) => ({
			id: candidate.id,
			score: base[c],
			rank: 1 + base.filter((s) => rankKey(s) > rankKey(base[c])).length,
			rankProbabilities: Array.from(counts.subarray(c * C, (c + 1) * C), (n) => n / samples)
		})),
		swap: C >= 2 ? tippingPoint(m, candidates, order[0], order[1]) : null
	};
}

/** Candidates by unperturbed score, best first; equal scores keep input order. */
function baselineOrder(base: (number | null)[]): number[] {
	return base.map((_, c) => c).sort((x, y) => rankKey(base[y]) - rankKey(base[x]) || x - y);
}

/** counts[c * C + r]: how many samples (fractionally, for ties) put candidate c at rank r + 1. */
function sampleRanks(m: CandidateMatrix, sigma: number, samples: number, seed: number): Float64Array {
	const C = m.candidateCount;
	const K = m.sectionCount;
	const random = new Random(seed);
	const counts = new Float64Array(C * C);
	const jittered = new Float64Array(K);
	const values = new Float64Array(C);
	const order = new Int32Array(C);

	for (let t = 0; t < samples; t++) {
		for (let k = 0; k < K; k++) jittered[k] = m.weights[k] * Math.exp(sigma * random.normal());
		for (let c = 0; c < C; c++) {
			let num = 0;
			let den = 0;
			for (let k = 0, at = c * K; k < K; k++, at++) {
				if (m.applicable[at] === 0) continue;
				num += jittered[k] * m.scores[at];
				den += jittered[k];
			}
			values[c] = rankKey(den > 0 ? num / den : null);
		}
		// Insertion sort, best first: C is small and the order changes little between samples.
		for (let i = 0; i < C; i++) {
			const c = i;
			let j = i - 1;
			while (j >= 0 && values[order[j]] < values[c]) {
				order[j + 1] = order[j];
				j--;
			}
			order[j + 1] = c;
		}
		for (let start = 0; start < C; ) {
			let end = start + 1;
			while (end < C && values[order[end]] === values[order[start]]) end++;
			const share = 1 / (end - start);
			for (let i = start; i < end; i++) {
				const row = order[i] * C;
				for (let r = start; r < end; r++) counts[row + r] += share;
			}
			start = end;
		}
	}
	return counts;
}
