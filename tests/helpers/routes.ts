// Reads the route tree the way SvelteKit does, to check it against the policy.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROUTE_FILES = ['+page.svelte', '+page.server.ts', '+page.ts', '+server.ts'];

export interface RouteEntry {
	id: string;
	dir: string;
	files: string[];
}

/** Every route under `routesDir`, with its kit route id (groups included). */
export function listRoutes(routesDir: string): RouteEntry[] {
	const out: RouteEntry[] = [];
	const walk = (dir: string) => {
		const entries = fs.readdirSync(dir, { withFileTypes: true });
		const files = entries.filter((e) => e.isFile() && ROUTE_FILES.includes(e.name)).map((e) => e.name);
		if (files.length) {
			const rel = path.relative(routesDir, dir).split(path.sep).filter(Boolean).join('/');
			out.push({ id: '/' + rel, dir, files });
		}
		for (const e of entries) if (e.isDirectory()) walk(path.join(dir, e.name));
	};
	walk(routesDir);
	return out.sort((a, b) => a.id.localeCompare(b.id));
}

export function unpolicedRoutes(routesDir: string, policy: Readonly<Record<string, unknown>>): string[] {
	return listRoutes(routesDir)
		.map((r) => r.id)
		.filter((id) => !Object.hasOwn(policy, id));
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'fallback'];
const GUARDS = ['requireRole', 'allowAnyone', 'requireRespondent'];

/** Names of actions / handlers in `file` whose first statement is not a guard call. */
export function unguardedHandlers(file: string): string[] {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const problems: string[] = [];
	const check = (name: string, fn: ts.Node | undefined) => {
		if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn))) {
			problems.push(`${name} (not a function literal; cannot check its guard)`);
			return;
		}
		const body = fn.body;
		const first = body && ts.isBlock(body) ? body.statements[0] : body;
		const text = first?.getText(source) ?? '';
		if (!GUARDS.some((g) => new RegExp(`^(const \\w+ = )?${g}\\(`).test(text))) problems.push(name);
	};
	source.forEachChild((node) => {
		const exported = ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export;
		if (!exported) return;
		if (ts.isVariableStatement(node)) {
			for (const decl of node.declarationList.declarations) {
				const name = decl.name.getText(source);
				if (name === 'actions') {
					const init = decl.initializer;
					if (!init || !ts.isObjectLiteralExpression(init)) {
						problems.push('actions (not an object literal)');
						continue;
					}
					for (const prop of init.properties) {
						if (ts.isPropertyAssignment(prop)) check(`actions.${prop.name.getText(source)}`, prop.initializer);
						else if (ts.isMethodDeclaration(prop)) check(`actions.${prop.name.getText(source)}`, undefined);
						else problems.push(`actions: unsupported member ${prop.getText(source).slice(0, 40)}`);
					}
				} else if (HTTP_METHODS.includes(name)) {
					check(name, decl.initializer);
				}
			}
		} else if (ts.isFunctionDeclaration(node) && node.name && HTTP_METHODS.includes(node.name.text)) {
			check(node.name.text, node);
		}
	});
	return problems;
}
