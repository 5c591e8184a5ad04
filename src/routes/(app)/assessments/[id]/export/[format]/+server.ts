// The answers as clearance-answers/1 JSON (which the CLI rescores) or as CSV.
import { error } from '@sveltejs/kit';
import * as assessments from '$lib/server/assessments';
import { csvResponse, requireRole } from '$lib/server/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => {
	requireRole(event);
	const detail = assessments.get(Number(event.params.id));
	if (!detail) error(404, 'There is no such assessment.');
	const base = `${detail.platform.name}-${detail.template.key}-${detail.template.version}-assessment-${detail.assessment.id}`.replace(/[^A-Za-z0-9._-]+/g, '_');
	if (event.params.format === 'json') {
		return new Response(JSON.stringify(assessments.answersDocument(detail), null, 2) + '\n', {
			headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${base}.answers.json"` }
		});
	}
	// A self-assessment's json is what was verified; the platform's own answers come separately.
	if (event.params.format === 'claims' && detail.assessment.origin === 'self') {
		return new Response(JSON.stringify(assessments.claimsDocument(detail), null, 2) + '\n', {
			headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${base}.claims.json"` }
		});
	}
	if (event.params.format === 'csv') {
		const self = detail.assessment.origin === 'self';
		const verified = assessments.answersDocument(detail).answers;
		const rows = [['section', 'question', 'prompt', 'type', 'value', 'not_applicable', 'assurance', 'note', 'evidence', ...(self ? ['verification', 'verified_value', 'verified_not_applicable', 'rationale_or_question'] : [])]];
		for (const s of detail.template.doc.sections) {
			for (const q of s.questions) {
				const a = detail.answers[q.id];
				const proof = detail.evidence.filter((e) => e.questionId === q.id).map((e) => (e.kind === 'link' ? e.url : `${e.filename} (sha256 ${e.sha256})`));
				const row = [s.id, q.id, q.prompt ?? '', q.type, a?.na ? '' : (a?.value ?? ''), a?.na ? 'yes' : '', a ? a.assurance : '', a?.note ?? '', proof.join(' | ')] as string[];
				if (self) {
					const v = detail.verifications[q.id];
					const after = verified[q.id];
					row.push(v?.decision ?? '', after && !after.na ? (after.value as string) : '', after?.na ? 'yes' : '', v ? v.rationale || v.comment : '');
				}
				rows.push(row);
			}
		}
		return csvResponse(rows, `${base}.answers.csv`);
	}
	error(404, 'Export as json or csv.');
};
