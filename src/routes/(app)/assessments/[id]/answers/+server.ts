// Autosave: PUT one answer as JSON. The reply is the saved answer with its
// new version, 409 with the newer answer on a conflict (or for a platform's
// self-assessment, whose answers staff never change), 423 once the
// assessment is locked, or 400 naming the problem.
import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { ASSURANCE_LEVELS } from '$lib/scoring/index';
import * as assessments from '$lib/server/assessments';
import { refusedJson, requireRole } from '$lib/server/http';
import type { RequestHandler } from './$types';

const body = z.object({
	questionId: z.string().min(1).max(64),
	value: z.union([z.string().max(10_000), z.number(), z.array(z.string().max(200)).max(200), z.null()]),
	na: z.boolean(),
	assurance: z.enum(ASSURANCE_LEVELS),
	note: z.string().max(10_000),
	expectedVersion: z.number().int().min(0)
});

export const PUT: RequestHandler = async (event) => {
	const user = requireRole(event, 'admin', 'analyst');
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such assessment.');
	// Only JSON: a cross-site form cannot send it without a CORS preflight we never grant.
	if (!event.request.headers.get('content-type')?.startsWith('application/json')) error(415, 'Send the answer as JSON.');
	let input: unknown;
	try {
		input = await event.request.json();
	} catch {
		return json({ field: 'body', message: 'The body is not valid JSON.' }, { status: 400 });
	}
	const parsed = body.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return json({ field: issue.path.join('.') || 'body', message: issue.message }, { status: 400 });
	}
	const { questionId, expectedVersion, ...rest } = parsed.data;
	try {
		const saved = assessments.saveAnswer(user.actor, id, questionId, rest, expectedVersion, { as: 'staff' });
		return json({ answer: saved });
	} catch (err) {
		if (err instanceof assessments.ConflictError) return json({ field: 'version', message: err.message, current: err.current }, { status: 409 });
		// 423: the assessment is locked (submitted or final), which the answer sheet tells apart from a bad value.
		if (err instanceof assessments.AssessmentError && err.field === 'state') return json({ field: err.field, message: err.message }, { status: 423 });
		return refusedJson(err);
	}
};
