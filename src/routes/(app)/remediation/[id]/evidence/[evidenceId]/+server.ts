// A remediation's evidence file, for the analyst who verifies the fix: sent
// the way every evidence file is (evidenceDownload).
import { evidenceDownload } from '$lib/server/evidence';
import { requireRole } from '$lib/server/http';
import { evidenceOf } from '$lib/server/remediation';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireRole(event, 'admin', 'analyst');
	return evidenceDownload(evidenceOf(Number(event.params.id), Number(event.params.evidenceId)));
};
