// Evidence files go only to signed-in users, as evidenceDownload sends every
// evidence file (a sandboxed download, never sniffed, safely named).
import { evidenceDownload, evidenceRow } from '$lib/server/evidence';
import { requireRole } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireRole(event);
	return evidenceDownload(evidenceRow(Number(event.params.id), Number(event.params.evidenceId)));
};
