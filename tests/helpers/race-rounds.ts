// Running race rounds and keeping their figures: a conflicting pair released
// together, or one request held while something else happens, each answer
// counted by status. A 5xx, or no answer at all, is always a failure.
import { HeldRequest, type RawAnswer, type RawRequest } from './held-request';
import { outcome, type Outcome } from './race-forms';

/** Time for a held request's head (and its body but a byte) to reach the action's first await. */
export const HOLD_MS = 40;
/**
 * Longer for a write held across another change: it must be past the hooks
 * (its session or invitation judged valid) before that change begins, or
 * the round tests nothing.
 */
export const HOLD_ACROSS_MS = 100;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Tally {
	name: string;
	/** Requests racing in each round. */
	requests: number;
	rounds: number;
	/** "label status" → how many answers. */
	answers: Map<string, number>;
	/** 5xx answers and requests that got no answer, described. */
	serverErrors: string[];
	/** Rounds (or rows) that broke the invariant; set by the test. */
	violations: number | null;
	/** Wall time of the drill, rounds and checks. */
	seconds: number;
}

export function tally(name: string, requests: number, rounds: number): Tally {
	return { name, requests, rounds, answers: new Map(), serverErrors: [], violations: null, seconds: 0 };
}

function note(t: Tally, label: string, settled: PromiseSettledResult<RawAnswer>): Outcome | null {
	if (settled.status === 'rejected') {
		t.serverErrors.push(`${label}: no answer (${(settled.reason as Error).message})`);
		t.answers.set(`${label} none`, (t.answers.get(`${label} none`) ?? 0) + 1);
		return null;
	}
	const result = outcome(settled.value);
	const key = `${label} ${result.status}`;
	t.answers.set(key, (t.answers.get(key) ?? 0) + 1);
	if (result.status >= 500) t.serverErrors.push(`${label}: ${result.status} ${result.text.slice(0, 160)}`);
	return result;
}

/**
 * Two conflicting requests, each sent but for its last byte, then both last
 * bytes in one tick (which goes first alternates by round). The two
 * connections land on the two server processes in turn (cluster round robin).
 */
export async function pair(origin: string, t: Tally, round: number, a: [string, RawRequest], b: [string, RawRequest]): Promise<[Outcome | null, Outcome | null]> {
	const held = await Promise.all([HeldRequest.open(origin, a[1]), HeldRequest.open(origin, b[1])]);
	await sleep(HOLD_MS);
	for (const i of round % 2 ? [1, 0] : [0, 1]) held[i].release();
	const [x, y] = await Promise.allSettled(held.map((h) => h.answer));
	return [note(t, a[0], x), note(t, b[0], y)];
}

/** A write held one byte short while `meanwhile` runs to completion, then released. */
export async function heldAcross(origin: string, t: Tally, [label, request]: [string, RawRequest], meanwhile: () => Promise<unknown>): Promise<Outcome | null> {
	const held = await HeldRequest.open(origin, request);
	await sleep(HOLD_ACROSS_MS);
	try {
		await meanwhile();
	} finally {
		held.release();
	}
	const [settled] = await Promise.allSettled([held.answer]);
	return note(t, label, settled);
}

/**
 * What broke, one line each: the 5xx answers and the invariant's own message
 * when it was violated. The test expects this to be empty.
 */
export function broken(t: Tally, invariant: string | null): string[] {
	const lines: string[] = [];
	if (invariant) lines.push(invariant);
	if (t.serverErrors.length) {
		const shown = [...new Set(t.serverErrors)].slice(0, 3).join(' | ');
		lines.push(`${t.serverErrors.length} of ${t.requests * t.rounds} requests got a server error or no answer (must be 2xx/3xx or a clear 4xx): ${shown}`);
	}
	return lines;
}

/** The figures of every race, one table. */
export function table(tallies: Tally[]): string {
	const rows = tallies.map((t) => [
		t.name,
		`${t.requests} × ${t.rounds}`,
		t.violations === null ? '–' : String(t.violations),
		String(t.serverErrors.length),
		t.seconds.toFixed(1),
		[...t.answers].sort(([x], [y]) => x.localeCompare(y)).map(([k, n]) => `${k}×${n}`).join(', ')
	]);
	const head = ['race', 'requests × rounds', 'violations', '5xx/none', 's', 'answers (label status×count)'];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join(' │ ');
	return [line(head), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...rows.map(line)].join('\n');
}
