// Load on the production server over loopback, with autocannon in this
// process and the server in its own: a signed-in analyst's page views,
// checked first to be the real page (not a sign-in redirect or an error).
import autocannon from 'autocannon';
import { send } from '../../tests/helpers/production-server';

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
	p50: number;
	p99: number;
	requestsPerSecond: number;
	requests: number;
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

export async function measure(origin: string, cookie: string, target: Target, connections: number, seconds: number): Promise<LoadFigures> {
	const result = await autocannon({
		url: origin + target.path,
		connections,
		duration: seconds,
		headers: target.signedIn ? { cookie, accept: 'text/html' } : { accept: 'text/plain' },
		// Loopback: a slow answer is a figure to report, not a failure, within reason.
		timeout: 30
	});
	return {
		connections,
		p50: result.latency.p50,
		p99: result.latency.p99,
		requestsPerSecond: result.requests.average,
		requests: result.requests.total,
		non2xx: result.non2xx,
		errors: result.errors + result.timeouts
	};
}

/** A short burst so the server's code is compiled and its caches warm before the timed runs. */
export async function warm(origin: string, cookie: string, target: Target): Promise<void> {
	await autocannon({ url: origin + target.path, connections: 4, amount: 200, headers: target.signedIn ? { cookie } : {} });
}
