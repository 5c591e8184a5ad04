// A review as clearance-review/1 JSON: what was pinned, every vote, the decision.
import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/http';
import { reviewId, viewerOf } from '$lib/server/reviews';
import * as reviews from '$lib/server/reviews';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	const user = requireRole(event);
	const doc = reviews.exportDocument(viewerOf(user), reviewId(event.params.id));
	if (!doc) error(404, 'There is no such review.');
	const name = `clearance-review-${doc.review.id}-${doc.review.title}`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
	return new Response(JSON.stringify(doc, null, 2) + '\n', {
		headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${name}.json"` }
	});
};
