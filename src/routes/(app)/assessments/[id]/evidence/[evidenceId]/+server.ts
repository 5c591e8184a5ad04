// Evidence files go only to signed-in users, always as a download, sandboxed
// and never sniffed, so a crafted file cannot run in the app's origin; and
// under a name ending in its type's extension, so it cannot run on the
// analyst's machine either (rows stored before that rule included).
import fs from 'node:fs';
import { error } from '@sveltejs/kit';
import { blobPath, evidenceFilename, evidenceRow } from '$lib/server/evidence';
import { requireRole } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireRole(event);
	const row = evidenceRow(Number(event.params.id), Number(event.params.evidenceId));
	if (!row || row.kind !== 'file' || !row.sha256) error(404, 'There is no such file.');
	let bytes: Buffer;
	try {
		bytes = fs.readFileSync(blobPath(row.sha256));
	} catch {
		error(404, 'The file is missing from storage.');
	}
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': row.mediaType ?? 'application/octet-stream',
			// The name holds only letters, digits, dot, dash, underscore and space: nothing to escape.
			'content-disposition': `attachment; filename="${evidenceFilename(row.filename, row.mediaType)}"`,
			'content-security-policy': 'sandbox',
			'x-content-type-options': 'nosniff',
			'x-content-sha256': row.sha256
		}
	});
};
