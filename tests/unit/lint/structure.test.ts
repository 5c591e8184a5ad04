// The structural lint rules (eslint.config.js) fire on the imports they
// forbid and stay silent on the ones the layout allows. Snippets are linted
// as if they sat at the given path in src/, without being written there; the
// cycle checks need real files, so they run in a temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const configFile = path.join(root, 'eslint.config.js');
const eslint = new ESLint({ cwd: root, overrideConfigFile: configFile });

interface Problem {
	rule: string | null;
	message: string;
}

async function lint(file: string, code: string): Promise<Problem[]> {
	const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
	return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

const svelte = (imports: string) => `<script lang="ts">\n${imports}\n</script>\n`;

/** The problems a rule reported, one per offending import. */
const by = (problems: Problem[], rule: string) => problems.filter((p) => p.rule === rule);
const PATHS = 'import-x/no-restricted-paths';

describe('browser-safe code never imports server code', () => {
	it('a component cannot import server code by the $lib alias, even a type', async () => {
		const problems = await lint('src/lib/components/Probe.svelte', svelte(`import type { Actor } from '$lib/server/audit';`));
		expect(by(problems, PATHS)).toHaveLength(1);
		expect(problems[0].message).toMatch(/move the type or logic it needs into a browser-safe module/);
	});

	it('a component cannot reach server code by a relative path', async () => {
		const problems = await lint('src/lib/components/assessment/Probe.svelte', svelte(`import { safeRedirectTarget } from '../../server/http';`));
		expect(by(problems, PATHS)).toHaveLength(1);
	});

	it('a route page component cannot import server code, by alias or relative path', async () => {
		const problems = await lint(
			'src/routes/(app)/dashboard/Probe.svelte',
			svelte(`import { safeRedirectTarget } from '$lib/server/http';\nimport type { Db } from '../../../lib/server/db';`)
		);
		expect(by(problems, PATHS)).toHaveLength(2);
	});

	it('a module in a component folder cannot import server code', async () => {
		const problems = await lint('src/lib/components/assessment/probe.ts', `import type { AnswerView } from '$lib/server/assessments';`);
		expect(by(problems, PATHS)).toHaveLength(1);
	});

	it.each(['scoring', 'assessments', 'compare', 'templates', 'platforms', 'validation', 'forms'])(
		'the shared module folder src/lib/%s cannot import server code',
		async (folder) => {
			const problems = await lint(`src/lib/${folder}/probe.ts`, `import { safeRedirectTarget } from '../server/http';`);
			expect(by(problems, PATHS).length).toBeGreaterThanOrEqual(1);
			expect(by(problems, PATHS)[0].message).toMatch(/Browser-safe code never imports server code/);
		}
	);

	it('a top-level src/lib module cannot import server code', async () => {
		const problems = await lint('src/lib/probe.ts', `import { safeRedirectTarget } from './server/http';\nimport type { Actor } from '$lib/server/audit';`);
		expect(by(problems, PATHS)).toHaveLength(2);
	});

	it('browser-safe code may import other browser-safe modules and kit virtual modules', async () => {
		const problems = await lint(
			'src/lib/components/Probe.svelte',
			svelte(
				`import { score } from '$lib/scoring/score';\nimport type { CompareRow } from '$lib/compare/types';\nimport { page } from '$app/state';\nimport { env } from '$env/dynamic/public';\nimport Chart from './charts/Chart.svelte';`
			)
		);
		expect(problems).toEqual([]);
	});

	it('server-side route files may import server code', async () => {
		const problems = await lint('src/routes/(app)/dashboard/probe/+page.server.ts', `import { safeRedirectTarget } from '$lib/server/http';`);
		expect(problems).toEqual([]);
	});
});

describe('routes act through the guard\'s actor', () => {
	it('an actor written out by hand in a route is refused', async () => {
		const problems = await lint(
			'src/routes/(app)/probe/+page.server.ts',
			`import * as platforms from '$lib/server/platforms';\nexport const go = (user: { id: number; email: string }) => platforms.create({ id: user.id, label: user.email }, {} as never);`
		);
		expect(by(problems, 'no-restricted-syntax')).toHaveLength(1);
	});

	it('the guard\'s actor, and objects that are not actors, pass', async () => {
		const problems = await lint(
			'src/routes/(app)/probe/+page.server.ts',
			`import * as platforms from '$lib/server/platforms';\nexport const go = (user: { actor: never }) => platforms.create(user.actor, {} as never);\nexport const options = [{ value: 'a', label: 'A' }];`
		);
		expect(problems).toEqual([]);
	});
});

describe('scoring stays pure', () => {
	it('scoring may import its own files, zod and the shared control-character check', async () => {
		const problems = await lint(
			'src/lib/scoring/probe.ts',
			`import { z } from 'zod';\nimport { score } from './score';\nimport type { Template } from './types';\nimport { hasControlCharacters } from '../validation/text';`
		);
		expect(problems).toEqual([]);
	});

	it('scoring cannot import a package other than zod, a node builtin or a kit module', async () => {
		const problems = await lint(
			'src/lib/scoring/probe.ts',
			`import { sql } from 'drizzle-orm';\nimport fs from 'node:fs';\nimport { mount } from 'svelte';\nimport { page } from '$app/state';`
		);
		expect(by(problems, 'no-restricted-imports')).toHaveLength(4);
	});

	it('scoring cannot import other src/lib modules, by alias or relative path', async () => {
		const problems = await lint(
			'src/lib/scoring/probe.ts',
			`import { text } from '$lib/validation/text';\nimport type { CompareRow } from '../compare/types';\nimport { focusFirstError } from '../forms/focus-errors';`
		);
		expect(by(problems, 'no-restricted-imports')).toHaveLength(1);
		expect(by(problems, PATHS)).toHaveLength(2);
	});
});

describe('browser code keeps zod off its pages', () => {
	const RULE = '@typescript-eslint/no-restricted-imports';

	it('a component cannot take a value through the scoring index, which loads zod', async () => {
		const problems = await lint('src/lib/components/assessment/Probe.svelte', svelte(`import { acceptsNA } from '$lib/scoring/index';\nimport { score } from '$lib/scoring';`));
		expect(by(problems, RULE)).toHaveLength(2);
		expect(problems[0].message).toMatch(/the index loads zod/);
	});

	it('a browser-safe module cannot either, by a relative path', async () => {
		const problems = await lint('src/lib/assessments/probe.ts', `import { acceptsNA } from '../scoring/index';`);
		expect(by(problems, RULE)).toHaveLength(1);
	});

	it('types through the index and values from their own file are fine, and so is server code', async () => {
		expect(by(await lint('src/lib/components/assessment/Probe.svelte', svelte(`import type { Question } from '$lib/scoring/index';\nimport { acceptsNA, type Section } from '$lib/scoring/applicability';`)), RULE)).toEqual([]);
		expect(by(await lint('src/routes/(app)/templates/+page.server.ts', `import { ID_PATTERN } from '$lib/scoring/index';`), RULE)).toEqual([]);
	});
});

describe('a server concept folder is used through its index', () => {
	it('a file in a server folder cannot import its own index, however it is spelled', async () => {
		const problems = await lint(
			'src/lib/server/auth/probe.ts',
			`import { a } from '.';\nimport { b } from './index';\nimport { c } from '../auth';\nimport { d } from '$lib/server/auth';`
		);
		expect(by(problems, PATHS)).toHaveLength(4);
		expect(problems[0].message).toMatch(/never the folder's own index/);
	});

	it('a file in a server folder may import its sibling files', async () => {
		const problems = await lint('src/lib/server/auth/probe.ts', `import { totp } from './totp';\nimport { hashPassword } from './password';`);
		expect(problems).toEqual([]);
	});

	it('a flat server module, another folder, a route, the hooks and the CLI cannot import a file deep inside a folder', async () => {
		const deep = [
			['src/lib/server/probe.ts', `import { totp } from './auth/totp';`],
			['src/lib/server/audit/probe.ts', `import { totp } from '../auth/totp';`],
			['src/routes/(app)/dashboard/probe/+page.server.ts', `import { totp } from '$lib/server/auth/totp';`],
			['src/hooks.server.ts', `import { totp } from '$lib/server/auth/totp';`],
			['src/cli/probe.ts', `import { totp } from '../lib/server/auth/totp';`]
		];
		for (const [file, code] of deep) {
			const problems = await lint(file, code);
			expect(by(problems, PATHS), file).toHaveLength(1);
			expect(problems[0].message).toMatch(/import auth only through '\$lib\/server\/auth'/);
		}
	});

	it('outside a folder, the folder itself (its index) is the way in', async () => {
		const problems = await lint(
			'src/lib/server/probe.ts',
			`import { a } from './auth';\nimport { b } from './auth/index';\nimport { c } from '$lib/server/auth';`
		);
		expect(problems).toEqual([]);
	});

	it('db is the layer under every concept: each of its files is an entry point', async () => {
		const allowed = await lint(
			'src/routes/(app)/dashboard/probe/+page.server.ts',
			`import { getDb } from '$lib/server/db';\nimport * as table from '$lib/server/db/schema';\nimport { cachedRead } from '$lib/server/db/read-cache';`
		);
		expect(allowed).toEqual([]);
	});

	it('a flat server module is not a folder: importing it is not checked', async () => {
		const problems = await lint('src/routes/(app)/dashboard/probe/+page.server.ts', `import { config } from '$lib/server/config';\nimport { DomainError } from '$lib/server/errors';`);
		expect(problems).toEqual([]);
	});

	it('every folder found in src/lib/server at lint time is covered', async () => {
		// db is the layer under the concepts: each of its files is an entry point.
		const folders = fs.readdirSync(path.join(root, 'src/lib/server'), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'db');
		expect(folders.length).toBeGreaterThan(0);
		for (const { name } of folders) {
			const leaf = fs.readdirSync(path.join(root, 'src/lib/server', name)).find((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'schema.ts');
			if (!leaf) continue;
			const problems = await lint('src/routes/(app)/dashboard/probe/+page.server.ts', `import type * as leaf from '$lib/server/${name}/${leaf.replace(/\.ts$/, '')}';`);
			expect(by(problems, PATHS), `${name}/${leaf}`).toHaveLength(1);
		}
	});

	it('tests and benchmarks may import any leaf', async () => {
		for (const file of ['tests/unit/server/probe.test.ts', 'bench/probe.ts']) {
			const problems = await lint(file, `import { cachedRead } from '$lib/server/db/read-cache';\nimport { totp } from '../../src/lib/server/auth/totp';`);
			expect(problems, file).toEqual([]);
		}
	});
});

describe('import cycles', () => {
	// The config's rules apply to src/ under the folder ESLint runs in, so a
	// temporary folder with its own src/ gets them too.
	let dir: string;
	let tmpLint: ESLint;

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearance-lint-'));
		tmpLint = new ESLint({ cwd: dir, overrideConfigFile: configFile });
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	async function cycles(files: Record<string, string>, lintFile: string): Promise<Problem[]> {
		for (const [name, text] of Object.entries(files)) {
			fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
			fs.writeFileSync(path.join(dir, name), text);
		}
		const [result] = await tmpLint.lintFiles([path.join(dir, lintFile)]);
		return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
	}

	it('two modules that import each other are a cycle', async () => {
		const problems = await cycles(
			{ 'src/a/one.ts': `import { two } from './two';\nexport const one = () => two;`, 'src/a/two.ts': `import { one } from './one';\nexport const two = () => one;` },
			'src/a/one.ts'
		);
		expect(by(problems, 'import-x/no-cycle')).toHaveLength(1);
	});

	it('a longer cycle is found too', async () => {
		const problems = await cycles(
			{
				'src/b/one.ts': `import { two } from './two';\nexport const one = () => two;`,
				'src/b/two.ts': `import { three } from './three';\nexport const two = () => three;`,
				'src/b/three.ts': `import { one } from './one';\nexport const three = () => one;`
			},
			'src/b/one.ts'
		);
		expect(by(problems, 'import-x/no-cycle')).toHaveLength(1);
	});

	it('a cycle through a Svelte component is found', async () => {
		const problems = await cycles(
			{
				'src/c/state.ts': `import Panel from './Panel.svelte';\nexport const panel = Panel;`,
				'src/c/Panel.svelte': svelte(`import { panel } from './state';\nconst p: unknown = panel;`)
			},
			'src/c/state.ts'
		);
		expect(by(problems, 'import-x/no-cycle')).toHaveLength(1);
	});

	it('a cycle between two Svelte components is found', async () => {
		const problems = await cycles(
			{
				'src/e/Tree.svelte': svelte(`import Branch from './Branch.svelte';\nconst b = Branch;`),
				'src/e/Branch.svelte': svelte(`import Tree from './Tree.svelte';\nconst t = Tree;`)
			},
			'src/e/Tree.svelte'
		);
		expect(by(problems, 'import-x/no-cycle')).toHaveLength(1);
	});

	it('a type-only import does not close a cycle (it is erased at build time)', async () => {
		const files = {
			'src/d/one.ts': `import { two } from './two';\nexport type One = { size: number };\nexport const one = two;`,
			'src/d/two.ts': `import type { One } from './one';\nexport const two = 2;\nexport type Two = One;`
		};
		expect(await cycles(files, 'src/d/one.ts')).toEqual([]);
		expect(await cycles(files, 'src/d/two.ts')).toEqual([]);
	});
});
