import { distinctActions, listEvents, verifyChain } from '$lib/server/audit';
import { requireRole } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

const PAGE = 100;

function param(url: URL, name: string, max = 200): string | undefined {
	const v = url.searchParams.get(name)?.trim();
	return v ? v.slice(0, max) : undefined;
}

/** A real calendar date (2024-13-45 is not), else ignored. */
function isoDate(v: string | undefined): string | undefined {
	if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
	const ms = Date.parse(`${v}T00:00:00Z`);
	return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v ? v : undefined;
}

export const load: PageServerLoad = ({ url }) => {
	const before = Number(url.searchParams.get('before'));
	const from = isoDate(param(url, 'from'));
	const to = isoDate(param(url, 'to'));
	// A date that is not a real day filters nothing; say so beside its field rather than ignore it quietly.
	const dateErrors: { from?: string; to?: string } = {};
	if (param(url, 'from') && !from) dateErrors.from = 'Enter the “from” date as YYYY-MM-DD, a day that exists.';
	if (param(url, 'to') && !to) dateErrors.to = 'Enter the “to” date as YYYY-MM-DD, a day that exists.';
	const filter = {
		action: param(url, 'action'),
		actor: param(url, 'actor'),
		entityType: param(url, 'entityType'),
		q: param(url, 'q'),
		from,
		// "to" is inclusive of that whole day.
		to: to ? new Date(Date.parse(to) + 86_400_000).toISOString().slice(0, 10) : undefined,
		before: Number.isSafeInteger(before) && before > 0 ? before : undefined,
		limit: PAGE + 1
	};
	const rows = listEvents(filter);
	return {
		events: rows.slice(0, PAGE),
		nextBefore: rows.length > PAGE ? rows[PAGE - 1].seq : null,
		actions: distinctActions(),
		dateErrors,
		// A refused date is shown again as typed, to be corrected.
		filter: { action: filter.action ?? '', actor: filter.actor ?? '', entityType: filter.entityType ?? '', q: filter.q ?? '', from: from ?? param(url, 'from') ?? '', to: to ?? param(url, 'to') ?? '' }
	};
};

export const actions: Actions = {
	verify: (event) => {
		requireRole(event, 'admin');
		return { verification: verifyChain() };
	}
};
