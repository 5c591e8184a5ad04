// Download a version as its exact stored clearance-template/1 JSON.
import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/http';
import * as templates from '$lib/server/templates';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireRole(event, 'admin', 'analyst');
	const found = templates.getVersion(event.params.key, event.params.version);
	if (!found) error(404, 'There is no such template version.');
	const filename = `${found.key}-${found.doc.version}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
	return new Response(found.row.json, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'x-content-sha256': found.row.sha256
		}
	});
};
