// Figures for the steady state of a load run, not its start. Node 20's libuv
// accepts one new connection per turn of the event loop (libuv#3696, "don't
// accept() connections in a loop"; see nodejs/node#57364), so when 50 fresh
// connections arrive at a server already busy with the first few, the last
// ones wait whole turns to be accepted: their first requests queue for
// seconds behind everyone else's. That is how a cold burst of connections
// behaves, not how a page performs for users on open connections (browsers
// and proxies keep theirs alive), so the ramp is reported on its own and the
// percentiles and throughput come from the requests sent once every
// connection has had its first answer.

/** One answer as the load tool saw it, times in ms from the start of the run. */
export interface Sample {
	connection: number;
	/** When the answer was complete. */
	end: number;
	/** How long it took from the request being sent. */
	latency: number;
	status: number;
}

export interface SteadyFigures {
	/** From the start until every connection had its first answer. */
	rampMs: number;
	/** The slowest answer sent during the ramp. */
	rampMaxMs: number;
	/** Length of the steady window the figures below cover. */
	windowMs: number;
	p50: number;
	p99: number;
	requestsPerSecond: number;
	/** Answers completed in the window. */
	requests: number;
	/** Answers other than 2xx in the whole run, ramp included. */
	non2xx: number;
}

/** The value at quantile q (0–1) of sorted values, nearest rank, as HdrHistogram and autocannon report it. */
export function quantile(sorted: readonly number[], q: number): number {
	if (!sorted.length) return NaN;
	const rank = Math.max(1, Math.ceil(q * sorted.length));
	return sorted[Math.min(rank, sorted.length) - 1];
}

/**
 * Splits a run of `connections` connections into its ramp and its steady
 * window. The window starts when the last connection first gets an answer
 * and lasts to the last answer.
 * Latencies are those of the requests sent inside it; throughput counts the
 * answers completed inside it. `non2xx` counts the whole run: a bad answer is
 * never excused by when it came. Throws when a connection never got an
 * answer: then nothing was steady.
 */
export function steadyFigures(samples: readonly Sample[], connections: number): SteadyFigures {
	const first = new Map<number, number>();
	for (const s of samples) if (!first.has(s.connection) || s.end < first.get(s.connection)!) first.set(s.connection, s.end);
	if (first.size < connections) throw new Error(`only ${first.size} of ${connections} connections got an answer`);
	const rampMs = Math.max(...first.values());
	const sent = (s: Sample) => s.end - s.latency;
	const steady = samples.filter((s) => sent(s) >= rampMs);
	if (!steady.length) throw new Error('no request was sent after the ramp; run longer');
	const lastEnd = Math.max(...samples.map((s) => s.end));
	const windowMs = lastEnd - rampMs;
	const latencies = steady.map((s) => s.latency).sort((a, b) => a - b);
	// Throughput counts every answer completed in the window, so the requests
	// still in flight when the run stops do not bias it low.
	const completed = samples.filter((s) => s.end > rampMs);
	return {
		rampMs,
		rampMaxMs: Math.max(0, ...samples.filter((s) => sent(s) < rampMs).map((s) => s.latency)),
		windowMs,
		p50: quantile(latencies, 0.5),
		p99: quantile(latencies, 0.99),
		requestsPerSecond: (completed.length / windowMs) * 1000,
		requests: completed.length,
		non2xx: samples.filter((s) => s.status < 200 || s.status > 299).length
	};
}
