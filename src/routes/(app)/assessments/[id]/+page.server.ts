import { error, fail, redirect } from '@sveltejs/kit';
import { sectionEntries } from '$lib/server/answer-form';
import * as assessments from '$lib/server/assessments';
import { addLink, removeEvidence, uploadEvidence } from '$lib/server/evidence';
import { requireRole } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

function assessmentId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such assessment.');
	return id;
}

export const load: PageServerLoad = ({ params, locals }) => {
	const detail = assessments.get(assessmentId(params.id));
	if (!detail) error(404, 'There is no such assessment.');
	const role = locals.user!.role;
	return {
		detail,
		// Committee members read; analysts and admins write, until it is final.
		// A self-assessment's answers are the platform's claims: staff read them, never edit them.
		canEdit: role !== 'committee' && detail.assessment.state !== 'final' && detail.assessment.origin !== 'self',
		canRecompute: role === 'admin' && detail.assessment.state === 'final',
		canAmend: role !== 'committee' && detail.assessment.state === 'final'
	};
};

const CLAIMS_KEPT =
	'These are the platform’s own answers from its self-assessment. They are kept exactly as it gave them, and only the platform submits them.';

/** Staff may not write into a self-assessment: the platform's claims stay as it gave them. */
function claimsKept(action: string, id: number) {
	return assessments.get(id)?.assessment.origin === 'self' ? fail(409, { action, field: 'origin', message: CLAIMS_KEPT }) : null;
}

/** Run an action's change; an AssessmentError becomes a form failure naming its field. */
function attempt<T>(action: string, change: () => T) {
	try {
		return { ok: true as const, value: change() };
	} catch (err) {
		if (err instanceof assessments.AssessmentError) {
			return { ok: false as const, failure: fail(400, { action, field: err.field, message: err.message }) };
		}
		throw err;
	}
}

export const actions: Actions = {
	/** The plain-submit path: every question of one section in one form. */
	saveSection: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const kept = claimsKept('saveSection', assessmentId(event.params.id));
		if (kept) return kept;
		const id = assessmentId(event.params.id);
		const detail = assessments.get(id);
		if (!detail) error(404, 'There is no such assessment.');
		const form = await event.request.formData();
		const sectionId = String(form.get('section') ?? '');
		const section = detail.template.doc.sections.find((s) => s.id === sectionId);
		if (!section) return fail(400, { action: 'saveSection', field: 'section', message: 'Unknown section.' });
		const entries = sectionEntries(section, form);
		const attempted = attempt('saveSection', () => assessments.saveAnswers({ id: user.id, label: user.email }, id, entries));
		if (!attempted.ok) return attempted.failure;
		const outcome = attempted.value;
		if (Object.keys(outcome.errors).length || outcome.conflicts.length) {
			return fail(400, {
				action: 'saveSection',
				section: sectionId,
				message: outcome.conflicts.length
					? 'Someone else changed answers in this section meanwhile. Their answers are shown below; nothing of yours was saved.'
					: 'Some answers need correcting; nothing was saved.',
				errors: outcome.errors,
				conflicts: outcome.conflicts,
				submitted: Object.fromEntries(entries.map((e) => [e.questionId, e.input]))
			});
		}
		return { action: 'saveSection', section: sectionId, done: outcome.saved ? `Saved ${outcome.saved} answer${outcome.saved === 1 ? '' : 's'}.` : 'Nothing had changed.' };
	},
	uploadEvidence: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const kept = claimsKept('uploadEvidence', assessmentId(event.params.id));
		if (kept) return kept;
		const id = assessmentId(event.params.id);
		const form = await event.request.formData();
		const file = form.get('file');
		const questionId = String(form.get('questionId') ?? '');
		if (!(file instanceof File)) return fail(400, { action: 'uploadEvidence', field: 'file', questionId, message: 'Choose a file to upload.' });
		try {
			const saved = await uploadEvidence({ id: user.id, label: user.email }, id, questionId, file);
			return { action: 'uploadEvidence', questionId, done: `Uploaded ${saved.filename} (SHA-256 ${saved.sha256}).`, evidence: saved };
		} catch (err) {
			if (err instanceof assessments.AssessmentError) return fail(400, { action: 'uploadEvidence', field: err.field, questionId, message: err.message });
			throw err;
		}
	},
	addLink: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const kept = claimsKept('addLink', assessmentId(event.params.id));
		if (kept) return kept;
		const id = assessmentId(event.params.id);
		const form = await event.request.formData();
		const questionId = String(form.get('questionId') ?? '');
		const r = attempt('addLink', () => addLink({ id: user.id, label: user.email }, id, questionId, String(form.get('url') ?? '').trim(), String(form.get('label') ?? '').trim()));
		return r.ok ? { action: 'addLink', questionId, done: 'Link added.', evidence: r.value } : r.failure;
	},
	removeEvidence: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const kept = claimsKept('removeEvidence', assessmentId(event.params.id));
		if (kept) return kept;
		const id = assessmentId(event.params.id);
		const evidenceId = Number((await event.request.formData()).get('evidenceId'));
		const r = attempt('removeEvidence', () => removeEvidence({ id: user.id, label: user.email }, id, evidenceId));
		return r.ok ? { action: 'removeEvidence', questionId: r.value.questionId, done: 'Evidence removed.' } : r.failure;
	},
	submit: (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const kept = claimsKept('submit', assessmentId(event.params.id));
		if (kept) return kept;
		const r = attempt('submit', () => assessments.submit({ id: user.id, label: user.email }, assessmentId(event.params.id)));
		return r.ok ? { action: 'submit', done: 'Submitted for review.' } : r.failure;
	},
	reopen: (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const r = attempt('reopen', () => assessments.reopen({ id: user.id, label: user.email }, assessmentId(event.params.id)));
		return r.ok ? { action: 'reopen', done: 'Back to draft.' } : r.failure;
	},
	finalize: async (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const validUntil = String((await event.request.formData()).get('validUntil') ?? '').trim() || null;
		const r = attempt('finalize', () => assessments.finalize({ id: user.id, label: user.email }, assessmentId(event.params.id), { validUntil }));
		return r.ok ? { action: 'finalize', done: 'Finalised: the assessment is locked and its figures are stored.' } : r.failure;
	},
	amend: (event) => {
		const user = requireRole(event, 'admin', 'analyst');
		const r = attempt('amend', () => assessments.amend({ id: user.id, label: user.email }, assessmentId(event.params.id)));
		if (!r.ok) return r.failure;
		redirect(303, `/assessments/${r.value.assessment.id}`);
	},
	recompute: (event) => {
		const user = requireRole(event, 'admin');
		const r = attempt('recompute', () => assessments.recompute({ id: user.id, label: user.email }, assessmentId(event.params.id)));
		if (!r.ok) return r.failure;
		return {
			action: 'recompute',
			done: r.value.changed
				? `The stored figures differed and were replaced: score ${r.value.before?.overall.score ?? '—'} → ${r.value.after.overall.score}, grade ${r.value.before?.overall.grade ?? '—'} → ${r.value.after.overall.grade}.`
				: 'Recomputed: the stored figures match the answers exactly.'
		};
	}
};
