// Every reference case in tests/fixtures/scoring, through the JS API and
// through `npm run --silent cli -- score` (the spec's §5 contract, word for
// word), must give exactly the expected result.
import { describe, expect, it } from 'vitest';
import { compileTemplate, explain, score, validateAnswers, validateProfile, validateTemplate } from '../../../src/lib/scoring/index';
import { differences, readJson, referenceCases, runContract, type ReferenceCase } from './helpers';
import { basename } from 'node:path';

const cases = referenceCases();

/** Error cases give `{exit}`, optionally `stderr` (lines, or one string). */
function isErrorCase(c: ReferenceCase): boolean {
	return typeof c.expected.exit === 'number' && c.expected.exit !== 0;
}

/** A case whose expected sections list their questions is an `--explain` case. */
function isExplainCase(c: ReferenceCase): boolean {
	const sections = c.expected.sections;
	return Array.isArray(sections) && sections.some((s) => s !== null && typeof s === 'object' && 'questions' in s);
}

function scoreThroughApi(c: ReferenceCase) {
	const template = validateTemplate(readJson(c.templateFile));
	if (!template.ok) return { problems: template.problems };
	const ct = compileTemplate(template.value);
	const answers = validateAnswers(readJson(c.answersFile), ct);
	if (!answers.ok) return { problems: answers.problems };
	let profile = null;
	if (c.profileFile) {
		const p = validateProfile(readJson(c.profileFile), ct);
		if (!p.ok) return { problems: p.problems };
		profile = p.value;
	}
	return { result: isExplainCase(c) ? explain(ct, answers.value, profile) : score(ct, answers.value, profile) };
}

/** Runs the CLI from the cases folder with bare file names, as an analyst would type them. */
function runCase(c: ReferenceCase) {
	const args = ['score', '--template', basename(c.templateFile), '--answers', basename(c.answersFile)];
	if (c.profileFile) args.push('--profile', basename(c.profileFile));
	if (isExplainCase(c)) args.push('--explain');
	return runContract(args);
}

it('finds the reference cases, the platform-kinds case among them', () => {
	expect(cases.length).toBeGreaterThanOrEqual(9);
	expect(cases.map((c) => c.name)).toContain('kinds');
});

describe.each(cases.filter((c) => !isErrorCase(c)))('reference case $name', (c) => {
	it('scores through the JS API to the expected figures', () => {
		const { result, problems } = scoreThroughApi(c);
		expect(problems).toBeUndefined();
		expect(differences(JSON.parse(JSON.stringify(result)), c.expected)).toEqual([]);
	});

	it('scores through the CLI: exit 0 and exactly the expected JSON on stdout', async () => {
		const run = await runCase(c);
		expect(run.stderr).toBe('');
		expect(run.exit).toBe(0);
		expect(differences(JSON.parse(run.stdout), c.expected)).toEqual([]);
	});
});

describe.each(cases.filter(isErrorCase))('reference case $name (invalid input)', (c) => {
	it('is rejected by the JS API with every problem located', () => {
		const { result, problems } = scoreThroughApi(c);
		expect(result).toBeUndefined();
		expect(problems!.length).toBeGreaterThan(0);
		for (const p of problems!) expect(p.message).not.toBe('');
	});

	it(`fails through the CLI with the expected exit code, nothing on stdout, one line per problem on stderr`, async () => {
		const run = await runCase(c);
		expect(run.exit).toBe(c.expected.exit);
		expect(run.stdout).toBe('');
		const lines = run.stderr.split('\n').filter((l) => l !== '');
		expect(lines.length).toBeGreaterThan(0);
		const files = [c.templateFile, c.answersFile, c.profileFile].filter((f) => f !== null).map((f) => basename(f));
		for (const line of lines) expect(files.some((f) => line.startsWith(`${f}: `))).toBe(true);
		if (c.expected.stderr !== undefined) {
			const expected = Array.isArray(c.expected.stderr) ? c.expected.stderr : String(c.expected.stderr).split('\n').filter((l) => l !== '');
			expect(lines).toEqual(expected);
		}
	});
});

it('reports a wrong answer value as "file: path: expected …" exactly as the spec shows', async () => {
	const c = cases.find((x) => x.name === 'invalid-answer-value')!;
	const run = await runCase(c);
	expect(run.stderr).toBe(
		'invalid-answer-value.answers.json: answers["hiring.refs"].value: expected one of "yes", "partial", "no"\n'
	);
});
