// Load on the production server over loopback, with autocannon in this
// process and the server in its own: a signed-in analyst's page views,
// checked first to be the real page (not a sign-in redirect or an error).
import autocannon from 'autocannon';
import { send } from '../../tests/helpers/production-server';
import { steadyFigures, type Sample } from './steady';

export interface Target {
	name: string;
	path: string;
	/** Text the page must contain, so the load is known to hit the page itself. */
	expect: string;
	/** Sent with the session cookie (every page but /healthz). */
	signedIn: boolean;
}

export interface LoadFigures {
	connections: number;
	/** Of the requests sent once every connection was open and answered (see steady.ts). */
	p50: number;
	p99: number;
	requestsPerSecond: number;
	requests: number;
	/** Until every connection had its first answer, and the slowest answer in that time. */
	rampMs: number;
	rampMaxMs: number;
	/** Answers other than 2xx, and connection errors or timeouts: any makes the run invalid. */
	non2xx: number;
	errors: number;
}

/** One request per target, refusing to measure anything but the expected page. */
export async function checkTargets(origin: string, cookie: string, targets: Target[]): Promise<void> {
	for (const t of targets) {
		const res = await send(origin, 'GET', t.path, t.signedIn ? { cookie } : {});
		if (res.status !== 200) throw new Error(`${t.name} (${t.path}) answered ${res.status}${res.location ? ` → ${res.location}` : ''}; nothing to measure`);
		if (!res.body.includes(t.expect)) throw new Error(`${t.name} (${t.path}) did not contain “${t.expect}”; is it the right page?`);
	}
}

/**
 * Loads one page with `connections` connections until every connection has
 * been answered once (the ramp), then for `seconds` more: the figures are
 * those of that steady window (steady.ts says why).
 */
export async function measure(origin: string, cookie: string, target: Target, connections: number, seconds: number): Promise<LoadFigures> {
	const samples: Sample[] = [];
	const ids = new Map<object, number>();
	const started = performance.now();
	let finish: (result: autocannon.Result) => void = () => {};
	let fail: (err: unknown) => void = () => {};
	const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
	const instance = autocannon(
		{
			url: origin + target.path,
			connections,
			// Long enough for any ramp; the run is stopped once the window is full.
			duration: seconds + 120,
			headers: target.signedIn ? { cookie, accept: 'text/html' } : { accept: 'text/plain' },
			// Loopback: a slow answer is a figure to report, not a failure, within reason.
			timeout: 30
		},
		(err, result) => (err ? fail(err) : finish(result))
	);
	let stopAt = Infinity;
	let stopped = false;
	instance.on('response', (client, status, _bytes, latency) => {
		const end = performance.now() - started;
		if (!ids.has(client)) {
			ids.set(client, ids.size);
			// The last connection's first answer: the ramp is over, the window starts.
			if (ids.size === connections) stopAt = end + seconds * 1000;
		}
		samples.push({ connection: ids.get(client)!, end, latency, status });
		if (end >= stopAt && !stopped) {
			stopped = true;
			instance.stop();
		}
	});
	const result = await done;
	const steady = steadyFigures(samples, connections);
	return {
		connections,
		p50: steady.p50,
		p99: steady.p99,
		requestsPerSecond: steady.requestsPerSecond,
		requests: steady.requests,
		rampMs: steady.rampMs,
		rampMaxMs: steady.rampMaxMs,
		non2xx: steady.non2xx,
		errors: result.errors + result.timeouts
	};
}

/** A short burst so the server's code is compiled and its caches warm before the timed runs. */
export async function warm(origin: string, cookie: string, target: Target): Promise<void> {
	await autocannon({ url: origin + target.path, connections: 4, amount: 200, headers: target.signedIn ? { cookie } : {} });
}
