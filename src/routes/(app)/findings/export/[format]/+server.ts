// Every finding of the portfolio, as a clearance-findings/1 document or as CSV with the same columns.
import { error } from '@sveltejs/kit';
import { findingsCsvRows, findingsDocument } from '$lib/server/findings';
import { csvResponse, requireRole } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireRole(event);
	const { format } = event.params;
	if (format !== 'json' && format !== 'csv') error(404, 'Export as json or csv.');
	const doc = findingsDocument(null)!;
	const base = `clearance-findings-${doc.generatedAt.slice(0, 10)}`;
	if (format === 'csv') return csvResponse(findingsCsvRows(doc), `${base}.csv`);
	return new Response(JSON.stringify(doc, null, 2) + '\n', { headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${base}.json"` } });
};
