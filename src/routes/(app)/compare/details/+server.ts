// The compare page's second course: each candidate's answers (the question-by-
// question view) and assessment history (the trend), which are most of a
// twelve-candidate comparison's bytes and not needed for its first view.
// Tagged with a hash of the body, so a page that has them already is told
// "unchanged" (304) until the database changes what they would say. Nothing
// lands in the browser's cache (every response is no-store): the page keeps
// what it fetched in memory and sends the tag back itself.
import { error } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import { MIN_CANDIDATES, parseState } from '$lib/compare/url-state';
import * as compare from '$lib/server/compare';
import { cachedRead } from '$lib/server/db/read-cache';
import { requireRole } from '$lib/server/http';
import type { RequestHandler } from './$types';

// Every role compares (as on the page): the answers are those of final assessments, which every role may read.
export const GET: RequestHandler = (event) => {
	requireRole(event);
	const { state, problems } = parseState(event.url.searchParams);
	if (problems.c) error(400, `c: ${problems.c}`);
	if (state.candidates.length < MIN_CANDIDATES) error(400, `c: choose at least ${MIN_CANDIDATES} platforms to compare.`);
	const key = JSON.stringify(state.candidates);
	let body: { json: string; etag: string };
	try {
		// The same cached comparison the page's load read, so this costs a serialisation once per change.
		body = cachedRead(`compare-details:${key}`, () => {
			const json = JSON.stringify(compare.details(cachedRead(`compare:${key}`, () => compare.load(state.candidates))));
			return { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
		});
	} catch (err) {
		if (err instanceof compare.CompareError) error(400, `${err.field}: ${err.message}`);
		throw err;
	}
	const headers = { etag: body.etag, 'content-type': 'application/json; charset=utf-8' };
	if (event.request.headers.get('if-none-match') === body.etag) return new Response(null, { status: 304, headers });
	return new Response(body.json, { headers });
};
