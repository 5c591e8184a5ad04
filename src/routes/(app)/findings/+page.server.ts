import { cachedRead } from '$lib/server/db/read-cache';
import { findingsFilter, LIST_PAGE, listFindings, platformsWithFindings } from '$lib/server/findings';
import type { PageServerLoad } from './$types';

// Every role reads the portfolio's findings (the route policy has checked);
// the list is the same for every reader, so it is kept until the database
// changes or the day turns (an acceptance running out changes a status).
export const load: PageServerLoad = ({ url }) => {
	const filter = findingsFilter(url.searchParams);
	const page = Math.max(1, Math.min(10_000, Math.floor(Number(url.searchParams.get('page')) || 1)));
	const day = new Date().toISOString().slice(0, 10);
	const list = cachedRead(`findings:${day}:${JSON.stringify(filter)}:${page}`, () => listFindings(filter, page));
	return { filter, page, pageSize: LIST_PAGE, ...list, platforms: cachedRead('findings:platforms', platformsWithFindings) };
};
