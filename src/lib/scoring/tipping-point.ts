// The smallest change to one section's weight that lets the runner-up overtake
// the leader. With one weight x free, each candidate's score is
// (P + x·s) / (Q + x·e), so the runner-up's lead crosses the margin where a
// quadratic in x is zero; between consecutive roots it is ahead or it is not.
import type { CandidateMatrix, RobustnessCandidate } from './candidates';

/** A lead smaller than this many points is rounding noise, not a lead. */
const MARGIN = 1e-9;

export interface TopSwap {
	leader: string;
	runnerUp: string;
	/** The one section whose weight changes. */
	section: string;
	/** Its weight now. */
	from: number;
	/**
	 * The tipping weight: at it the two tie (to within 10⁻⁹ points), and any
	 * weight beyond it (in `direction`) puts the runner-up ahead. A weight of 0
	 * drops the section from both scores, which can put the runner-up ahead at
	 * 0 itself.
	 */
	to: number;
	/** Whether the weight must be raised or lowered; needed when `to` equals `from` (a tie today). */
	direction: 'raise' | 'lower';
	/** (to − from) / from; null when the weight now is 0. */
	relativeChange: number | null;
}

/**
 * Over all sections, the swap needing the smallest relative change; sections
 * weighted 0 now (any change is infinitely relative) only when no other
 * section can swap the two, and then by the smallest new weight.
 */
export function tippingPoint(
	m: CandidateMatrix,
	candidates: readonly RobustnessCandidate[],
	leader: number,
	runnerUp: number
): TopSwap | null {
	let best: TopSwap | null = null;
	for (let k = 0; k < m.sectionCount; k++) {
		const found = nearestSwap(m, leader, runnerUp, k);
		if (found === null) continue;
		const { to, direction } = found;
		const from = m.weights[k];
		const relativeChange = from > 0 ? (to - from) / from : null;
		const swap = { leader: candidates[leader].id, runnerUp: candidates[runnerUp].id, section: m.sectionIds[k], from, to, direction, relativeChange };
		if (best === null || smaller(swap, best)) best = swap;
	}
	return best;
}

function smaller(x: TopSwap, y: TopSwap): boolean {
	if (x.relativeChange !== null && y.relativeChange !== null) return Math.abs(x.relativeChange) < Math.abs(y.relativeChange);
	if (x.relativeChange !== null || y.relativeChange !== null) return x.relativeChange !== null;
	return x.to < y.to;
}

/** The weight of section k nearest its current one at which b draws level with a and beyond which b leads; null if none. */
function nearestSwap(m: CandidateMatrix, a: number, b: number, k: number): Pick<TopSwap, 'to' | 'direction'> | null {
	const K = m.sectionCount;
	const ea = m.applicable[a * K + k];
	const eb = m.applicable[b * K + k];
	if (ea === 0 && eb === 0) return null;
	const sa = ea ? m.scores[a * K + k] : 0;
	const sb = eb ? m.scores[b * K + k] : 0;
	const [Pa, Qa] = sumsWithout(m, a, k);
	const [Pb, Qb] = sumsWithout(m, b, k);
	const scoreAt = (P: number, Q: number, s: number, e: number, x: number) => {
		const den = Q + x * e;
		return den > 0 ? (P + x * s) / den : null;
	};
	const bLeads = (x: number) => {
		const va = scoreAt(Pa, Qa, sa, ea, x);
		const vb = scoreAt(Pb, Qb, sb, eb, x);
		return vb !== null && (va === null || vb - va > MARGIN);
	};

	// Where both scores exist, b leads iff (Pb + x·sb)(Qa + x·ea) − (Pa + x·sa)(Qb + x·eb) − MARGIN·(Qa + x·ea)(Qb + x·eb) > 0.
	const from = m.weights[k];
	const roots = quadraticRoots(
		Pb * Qa - Pa * Qb - MARGIN * Qa * Qb,
		Pb * ea + sb * Qa - Pa * eb - sa * Qb - MARGIN * (Qa * eb + ea * Qb),
		sb * ea - sa * eb - MARGIN * ea * eb
	);
	const points = [...new Set([0, from, ...roots.filter((r) => r > 0 && Number.isFinite(r))])].sort((x, y) => x - y);

	let best: Pick<TopSwap, 'to' | 'direction'> | null = from > 0 && bLeads(0) ? { to: 0, direction: 'lower' } : null;
	for (let i = 0; i < points.length; i++) {
		const lo = points[i];
		const hi = i + 1 < points.length ? points[i + 1] : Infinity;
		if (!bLeads(hi === Infinity ? lo * 2 + 1 : (lo + hi) / 2)) continue;
		// The runner-up leads all through (lo, hi); its edge nearest today's weight is the tipping point.
		const edge: Pick<TopSwap, 'to' | 'direction'> = hi <= from ? { to: hi, direction: 'lower' } : { to: lo, direction: 'raise' };
		// When the two differ by about the margin itself, rounding can misjudge a whole interval;
		// only trust an edge the runner-up really leads just inside of.
		const step = Math.min((hi - lo) / 2, Math.max(1e-6 * Math.max(edge.to, from), 1e-9));
		if (!bLeads(edge.direction === 'raise' ? edge.to + step : edge.to - step)) continue;
		if (best === null || Math.abs(edge.to - from) < Math.abs(best.to - from)) best = edge;
	}
	return best;
}

function sumsWithout(m: CandidateMatrix, c: number, k: number): [number, number] {
	const K = m.sectionCount;
	let P = 0;
	let Q = 0;
	for (let j = 0, at = c * K; j < K; j++, at++) {
		if (j === k || m.applicable[at] === 0) continue;
		P += m.weights[j] * m.scores[at];
		Q += m.weights[j];
	}
	return [P, Q];
}

/** Real roots of c0 + c1·x + c2·x², computed without cancellation. */
function quadraticRoots(c0: number, c1: number, c2: number): number[] {
	if (c2 === 0) return c1 !== 0 ? [-c0 / c1] : [];
	const disc = c1 * c1 - 4 * c2 * c0;
	if (disc < 0) return [];
	const q = -0.5 * (c1 + (c1 >= 0 ? 1 : -1) * Math.sqrt(disc));
	return q !== 0 ? [q / c2, c0 / q] : [0];
}
