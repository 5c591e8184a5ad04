// The JavaScript a browser loads to show each page, from the production
// build: SvelteKit's entry files plus every file the route's layouts and page
// import statically, which is the list the server sends as modulepreload
// links. Code a page imports lazily (import()) is not in that list; it is
// counted apart, as what later interaction may fetch.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface RouteScript {
	route: string;
	/** Files loaded before the page is interactive. */
	files: string[];
	bytes: number;
	gzip: number;
	/** Further files the page's code can import on demand (charts, say), gzipped. */
	lazyGzip: number;
}

interface ServerManifest {
	client: { imports: string[] };
	routes: Array<{ id: string; page: { layouts: Array<number | undefined>; leaf: number } | null }>;
}

/**
 * Per page route, from kit's output folder (`.svelte-kit/output`), largest first.
 * Sizes are gzip level 9, as a server that precompresses would send them.
 */
export function clientScripts(outputDir: string): RouteScript[] {
	const serverDir = path.join(outputDir, 'server');
	const clientDir = path.join(outputDir, 'client');
	const manifest = readServerManifest(path.join(serverDir, 'manifest.js'));
	const gzipped = new Map<string, number>();
	const size = (file: string) => {
		let known = gzipped.get(file);
		if (known === undefined) {
			known = gzipSync(fs.readFileSync(path.join(clientDir, file)), { level: 9 }).length;
			gzipped.set(file, known);
		}
		return known;
	};
	const nodeImports = (index: number) => readStringArray(path.join(serverDir, 'nodes', `${index}.js`), 'imports');
	const lazy = lazyGraph(clientDir);

	return manifest.routes
		.filter((r) => r.page)
		.map((r) => {
			const nodes = [...r.page!.layouts.filter((n): n is number => n !== undefined), r.page!.leaf];
			const files = [...new Set([...manifest.client.imports, ...nodes.flatMap(nodeImports)])].sort();
			const eager = new Set(files);
			const later = new Set<string>();
			for (const file of files) for (const dep of lazy.get(file) ?? []) if (!eager.has(dep)) later.add(dep);
			return {
				route: r.id,
				files,
				bytes: files.reduce((sum, f) => sum + fs.statSync(path.join(clientDir, f)).size, 0),
				gzip: files.reduce((sum, f) => sum + size(f), 0),
				lazyGzip: [...later].reduce((sum, f) => sum + size(f), 0)
			};
		})
		.sort((a, b) => b.gzip - a.gzip || a.route.localeCompare(b.route));
}

/** kit's server manifest is generated JavaScript; its data parts are JSON-like and read here by pattern. */
function readServerManifest(file: string): ServerManifest {
	const text = fs.readFileSync(file, 'utf8');
	const client = /client:\s*\{[^}]*?imports:(\[[^\]]*\])/.exec(text);
	if (!client) throw new Error(`${file}: no client imports found; has kit's output format changed?`);
	const routes: ServerManifest['routes'] = [];
	const routePattern = /\{\s*id:\s*"([^"]+)",[\s\S]*?page:\s*(null|\{ layouts: \[([^\]]*)\], errors: \[[^\]]*\], leaf: (\d+) \})/g;
	for (const m of text.matchAll(routePattern)) {
		routes.push({
			id: m[1],
			page: m[2] === 'null' ? null : { layouts: m[3].split(',').map((x) => (x.trim() === '' ? undefined : Number(x))), leaf: Number(m[4]) }
		});
	}
	if (!routes.length) throw new Error(`${file}: no routes found; has kit's output format changed?`);
	return { client: { imports: JSON.parse(client[1]) }, routes };
}

function readStringArray(file: string, name: string): string[] {
	const m = new RegExp(`export const ${name} = (\\[[^\\]]*\\]);`).exec(fs.readFileSync(file, 'utf8'));
	if (!m) throw new Error(`${file}: no ${name} list`);
	return JSON.parse(m[1]);
}

/**
 * For each client file, the files it reaches through dynamic import(),
 * followed through their static imports too. Read from Vite's manifest.
 * The router's own dynamic imports of other pages (route nodes) are left out:
 * they load only when the visitor goes to that page.
 */
function lazyGraph(clientDir: string): Map<string, string[]> {
	const manifestFile = path.join(clientDir, '.vite', 'manifest.json');
	const chunks = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, { file: string; imports?: string[]; dynamicImports?: string[] }>;
	const isPage = (key: string) => chunks[key]?.file.startsWith('_app/immutable/nodes/') ?? false;
	const closure = (key: string, into: Set<string>) => {
		const chunk = chunks[key];
		if (!chunk || into.has(chunk.file)) return;
		into.add(chunk.file);
		for (const dep of chunk.imports ?? []) closure(dep, into);
		for (const dep of chunk.dynamicImports ?? []) if (!isPage(dep)) closure(dep, into);
	};
	const graph = new Map<string, string[]>();
	for (const chunk of Object.values(chunks)) {
		const lazy = (chunk.dynamicImports ?? []).filter((key) => !isPage(key));
		if (!lazy.length) continue;
		const reached = new Set<string>();
		for (const key of lazy) closure(key, reached);
		graph.set(chunk.file, [...reached]);
	}
	return graph;
}
