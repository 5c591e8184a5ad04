import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/database';

const dir = tempDir('clearance-cli-templates-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(db: string, args: string[]) {
	const r = spawnSync('node', ['src/cli/bin.js', ...args], { env: { ...process.env, DATABASE_PATH: path.join(dir, db) }, encoding: 'utf8' });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('clearance template export / import', () => {
	it('on a freshly migrated database, export prints the default template, ci-dd 2.0.0, which validates and scores; 1.0.0 stays beside it', () => {
		const migrated = cli('a.db', ['migrate']).stdout;
		expect(migrated).toMatch(/Installed ci-dd 1\.0\.0, ci-dd 2\.0\.0, ci-dd profile “Exchange”, ci-dd profile “Custodian”, ci-dd profile “DeFi protocol”\./);
		const exported = cli('a.db', ['template', 'export', '--key', 'ci-dd']);
		expect(exported.status).toBe(0);
		expect(exported.stderr).toBe('');
		const file = path.join(dir, 'ci-dd.json');
		fs.writeFileSync(file, exported.stdout);
		const doc = JSON.parse(exported.stdout);
		expect(doc).toMatchObject({ format: 'clearance-template/1', key: 'ci-dd', version: '2.0.0' });

		const validated = cli('a.db', ['template', 'validate', file]);
		expect(validated.status).toBe(0);
		expect(validated.stdout).toBe('ci-dd 2.0.0: 11 sections, 107 questions, 20 knock-outs\n');

		const answers = path.join(dir, 'answers.json');
		const first = doc.sections.flatMap((s: { questions: unknown[] }) => s.questions).find((q: { type: string }) => q.type === 'yes_partial_no' || q.type === 'yes_no');
		fs.writeFileSync(answers, JSON.stringify({ format: 'clearance-answers/1', template: { key: 'ci-dd', version: '2.0.0' }, answers: { [first.id]: { value: 'yes', assurance: 'verified' } } }));
		const scored = cli('a.db', ['score', '--template', file, '--answers', answers]);
		expect(scored.status).toBe(0);
		expect(JSON.parse(scored.stdout).overall.score).toBeGreaterThan(0);

		const older = cli('a.db', ['template', 'export', '--key', 'ci-dd', '--version', '1.0.0']);
		expect(older.status).toBe(0);
		expect(JSON.parse(older.stdout)).toMatchObject({ key: 'ci-dd', version: '1.0.0' });
	});

	// kinds carries the spec's appliesTo (section and question) and reviewGuidance.
	it.each(['gates', 'kinds'])('round-trips %s: what one database exports, another imports and exports identically', (key) => {
		const source = fs.readFileSync(`tests/fixtures/scoring/${key}.template.json`, 'utf8');
		const file = path.join(dir, `${key}.json`);
		fs.writeFileSync(file, source);
		expect(cli('a.db', ['template', 'import', file, '--publish']).stdout).toMatch(new RegExp(`Saved ${key} 1.0.0 as published`));
		const fromA = cli('a.db', ['template', 'export', '--key', key]).stdout;
		fs.writeFileSync(file, fromA);
		expect(cli('b.db', ['template', 'import', file]).stdout).toMatch(/as draft/);
		const fromB = cli('b.db', ['template', 'export', '--key', key, '--version', '1.0.0']).stdout;
		expect(fromB).toBe(fromA);
	});

	it('keeps every appliesTo and reviewGuidance of a file it imports', () => {
		const exported = JSON.parse(cli('a.db', ['template', 'export', '--key', 'kinds']).stdout);
		const source = JSON.parse(fs.readFileSync('tests/fixtures/scoring/kinds.template.json', 'utf8'));
		const pick = (doc: { sections: { appliesTo?: string[]; questions: { appliesTo?: string[]; reviewGuidance?: string }[] }[] }) =>
			doc.sections.map((s) => [s.appliesTo, s.questions.map((q) => [q.appliesTo, q.reviewGuidance])]);
		expect(pick(exported)).toEqual(pick(source));
	});

	it('import lists every problem with its JSON path, exits 2 and saves nothing', () => {
		const bad = JSON.parse(fs.readFileSync('tests/fixtures/scoring/basic.template.json', 'utf8'));
		bad.version = '';
		bad.sections[1].questions[0].critical = { minScore: 2, capGrade: 'Z' };
		const file = path.join(dir, 'bad.json');
		fs.writeFileSync(file, JSON.stringify(bad));
		const r = cli('a.db', ['template', 'import', file]);
		expect(r.status).toBe(2);
		expect(r.stdout).toBe('');
		const lines = r.stderr.trim().split('\n');
		expect(lines.length).toBeGreaterThanOrEqual(3);
		for (const line of lines) expect(line.startsWith(`${file}: `)).toBe(true);
		expect(r.stderr).toContain('version');
		expect(r.stderr).toContain('sections[1].questions[0].critical');
		expect(cli('a.db', ['template', 'export', '--key', 'basic']).status).toBe(2);
	});

	it("import refuses a question whose platform kinds leave its section's, exits 2 and saves nothing", () => {
		const bad = JSON.parse(fs.readFileSync('tests/fixtures/scoring/kinds.template.json', 'utf8'));
		bad.key = 'kinds-bad';
		bad.sections[1].questions[0].appliesTo = ['exchange'];
		const file = path.join(dir, 'kinds-bad.json');
		fs.writeFileSync(file, JSON.stringify(bad));
		const r = cli('a.db', ['template', 'import', file]);
		expect(r).toMatchObject({ status: 2, stdout: '' });
		expect(r.stderr).toBe(`${file}: sections[1].questions[0].appliesTo: "exchange" is not in its section's appliesTo ("defi"); a question's list must be a subset of its section's\n`);
		expect(cli('a.db', ['template', 'export', '--key', 'kinds-bad', '--version', '1.0.0']).status).toBe(2);
	});

	it('export of an unknown key or version exits 2 with one line', () => {
		const r = cli('a.db', ['template', 'export', '--key', 'nope']);
		expect(r.status).toBe(2);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toMatch(/--key: Template nope has no published version/);
		expect(cli('a.db', ['template', 'export', '--key', 'ci-dd', '--version', '9.9.9']).stderr).toMatch(/--version: There is no version 9.9.9/);
	});
});
