// Fetches a comparison's answers and history from /compare/details after the
// first view. Responses are no-store (they hold what platforms disclose), so
// the browser keeps nothing; this module keeps the last few in memory with
// their tags and asks "changed?" (If-None-Match): the server answers 304
// until the database changes what they would say.
import type { CompareDetails } from '$lib/compare/types';

const KEPT = 8;
const kept = new Map<string, { etag: string; details: CompareDetails }>();

/** `query`: the `c` parameters of the comparison, as the page's URL has them. */
export async function fetchDetails(query: string, signal?: AbortSignal): Promise<CompareDetails> {
	const url = `/compare/details?${query}`;
	const known = kept.get(url);
	const response = await fetch(url, { headers: known ? { 'if-none-match': known.etag } : {}, signal });
	if (response.status === 304 && known) return known.details;
	if (!response.ok) {
		const message = ((await response.json().catch(() => null)) as { message?: string } | null)?.message;
		throw new Error(message ?? `The answers could not be loaded (${response.status}).`);
	}
	const details = (await response.json()) as CompareDetails;
	const etag = response.headers.get('etag');
	if (etag) {
		kept.delete(url);
		if (kept.size >= KEPT) kept.delete(kept.keys().next().value!);
		kept.set(url, { etag, details });
	}
	return details;
}

/** The candidates part of a comparison's state as a query: what the details depend on. */
export function candidatesQuery(candidates: ReadonlyArray<{ platformId: number; assessmentId: number | null }>): string {
	return candidates.map((c) => `c=${c.assessmentId === null ? c.platformId : `${c.platformId}@${c.assessmentId}`}`).join('&');
}
