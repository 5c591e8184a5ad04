// import-x reads a dependency's imports from the top level of its AST, but
// svelte-eslint-parser puts them one level down, inside each <script>
// element: import-x then takes every .svelte dependency for a non-module and
// never follows its imports, so a cycle through two components goes unseen.
// This hands import-x the same parse with the scripts' statements lifted to
// the top. eslint.config.js uses it only where import-x parses dependencies;
// ESLint lints .svelte files with svelte-eslint-parser itself.
'use strict';
const svelte = require('svelte-eslint-parser');

function parseForESLint(code, options) {
	const result = svelte.parseForESLint(code, options);
	const body = result.ast.body.flatMap((node) => (node.type === 'SvelteScriptElement' ? node.body : []));
	return { ...result, ast: { ...result.ast, body } };
}

module.exports = { meta: { name: 'svelte-scripts-for-import-x' }, parseForESLint };
