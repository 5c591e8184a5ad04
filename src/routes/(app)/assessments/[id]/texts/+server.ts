// One section's reading texts (guidance, review guidance, source) for the
// assessment page, which is sent its questionnaire without them and the open
// section's only: another section's come from here when it is opened.
// A template version never changes, so the body is made once per version and
// section, and tagged: a page that has it already is told "unchanged" (304).
// Like every dynamic response it is no-store (hooks); the page keeps what it
// fetched in memory.
import { error } from '@sveltejs/kit';
import * as assessments from '$lib/server/assessments';
import { requireRole } from '$lib/server/http';
import { sectionTexts } from '$lib/server/templates';
import type { RequestHandler } from './$types';

// Every role reads assessments (as on the page), and the review guidance is for staff, which every role is.
export const GET: RequestHandler = (event) => {
	requireRole(event);
	const id = Number(event.params.id);
	const found = Number.isSafeInteger(id) && id > 0 ? assessments.outline(id) : undefined;
	if (!found) error(404, 'There is no such assessment.');
	const sectionId = event.url.searchParams.get('section');
	if (!sectionId) error(400, 'section: name the section whose texts you want.');
	if (!found.template.doc.sections.some((s) => s.id === sectionId)) error(404, 'section: this questionnaire has no such section.');
	const body = sectionTexts(found.template.doc, sectionId);
	const headers = { etag: body.etag, 'content-type': 'application/json; charset=utf-8' };
	if (event.request.headers.get('if-none-match') === body.etag) return new Response(null, { status: 304, headers });
	return new Response(body.json, { headers });
};
