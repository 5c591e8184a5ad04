#!/usr/bin/env node
// npm 11's `npm ci` insists that every optional dependency named by a
// package has an entry in package-lock.json. The registry mirror this
// project is developed against serves only some of rollup's per-platform
// binaries, so `npm install` leaves the rest out and `npm ci` then refuses.
// This adds the missing entries, each limited by os/cpu/libc so npm skips
// them on other platforms exactly as it would with a full registry.
// Run after regenerating package-lock.json: node .ci/complete-lockfile.mjs
import fs from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));

function platform(name) {
	const suffix = name.replace(/^@rollup\/rollup-/, '');
	const [os, cpuRaw, abi] = suffix.split('-');
	const cpu = cpuRaw === 'arm' ? 'arm' : cpuRaw;
	const out = { os: [os], cpu: [cpu] };
	if (os === 'linux') out.libc = [abi?.startsWith('musl') ? 'musl' : 'glibc'];
	return out;
}

let added = 0;
for (const [where, pkg] of Object.entries(lock.packages)) {
	if (!where.endsWith('node_modules/rollup')) continue;
	for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
		if (!dep.startsWith('@rollup/rollup-')) continue;
		const key = `${where.slice(0, -'rollup'.length)}${dep}`;
		if (lock.packages[key]) continue;
		lock.packages[key] = { version, ...platform(dep), dev: pkg.dev, license: 'MIT', optional: true };
		added++;
	}
}

fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} platform entries`);
