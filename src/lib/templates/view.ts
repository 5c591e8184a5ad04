// How a template reads to a person: type names, and each section's and
// question's share of the whole score. Pure, for the viewer and the editor.
import type { PlatformKind, Question, Template } from '../scoring/index';
import { KIND_LABELS } from '../platforms/labels';

export const TYPE_LABELS: Record<Question['type'], string> = {
	yes_no: 'Yes / no',
	yes_partial_no: 'Yes / partial / no',
	maturity: 'Maturity 0–5',
	choice: 'Single choice',
	multi_choice: 'Multiple choice',
	number: 'Number with bands',
	percent: 'Percentage',
	text: 'Free text (not scored)'
};

export interface QuestionView {
	question: Question;
	/** Share of the overall score when every question applies, 0–100. */
	share: number;
}

export interface SectionView {
	id: string;
	title: string;
	description?: string;
	/** The kinds of platform it asks about; undefined for every kind. */
	appliesTo?: readonly PlatformKind[];
	weight: number;
	/** Share of the overall score, 0–100. */
	share: number;
	questions: QuestionView[];
	knockouts: number;
}

const scored = (q: Question) => q.type !== 'text';

export function sectionViews(t: Template): SectionView[] {
	const weightOf = (w: number | undefined, fallback: number) => (w === undefined ? fallback : w);
	const sections = t.sections.map((s) => {
		const qs = s.questions.map((q) => ({ q, w: scored(q) ? weightOf(q.weight, 1) : 0 }));
		return { s, w: weightOf(s.weight, 1), qs, qTotal: qs.reduce((a, x) => a + x.w, 0) };
	});
	// Sections without scored weight do not count, as in the scoring rules.
	const total = sections.reduce((a, x) => a + (x.qTotal > 0 ? x.w : 0), 0);
	return sections.map(({ s, w, qs, qTotal }) => {
		const share = total > 0 && qTotal > 0 ? (100 * w) / total : 0;
		return {
			id: s.id,
			title: s.title ?? s.id,
			description: s.description,
			appliesTo: s.appliesTo,
			weight: w,
			share,
			questions: qs.map(({ q, w: qw }) => ({ question: q, share: qTotal > 0 ? (share * qw) / qTotal : 0 })),
			knockouts: s.questions.filter((q) => q.critical).length
		};
	});
}

/** "Centralised exchange, Custodian": kinds as people read them. */
export function kindNames(kinds: readonly PlatformKind[]): string {
	return kinds.map((k) => KIND_LABELS[k]).join(', ');
}

export function formatShare(share: number): string {
	// A weight over the bound (stored before it existed) leaves no share to show.
	if (!Number.isFinite(share)) return '—';
	if (share === 0) return '0%';
	if (share < 0.1) return '<0.1%';
	return `${share < 10 ? share.toFixed(1) : share.toFixed(0)}%`;
}
