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
const GUARDS = ['requireRole', 'allowAnyone', 'requireRespondent', 'requireRemediator'];

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

/** One form action, or one endpoint handler. */
export interface RouteHandler {
	route: string;
	file: string;
	kind: 'action' | 'endpoint';
	/** The action's name ('default' included), or the endpoint's method ('fallback' answers any). */
	name: string;
}

/** What another site might try to trigger: one form action, or one endpoint handler for a method other than GET/HEAD. */
export type MutatingHandler = RouteHandler;

const SERVER_MODULES = ['+page.server.ts', '+page.server.js', '+server.ts', '+server.js'];
// Route files that cannot hold an action or a request handler.
const INERT_ROUTE_FILES = ['+page.svelte', '+page.ts', '+page.js', '+layout.svelte', '+layout.ts', '+layout.js', '+layout.server.ts', '+layout.server.js', '+error.svelte'];
const SAFE_METHODS = ['GET', 'HEAD'];

/**
 * Every form action and every non-GET endpoint handler under `routesDir`,
 * read from the source. Whatever it cannot read for certain (a spread into
 * `actions`, a re-export, an unknown `+` file…) is a problem, so that
 * nothing mutating can be added in a shape that slips past the list.
 */
export function mutatingHandlers(routesDir: string): { handlers: MutatingHandler[]; problems: string[] } {
	return routeHandlers(routesDir, { safe: false });
}

/** Every form action and every endpoint handler, GET and HEAD included when `safe`: what a request matrix visits. */
export function routeHandlers(routesDir: string, options: { safe: boolean }): { handlers: RouteHandler[]; problems: string[] } {
	const handlers: RouteHandler[] = [];
	const problems: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (!entry.name.startsWith('+') || INERT_ROUTE_FILES.includes(entry.name)) continue;
			else if (!SERVER_MODULES.includes(entry.name)) problems.push(`${file}: unknown route file`);
			else {
				const route = '/' + path.relative(routesDir, dir).split(path.sep).filter(Boolean).join('/');
				const kind = entry.name.startsWith('+server') ? 'endpoint' : 'action';
				for (const name of exportedHandlers(file, kind, problems, options.safe)) handlers.push({ route, file, kind, name });
			}
		}
	};
	walk(routesDir);
	handlers.sort((a, b) => a.route.localeCompare(b.route) || a.name.localeCompare(b.name));
	return { handlers, problems };
}

function exportedHandlers(file: string, kind: 'action' | 'endpoint', problems: string[], safe: boolean): string[] {
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const names: string[] = [];
	const take = (name: string, init: ts.Expression | undefined) => {
		if (kind === 'endpoint' && HTTP_METHODS.includes(name) && (safe || !SAFE_METHODS.includes(name))) names.push(name);
		if (kind === 'action' && name === 'actions') names.push(...actionNames(file, init, problems));
	};
	for (const node of source.statements) {
		if (ts.isExportDeclaration(node)) {
			if (!node.isTypeOnly) problems.push(`${file}: re-export "${node.getText(source).slice(0, 60)}" (cannot tell what it exports)`);
		} else if (ts.isExportAssignment(node)) {
			problems.push(`${file}: default export`);
		} else if (ts.canHaveModifiers(node) && ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
			if (ts.isVariableStatement(node)) {
				for (const decl of node.declarationList.declarations) {
					if (ts.isIdentifier(decl.name)) take(decl.name.text, decl.initializer);
					else problems.push(`${file}: destructured export "${decl.name.getText(source)}"`);
				}
			} else if (ts.isFunctionDeclaration(node) && node.name) {
				if (node.name.text === 'actions') problems.push(`${file}: actions is a function`);
				else take(node.name.text, undefined);
			}
		}
	}
	return names;
}

function actionNames(file: string, init: ts.Expression | undefined, problems: string[]): string[] {
	let object = init;
	while (object && (ts.isSatisfiesExpression(object) || ts.isAsExpression(object) || ts.isParenthesizedExpression(object))) object = object.expression;
	if (!object || !ts.isObjectLiteralExpression(object)) {
		problems.push(`${file}: actions is not an object literal`);
		return [];
	}
	const names: string[] = [];
	for (const member of object.properties) {
		const name = member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : null;
		if (name !== null && (ts.isPropertyAssignment(member) || ts.isMethodDeclaration(member) || ts.isShorthandPropertyAssignment(member))) names.push(name);
		else problems.push(`${file}: actions member "${member.getText().slice(0, 40)}" (cannot tell its name)`);
	}
	return names;
}

/** The address of `routeId` with its parameters filled in from `values`; groups such as (app) leave no trace. */
export function concretePath(routeId: string, values: Readonly<Record<string, string | number>>): string {
	const parts = routeId
		.split('/')
		.filter((part) => part && !/^\(.+\)$/.test(part))
		.map((part) =>
			part.replace(/\[{1,2}(?:\.\.\.)?(\w+)(?:=\w+)?\]{1,2}/g, (_, name: string) => {
				if (!Object.hasOwn(values, name)) throw new Error(`${routeId}: no value for [${name}]`);
				return encodeURIComponent(String(values[name]));
			})
		);
	return '/' + parts.join('/');
}
