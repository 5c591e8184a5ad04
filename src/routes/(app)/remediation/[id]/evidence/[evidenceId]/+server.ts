// A remediation's evidence file, for the analyst who verifies the fix: sent
// the way every evidence file is (a sandboxed download, never sniffed, under
// a name ending in its type's extension).
import fs from 'node:fs';
import { error } from '@sveltejs/kit';
import { blobPath, evidenceFilename } from '$lib/server/evidence';
import { requireRole } from '$lib/server/http';
import { evidenceOf } from '$lib/server/remediation';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireRole(event, 'admin', 'analyst');
	const row = evidenceOf(Number(event.params.id), Number(event.params.evidenceId));
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
