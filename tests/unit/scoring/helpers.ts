// Shared by the scoring tests: the reference cases on disk, a tolerant deep
// comparison, a CLI runner, and shortcuts from raw documents to typed ones.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateAnswers, validateProfile, validateTemplate, type AnswerSet, type Profile, type Template } from '../../../src/lib/scoring/index';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CASES_DIR = join(ROOT, 'tests/fixtures/scoring');

export interface ReferenceCase {
	name: string;
	templateFile: string;
	answersFile: string;
	profileFile: string | null;
	expected: Record<string, unknown>;
}

export function referenceCases(): ReferenceCase[] {
	return readdirSync(CASES_DIR)
		.filter((f) => f.endsWith('.expected.json'))
		.sort()
		.map((f) => {
			const name = f.slice(0, -'.expected.json'.length);
			const profileFile = join(CASES_DIR, `${name}.profile.json`);
			return {
				name,
				templateFile: join(CASES_DIR, `${name}.template.json`),
				answersFile: join(CASES_DIR, `${name}.answers.json`),
				profileFile: existsSync(profileFile) ? profileFile : null,
				expected: readJson(join(CASES_DIR, f)) as Record<string, unknown>
			};
		});
}

export function readJson(file: string): unknown {
	return JSON.parse(readFileSync(file, 'utf8'));
}

/** Differences between two JSON values, numbers equal within `tolerance`; [] when alike. */
export function differences(actual: unknown, expected: unknown, tolerance = 1e-9, path = '$'): string[] {
	if (typeof expected === 'number' && typeof actual === 'number') {
		return Math.abs(actual - expected) <= tolerance ? [] : [`${path}: ${actual} ≠ ${expected}`];
	}
	if (Array.isArray(expected)) {
		if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
		return expected.flatMap((e, i) => differences(actual[i], e, tolerance, `${path}[${i}]`));
	}
	if (expected !== null && typeof expected === 'object') {
		if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: not an object`];
		const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
		return [...keys].flatMap((k) =>
			Object.hasOwn(expected, k) && Object.hasOwn(actual, k)
				? differences((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], tolerance, `${path}.${k}`)
				: [`${path}.${k}: present on one side only`]
		);
	}
	return Object.is(actual, expected) ? [] : [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
}

export interface CliRun {
	exit: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `node src/cli/bin.js …args` from the project root. */
export function runCli(args: string[]): Promise<CliRun> {
	return run(process.execPath, [join(ROOT, 'src/cli/bin.js'), ...args], ROOT);
}

/**
 * Runs `npm run --silent cli -- …args` in the reference cases' folder: the
 * command exactly as spec §5 gives it, which is how cases kept elsewhere are run.
 */
export function runContract(args: string[]): Promise<CliRun> {
	return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'cli', '--', ...args], CASES_DIR);
}

function run(command: string, args: string[], cwd: string): Promise<CliRun> {
	return new Promise((done, fail) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		child.on('error', fail);
		child.on('close', (exit) => done({ exit, stdout, stderr }));
	});
}

export function scoreArgs(c: ReferenceCase): string[] {
	const args = ['score', '--template', c.templateFile, '--answers', c.answersFile];
	if (c.profileFile) args.push('--profile', c.profileFile);
	return args;
}

/** Raw documents that must be valid, as typed values (fails the test if not). */
export function valid(raw: { template: unknown; answers: unknown; profile?: unknown }): {
	template: Template;
	answers: AnswerSet;
	profile: Profile | null;
} {
	const t = validateTemplate(raw.template);
	if (!t.ok) throw new Error(`template: ${JSON.stringify(t.problems.slice(0, 3))}`);
	const a = validateAnswers(raw.answers, t.value);
	if (!a.ok) throw new Error(`answers: ${JSON.stringify(a.problems.slice(0, 3))}`);
	let profile: Profile | null = null;
	if (raw.profile !== undefined) {
		const p = validateProfile(raw.profile, t.value);
		if (!p.ok) throw new Error(`profile: ${JSON.stringify(p.problems.slice(0, 3))}`);
		profile = p.value;
	}
	return { template: t.value, answers: a.value, profile };
}
