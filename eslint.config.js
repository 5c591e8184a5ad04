// Structural rules only: which module may import which. No style rules; the
// code's formatting is not this file's business.
//
// Every rule here judges an import by the file it resolves to (through
// tsconfig's paths, so `$lib/…` and relative specifiers are one and the same),
// and skips a specifier that resolves to nothing: that is how kit's virtual
// modules `$app/*` and `$env/*` are left alone (svelte-check reports a
// specifier that is really missing).
//
// `npm run lint` caches results per file, but a cycle or a folder rule is
// about several files: after breaking a cycle by editing one file, the other
// file's cached report can linger until it changes too. Delete
// node_modules/.cache/eslint/ (or run `npx eslint src tests bench`) to lint
// afresh; CI always starts without a cache.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import svelte from 'eslint-plugin-svelte';
import ts from 'typescript-eslint';

const root = import.meta.dirname;
const tsParserPath = createRequire(createRequire(import.meta.url).resolve('typescript-eslint')).resolve('@typescript-eslint/parser');
const svelteScriptsParserPath = path.join(root, 'eslint-svelte-scripts.cjs');

const server = 'src/lib/server';

// One folder per server concept; its index.ts is its API. Read at lint time,
// so a new folder is covered without touching this file. A flat file
// (src/lib/server/x.ts) is not a folder, and nothing about importing it is
// checked here.
const concepts = fs
	.readdirSync(path.join(root, server), { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name)
	.sort();


const browserSafe = [
	'./src/lib/components/**',
	'./src/**/*.svelte',
	'./src/lib/{scoring,assessments,compare,templates,platforms,validation,forms}/**',
	'./src/lib/*.ts',
	// Not named in the layout, but it runs only in the browser.
	'./src/hooks.client.ts'
];

const zones = [
	{
		target: browserSafe,
		from: `./${server}`,
		message:
			'Browser-safe code never imports server code: move the type or logic it needs into a browser-safe module (src/lib/<concept>/ or src/lib/*.ts) and import it from there.'
	},
	{
		// Scoring is pure: its own files, zod (below, by name) and the one
		// control-character check it shares with every free-text field.
		target: './src/lib/scoring',
		from: './src',
		except: ['./lib/scoring', './lib/validation/text.ts'],
		message: 'src/lib/scoring stays pure TypeScript: it imports only its own files, zod and src/lib/validation/text.ts.'
	},
	// db is not a concept but the layer under all of them: its index.ts opens
	// the connection (it is no barrel re-exporting the folder), and each of
	// its files — schema, setup, acting, read-cache — is an entry point of
	// its own.
	...concepts.filter((concept) => concept !== 'db').flatMap((concept) => {
		const folder = `${server}/${concept}`;
		const api = `'$lib/server/${concept}'`;
		return [
			{
				target: `./${folder}`,
				from: `./${folder}/index.ts`,
				message: `Inside ${folder}/, import the sibling file itself, never the folder's own index: the index re-exports its files, so importing it from one of them makes a cycle.`
			},
			{
				// Everything in src/ outside the folder: each level's other
				// entries, written as extglobs so that new files and folders are
				// covered too. tests/ and bench/ are not targets: a unit test may
				// import a leaf.
				target: [
					'./src/!(lib)',
					'./src/!(lib)/**',
					'./src/lib/!(server)',
					'./src/lib/!(server)/**',
					`./${server}/!(${concept})`,
					`./${server}/!(${concept})/**`
				],
				from: `./${folder}`,
				except: ['./index.ts'],
				message: `Outside ${folder}/, import ${concept} only through ${api}, not a file inside it.`
			}
		];
	})
];

const parserOptions = {
	// For <script lang="ts"> in .svelte files, and for import-x when it parses
	// a dependency to follow its imports.
	parser: ts.parser,
	extraFileExtensions: ['.svelte'],
	sourceType: 'module',
	ecmaVersion: 'latest'
};

export default [
	{ ignores: ['.svelte-kit/', 'build/', 'node_modules/', 'test-results/', 'playwright-report/'] },
	// Sets svelte-eslint-parser and the processor for .svelte files; its only
	// rules are the two that make eslint-disable comments in markup work.
	...svelte.configs.base,
	{
		files: ['**/*.{ts,js}'],
		languageOptions: { parser: ts.parser, parserOptions }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions }
	},
	{
		files: ['src/**/*.{ts,js,svelte}'],
		plugins: { 'import-x': importX },
		settings: {
			'import-x/resolver-next': [
				createTypeScriptImportResolver({
					project: path.join(root, 'tsconfig.json'),
					extensions: ['.ts', '.js', '.svelte', '.json', '.d.ts']
				})
			],
			// Which parser reads a dependency when a rule follows its imports.
			'import-x/parsers': {
				[tsParserPath]: ['.ts', '.js'],
				[svelteScriptsParserPath]: ['.svelte']
			},
			'import-x/extensions': ['.ts', '.js', '.svelte']
		},
		rules: {
			// Type-only imports (`import type`, or every specifier `type`) are
			// not followed: import-x skips them unconditionally, with no option
			// to count them. That suits us: with verbatimModuleSyntax (kit's
			// tsconfig) they are erased from the output, so they cannot make a
			// module run before what it needs; the cycles that break at run
			// time are the value imports.
			'import-x/no-cycle': 'error',
			'import-x/no-restricted-paths': ['error', { basePath: root, zones }]
		}
	},
	{
		// import-x/no-restricted-paths above sees only what resolves to a file
		// (and so catches relative escapes); this catches a package, a node
		// builtin or an alias by its name.
		files: ['src/lib/scoring/**/*.{ts,js}'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '^(?!\\.\\.?/|zod$)',
							message: 'src/lib/scoring stays pure TypeScript: besides its own files (relative imports) it imports only zod.'
						}
					]
				}
			]
		}
	},
	{
		// The scoring index builds every zod schema as it loads (about 22 KB
		// gzipped of script that tree-shaking cannot drop): one value imported
		// through it by a component put zod on the assessment and invitation
		// pages. Browser code takes values from the file that defines them;
		// types may still come through the index.
		files: ['src/**/*.svelte', 'src/**/*.svelte.ts', 'src/lib/{components,assessments,compare,templates,platforms,forms}/**/*.ts', 'src/hooks.client.ts'],
		plugins: { '@typescript-eslint': ts.plugin },
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							regex: '(^\\$lib|/)scoring(/index)?$',
							allowTypeImports: true,
							message: 'Browser code imports values from the scoring file that defines them (compile, applicability, defaults…): the index loads zod.'
						}
					]
				}
			]
		}
	},
	{
		// The guard's actor carries the session a request acts through, and
		// every change re-checks it under the write lock (db/acting.ts). An
		// actor written out by hand in a route would carry none, and its
		// change would commit after a sign-out, a disable or a role change.
		files: ['src/routes/**/*.{ts,js}'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: "ObjectExpression:has(> Property[key.name='id']):has(> Property[key.name='label'])",
					message: 'Pass the actor requireRole returns (user.actor), or respondentActor(invitation, sessionId): an actor built by hand is not checked under the write lock.'
				}
			]
		}
	}
	// tests/ and bench/ are linted (they must parse), but no structural rule
	// applies to them: a unit test may import any leaf it tests.
];
