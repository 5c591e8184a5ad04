import { describe, expect, it } from 'vitest';
import { quantile, steadyFigures, type Sample } from '../../bench/portfolio/steady';

/** A connection answered every `every` ms from `from` to `to`, each answer taking `latency` ms. */
function steadyConnection(connection: number, from: number, to: number, every: number, latency: number): Sample[] {
	const out: Sample[] = [];
	for (let end = from; end <= to; end += every) out.push({ connection, end, latency, status: 200 });
	return out;
}

describe('quantile', () => {
	it('takes the nearest rank, as autocannon reports', () => {
		const values = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(quantile(values, 0.5)).toBe(50);
		expect(quantile(values, 0.99)).toBe(99);
		expect(quantile([7], 0.99)).toBe(7);
		expect(quantile([], 0.5)).toBeNaN();
	});
});

describe('steadyFigures', () => {
	it('leaves the slow first answers of late connections out of the percentiles, and reports them as the ramp', () => {
		// Connection 0 is answered every 10 ms from the start; connection 1 is
		// accepted late: its first answer, sent at 0, arrives at 1,000 ms.
		const samples = [...steadyConnection(0, 10, 3000, 10, 10), { connection: 1, end: 1000, latency: 1000, status: 200 }, ...steadyConnection(1, 1010, 3000, 10, 10)];
		const f = steadyFigures(samples, 2);
		expect(f.rampMs).toBe(1000);
		expect(f.rampMaxMs).toBe(1000);
		expect(f.p50).toBe(10);
		expect(f.p99).toBe(10);
		expect(f.windowMs).toBe(2000);
		// Two connections, an answer each every 10 ms: 200 a second.
		expect(f.requestsPerSecond).toBeCloseTo(200, 0);
	});

	it('keeps slow answers sent after the ramp in the percentiles', () => {
		const samples = [...steadyConnection(0, 10, 2000, 10, 10)];
		samples.push({ connection: 0, end: 1500, latency: 400, status: 200 });
		const f = steadyFigures(samples, 1);
		expect(f.rampMs).toBe(10);
		expect(f.p99).toBe(10);
		// One slow answer in a hundred-odd moves p99 only when it is among the top 1%.
		const many = [...steadyConnection(0, 10, 1000, 10, 10), ...Array.from({ length: 5 }, (_, i) => ({ connection: 0, end: 1100 + i, latency: 300, status: 200 }))];
		expect(steadyFigures(many, 1).p99).toBe(300);
	});

	it('counts a bad answer wherever it came, and refuses a run where a connection was never answered', () => {
		const samples = [...steadyConnection(0, 10, 1000, 10, 10), { connection: 0, end: 5, latency: 5, status: 500 }];
		expect(steadyFigures(samples, 1).non2xx).toBe(1);
		expect(() => steadyFigures(samples, 2)).toThrow('only 1 of 2 connections got an answer');
	});
});
