// Sending an evidence file, an answer's or a remediation's: always as a
// download, sandboxed and never sniffed, so a crafted file cannot run in the
// app's origin; and under a name ending in its type's extension, so it cannot
// run on the analyst's machine either (rows stored before that rule included).
import fs from 'node:fs';
import { error } from '@sveltejs/kit';
import { blobPath, evidenceFilename } from './store';

interface FileRow {
	kind: 'file' | 'link';
	sha256: string | null;
	filename: string | null;
	mediaType: string | null;
}

/** The response for an evidence row: its file, or a 404 when it is no file or its bytes are gone. */
export function evidenceDownload(row: FileRow | undefined | null): Response {
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
}
