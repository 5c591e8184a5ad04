// Every installed copy of a package with a security floor is at or above it.
// Reads the real node_modules (a nested copy pulled in by another package
// counts too), not package.json ranges, which say what may be installed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface Floor {
	package: string;
	min: string;
	why: string;
	/** When set, an older copy is allowed, and this says why it is safe here. */
	reason?: string;
}

const { floors } = JSON.parse(fs.readFileSync('tests/dependency-floors.json', 'utf8')) as { floors: Floor[] };

/** -1, 0 or 1; prerelease tags sort below their release, as semver has it. */
function compareVersions(a: string, b: string): number {
	const parse = (v: string) => {
		const [core, pre] = v.split('-', 2);
		return { nums: core.split('.').map((n) => Number(n)), pre };
	};
	const x = parse(a);
	const y = parse(b);
	for (let i = 0; i < 3; i++) {
		const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
		if (d !== 0) return Math.sign(d);
	}
	if (x.pre === y.pre) return 0;
	if (x.pre === undefined) return 1;
	if (y.pre === undefined) return -1;
	return x.pre < y.pre ? -1 : 1;
}

/** Every copy of `name` under node_modules, at any depth, with its version. */
function installedCopies(name: string): Array<{ where: string; version: string }> {
	const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, unknown> };
	return Object.keys(lock.packages)
		.filter((key) => key === `node_modules/${name}` || key.endsWith(`/node_modules/${name}`))
		.map((key) => path.join(key, 'package.json'))
		.filter((file) => fs.existsSync(file))
		.map((file) => ({ where: path.dirname(file), version: (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version }));
}

describe('dependency floors', () => {
	it('compares versions as semver does', () => {
		expect(compareVersions('2.70.4', '2.70.2')).toBe(1);
		expect(compareVersions('0.45.2', '0.45.10')).toBe(-1);
		expect(compareVersions('5.6.2', '5.6.2')).toBe(0);
		expect(compareVersions('5.6.2-next.1', '5.6.2')).toBe(-1);
	});

	it.each(floors.map((f) => [f.package, f] as const))('%s is at or above its floor in every installed copy', (_, floor) => {
		const copies = installedCopies(floor.package);
		expect(copies.length, `${floor.package} is not installed at all`).toBeGreaterThan(0);
		const below = copies.filter((c) => compareVersions(c.version, floor.min) < 0);
		console.log(`${floor.package} ≥ ${floor.min}: ${copies.map((c) => `${c.version} (${c.where})`).join(', ')}${below.length && floor.reason ? ` — allowed: ${floor.reason}` : ''}`);
		if (!floor.reason) expect(below, `${floor.package} below ${floor.min}: ${floor.why}`).toEqual([]);
	});
});
