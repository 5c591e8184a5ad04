// Every candidate's figures under one set of section weights, restricted to
// the sections all candidates share, and the ranking they give. Pure: the
// compare page runs it on every slider move, the server for exports and memos.
import { deepFreeze } from '../deep-freeze';
import { rankKey } from '../scoring/candidates';
import { rankRobustness, type RobustnessResult } from '../scoring/robustness';
import { reweigh } from '../scoring/reweigh';
import type { ScoreResult } from '../scoring/types';
import type { CommonSections } from './sections';
import type { CandidateSummary, CompareSummary } from './types';

export interface CandidateFigures {
	candidate: CandidateSummary;
	/** The verified (or analyst's) figures under the comparison's weights. */
	result: ScoreResult;
	/** The platform's claims under the same weights; null without a self-assessment. */
	claimed: ScoreResult | null;
	/** Self-reported minus verified overall score; null when either is missing. */
	gap: number | null;
	/** 1 + the number of candidates scoring higher; equal scores share a rank. */
	rank: number;
}

/** A result cut down to the given sections: their figures, and only their knock-outs. */
export function restrict(result: ScoreResult, sectionIds: ReadonlySet<string>): ScoreResult {
	return {
		...result,
		sections: result.sections.filter((s) => sectionIds.has(s.id)),
		knockouts: result.knockouts.filter((k) => sectionIds.has(k.section))
	};
}

/** A stored result as the comparison sees it: common sections only, weighed with `weights`. */
export function comparable(data: Pick<CompareSummary, 'templates'>, common: CommonSections, result: ScoreResult, templateVersionId: number, weights: Readonly<Record<string, number>>, profileName: string | null = null): ScoreResult {
	const ids = new Set(common.sections.map((s) => s.id));
	return reweigh(restrict(result, ids), data.templates[templateVersionId].grades, weights, profileName);
}

/** Figures for every candidate, in input order. */
export function compareFigures(data: CompareSummary, common: CommonSections, weights: Readonly<Record<string, number>>, profileName: string | null = null): CandidateFigures[] {
	const rows = data.candidates.map((candidate) => {
		const result = comparable(data, common, candidate.result, candidate.templateVersionId, weights, profileName);
		const claimed = candidate.claimedResult && comparable(data, common, candidate.claimedResult, candidate.templateVersionId, weights, profileName);
		const gap = claimed && claimed.overall.score !== null && result.overall.score !== null ? claimed.overall.score - result.overall.score : null;
		return { candidate, result, claimed, gap, rank: 0 };
	});
	for (const row of rows) {
		const key = rankKey(row.result.overall.score);
		row.rank = 1 + rows.filter((other) => rankKey(other.result.overall.score) > key).length;
	}
	return rows;
}

/** Best first; equal ranks keep the candidates' order. */
export function ranked(rows: readonly CandidateFigures[]): CandidateFigures[] {
	return rows.map((row, i) => ({ row, i })).sort((a, b) => a.row.rank - b.row.rank || a.i - b.i).map(({ row }) => row);
}

/**
 * "Weights vary by ±X%" as the spread of the log-normal jitter: a weight's
 * factor exp(σz) lies within ÷(1+X%) … ×(1+X%) in two draws of three.
 */
export function sigmaFor(percent: number): number {
	return Math.log(1 + percent / 100);
}

/**
 * Recent robustness results by their exact inputs. The check is pure and
 * costs 10,000 re-weightings, while the same comparison is shown again and
 * again (every server render of a shared link, a slider moved back), so a
 * repeat is served from here; any change of scores, weights or spread is a
 * new key.
 */
const robustnessMemo = new Map<string, RobustnessResult>();
const ROBUSTNESS_MEMO_SIZE = 32;

/** How often each candidate takes each rank when the weights wobble, and the nearest swap of first and second. */
export function robustness(rows: readonly CandidateFigures[], percent: number, samples = 10_000): RobustnessResult {
	const candidates = rows.map((row) => ({ id: String(row.candidate.assessmentId), sections: row.result.sections }));
	const options = { sigma: sigmaFor(percent), samples, seed: 1 };
	const key = JSON.stringify([options, candidates.map((c) => [c.id, c.sections.map((s) => [s.id, s.weight, s.score])])]);
	const known = robustnessMemo.get(key);
	if (known) {
		// Most recently used last, so the oldest is the one dropped.
		robustnessMemo.delete(key);
		robustnessMemo.set(key, known);
		return known;
	}
	const result = deepFreeze(rankRobustness(candidates, options));
	robustnessMemo.set(key, result);
	if (robustnessMemo.size > ROBUSTNESS_MEMO_SIZE) robustnessMemo.delete(robustnessMemo.keys().next().value!);
	return result;
}
