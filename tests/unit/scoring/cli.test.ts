// `clearance score` and `clearance template validate` as an analyst meets them:
// one JSON document on success; exit 2 and one line per problem otherwise.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES_DIR, readJson, runCli } from './helpers';

const fixture = (name: string) => join(CASES_DIR, name);
const scratch = mkdtempSync(join(tmpdir(), 'clearance-cli-'));
function writeScratch(name: string, content: unknown): string {
	const file = join(scratch, name);
	writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
	return file;
}

describe('clearance score', () => {
	it('with --explain adds each scored question, whose contributions add up to the overall score', async () => {
		const run = await runCli(['score', '--template', fixture('gates.template.json'), '--answers', fixture('gates.answers.json'), '--explain']);
		expect(run.stderr).toBe('');
		expect(run.exit).toBe(0);
		const result = JSON.parse(run.stdout);
		const questions = result.sections.flatMap((s: { questions: { id: string; contribution: number }[] }) => s.questions);
		expect(questions.map((q: { id: string }) => q.id)).toEqual(['people.in-person', 'people.fingerprint', 'people.rescreen', 'ops.revoke', 'ops.fido']);
		expect(questions[1]).toEqual({ id: 'people.fingerprint', r: null, na: true, weight: 1, contribution: 0 });
		const total = questions.reduce((sum: number, q: { contribution: number }) => sum + q.contribution, 0);
		expect(Math.abs(total - result.overall.score)).toBeLessThan(1e-9);
		const { overall, knockouts } = readJson(fixture('gates.expected.json')) as Record<string, unknown>;
		expect(result.knockouts).toEqual(knockouts);
		expect(result.overall.grade).toBe((overall as { grade: string }).grade);
	});

	it('names a missing file and prints nothing on stdout', async () => {
		const run = await runCli(['score', '--template', 'no-such-template.json', '--answers', fixture('basic.answers.json')]);
		expect(run).toEqual({ exit: 2, stdout: '', stderr: 'no-such-template.json: cannot read the file (no such file)\n' });
	});

	it('names a file that is not JSON, with the line and column where it breaks', async () => {
		const broken = writeScratch('broken.answers.json', '{\n  "format": "clearance-answers/1",\n}\n');
		const run = await runCli(['score', '--template', fixture('basic.template.json'), '--answers', broken]);
		expect(run.exit).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON at line 3, column 1: .+\n$`));
	});

	it('reports every problem in every file at once, each line naming its file', async () => {
		const template = readJson(fixture('basic.template.json')) as Record<string, any>;
		template.sections[0].weight = -1;
		const templateFile = writeScratch('t.json', template);
		const answersFile = writeScratch('a.json', { format: 'clearance-answers/1', template: { key: 'basic', version: '1.0.0' }, answers: { x: { value: 1, na: true } } });
		const profileFile = writeScratch('p.json', { format: 'clearance-profile/1', name: 7, sections: {} });
		const run = await runCli(['score', '--template', templateFile, '--answers', answersFile, '--profile', profileFile]);
		expect(run.exit).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr.split('\n').filter(Boolean)).toEqual([
			`${templateFile}: sections[0].weight: must be 0 or more`,
			`${answersFile}: answers["x"]: has both a "value" and "na": true; give only one`,
			`${profileFile}: name: expected a string`
		]);
	});

	it('refuses to run without --answers, or with an unknown option', async () => {
		expect(await runCli(['score', '--template', fixture('basic.template.json')])).toEqual({
			exit: 2,
			stdout: '',
			stderr: 'clearance score: --answers is required\n'
		});
		const unknown = await runCli(['score', '--template', 'a', '--answers', 'b', '--verbose']);
		expect(unknown.exit).toBe(2);
		expect(unknown.stderr).toBe('clearance score: unknown option --verbose\n');
	});
});

describe('clearance template validate', () => {
	it('prints a one-line summary of a valid template', async () => {
		const run = await runCli(['template', 'validate', fixture('gates.template.json')]);
		expect(run).toEqual({ exit: 0, stdout: 'gates 1.0.0: 2 sections, 5 questions, 2 knock-outs\n', stderr: '' });
	});

	it('accepts platform kinds and review guidance, and names a question whose kinds leave its section\'s', async () => {
		const ok = await runCli(['template', 'validate', fixture('kinds.template.json')]);
		expect(ok).toEqual({ exit: 0, stdout: 'kinds 1.0.0: 2 sections, 3 questions, 0 knock-outs\n', stderr: '' });
		const template = readJson(fixture('kinds.template.json')) as Record<string, any>;
		template.sections[1].questions[0].appliesTo = ['exchange'];
		template.sections[0].questions[1].reviewGuidance = '';
		const file = writeScratch('kinds.template.json', template);
		const run = await runCli(['template', 'validate', file]);
		expect(run.exit).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr.split('\n').filter(Boolean)).toEqual([
			`${file}: sections[0].questions[1].reviewGuidance: must not be empty; leave reviewGuidance out when there is none`,
			`${file}: sections[1].questions[0].appliesTo: "exchange" is not in its section's appliesTo ("defi"); a question's list must be a subset of its section's`
		]);
	});

	it('lists the problems of an invalid template and exits 2', async () => {
		const file = writeScratch('bad.template.json', { format: 'clearance-template/1', key: 'Bad', version: '1', title: 'T', sections: [] });
		const run = await runCli(['template', 'validate', file]);
		expect(run.exit).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr.split('\n').filter(Boolean)).toEqual([
			`${file}: key: expected 1 to 64 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit`,
			`${file}: sections: needs at least one section`
		]);
	});

	it('shows at most a thousand problems and then how many more there are', async () => {
		const questions = Array.from({ length: 3000 }, () => ({ id: 'x', type: 'nope' }));
		const file = writeScratch('huge.template.json', { format: 'clearance-template/1', key: 'k', version: '1', title: 'T', sections: [{ id: 's', questions }] });
		const run = await runCli(['template', 'validate', file]);
		const lines = run.stderr.split('\n').filter(Boolean);
		expect(run.exit).toBe(2);
		expect(lines).toHaveLength(1001);
		expect(lines.at(-1)).toMatch(new RegExp(`: … and \\d+ more problems$`));
	});
});
