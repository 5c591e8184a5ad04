import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/cli/args';
import { workerCount } from '../../../src/cli/cluster';

describe('workerCount (WORKERS)', () => {
	it('runs one process per core by default, at most eight', () => {
		expect(workerCount(undefined, 2)).toBe(2);
		expect(workerCount('', 1)).toBe(1);
		expect(workerCount('  ', 4)).toBe(4);
		expect(workerCount(undefined, 32)).toBe(8);
	});

	it('takes an explicit count, 1 for a single process', () => {
		expect(workerCount('1', 8)).toBe(1);
		expect(workerCount(' 3 ', 2)).toBe(3);
		expect(workerCount('64', 2)).toBe(64);
	});

	it.each(['0', '-1', '1.5', 'two', '65', '1e2'])('refuses WORKERS=%s, naming the variable', (value) => {
		expect(() => workerCount(value, 2)).toThrow(InputError);
		expect(() => workerCount(value, 2)).toThrow(/^WORKERS must be a whole number from 1 to 64/);
	});
});
