import { dayOf } from '$lib/findings/vocabulary';
import * as findings from '$lib/server/findings';
import { error } from '@sveltejs/kit';
import { isAnswered } from '$lib/assessments/answer-input';
import type { AnswerView, EvidenceView } from '$lib/server/assessments';
import * as assessments from '$lib/server/assessments';
import type { Question } from '$lib/scoring/index';
import { notApplicableLabel } from '$lib/assessments/not-applicable';
import type { PageServerLoad } from './$types';

function assessmentId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'There is no such assessment.');
	return id;
}

const YES_PARTIAL_NO: Record<string, string> = { yes: 'Yes', partial: 'Partly', no: 'No' };

/** An answer as a reader of the report says it: labels, not stored codes. */
function answerInWords(q: Question, a: AnswerView | undefined): string {
	if (a?.na) return a.notApplicableTo ? notApplicableLabel(a.notApplicableTo) : 'Not applicable';
	const value = a?.value;
	if (value === null || value === undefined || value === '') return 'Unanswered';
	switch (q.type) {
		case 'yes_no':
		case 'yes_partial_no':
			return YES_PARTIAL_NO[String(value)] ?? String(value);
		case 'maturity':
			return q.levels?.[Number(value)] ?? `Level ${value} of 5`;
		case 'choice':
			return q.options.find((o) => o.value === value)?.label ?? String(value);
		case 'multi_choice': {
			const chosen = Array.isArray(value) ? value : [String(value)];
			return chosen.length ? chosen.map((v) => q.options.find((o) => o.value === v)?.label ?? v).join('; ') : 'None of these';
		}
		case 'number':
			return q.unit ? `${value} ${q.unit}` : String(value);
		case 'percent':
			return `${value}%`;
		default:
			return String(value);
	}
}

function evidenceItem(assessment: number, e: EvidenceView) {
	return e.kind === 'file'
		? { id: e.id, kind: 'file' as const, name: e.filename ?? 'file', sha256: e.sha256, href: `/assessments/${assessment}/evidence/${e.id}` }
		: { id: e.id, kind: 'link' as const, name: e.label || e.url || 'link', sha256: null, href: e.url ?? '' };
}

export const load: PageServerLoad = ({ params }) => {
	const id = assessmentId(params.id);
	const detail = assessments.get(id);
	if (!detail) error(404, 'There is no such assessment.');
	const { assessment, template } = detail;
	// A final assessment reports the figures stored when it was locked;
	// anything else is scored as its answers stand and may still change.
	const stored = assessment.state === 'final' && detail.result !== null;
	const result = stored ? detail.result!.result : assessments.currentScore(detail);
	const figures = new Map(result.sections.map((s) => [s.id, s]));
	const knockouts = new Map(result.knockouts.map((k) => [k.question, k]));
	const sections = template.doc.sections.map((s) => ({
		id: s.id,
		title: s.title ?? s.id,
		description: s.description ?? null,
		weight: figures.get(s.id)?.weight ?? s.weight,
		score: figures.get(s.id)?.score ?? null,
		assuredScore: figures.get(s.id)?.assuredScore ?? null,
		coverage: figures.get(s.id)?.coverage ?? null,
		questions: s.questions.map((q) => {
			const a = detail.answers[q.id];
			const answered = isAnswered(a);
			return {
				id: q.id,
				prompt: q.prompt ?? q.id,
				scored: q.type !== 'text',
				answer: answerInWords(q, a),
				answered,
				/** N/A because the question is for other kinds of platform, not by anyone's choice. */
				notApplicable: a?.na === true && a.notApplicableTo !== null,
				assurance: answered && !a.na ? a.assurance : null,
				note: a?.note || null,
				knockout: knockouts.get(q.id) ?? null,
				critical: q.critical ?? null,
				evidence: detail.evidence.filter((e) => e.questionId === q.id).map((e) => evidenceItem(id, e)),
				/** Why this evidence-required answer stands without evidence, and who said so. */
				waiver: detail.waivers[q.id] ?? null
			};
		})
	}));
	const prompts = new Map(sections.flatMap((s) => s.questions.map((q) => [q.id, q.prompt] as const)));
	const titles = new Map(sections.map((s) => [s.id, s.title]));
	return {
		assessment: {
			id,
			state: assessment.state,
			createdAt: assessment.createdAt,
			submittedAt: assessment.submittedAt,
			submittedBy: assessments.nameOf(assessment.submittedBy),
			finalizedAt: assessment.finalizedAt,
			finalizedBy: assessments.nameOf(assessment.finalizedBy),
			// Four eyes relaxed: one person both submitted and finalised it (only possible under the one-person-team setting).
			samePerson: assessment.state === 'final' && assessment.submittedBy !== null && assessment.submittedBy === assessment.finalizedBy,
			dueDate: assessment.dueDate,
			validUntil: assessment.validUntil
		},
		platform: detail.platform,
		template: { key: template.key, version: template.version, title: template.doc.title, sha256: template.sha256 },
		stored,
		computedAt: stored ? detail.result!.computedAt : Date.now(),
		overall: result.overall,
		profile: result.profile,
		knockouts: result.knockouts.map((k) => ({ ...k, prompt: prompts.get(k.question) ?? k.question, sectionTitle: titles.get(k.section) ?? k.section })),
		// What this assessment left the platform to fix (effective statuses: a lapsed acceptance reads open).
		findings: findings.listForAssessment(id, dayOf(Date.now())),
		sections
	};
};
