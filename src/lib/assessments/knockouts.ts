// How a knock-out reads wherever it shows: by its question's prompt and
// section, never by its id alone (`hiring.live-interview` means nothing to a
// committee); the id stays at hand for the analyst who needs it.
import type { Knockout, KnockoutReason } from '../scoring/index';

/** What a template says about a question: enough to name it. */
export interface QuestionName {
	prompt: string;
	sectionTitle: string;
}

/** Anything shaped like a template: sections of questions, titles and prompts optional. */
interface Outline {
	sections: ReadonlyArray<{ id: string; title?: string; questions: ReadonlyArray<{ id: string; prompt?: string }> }>;
}

/** Question id → its prompt and section title, over one or more templates; the first template naming an id wins. */
export function questionNames(...outlines: Outline[]): Map<string, QuestionName> {
	const names = new Map<string, QuestionName>();
	for (const outline of outlines)
		for (const s of outline.sections)
			for (const q of s.questions) if (!names.has(q.id)) names.set(q.id, { prompt: q.prompt?.trim() || q.id, sectionTitle: s.title?.trim() || s.id });
	return names;
}

export const KNOCKOUT_REASON_TEXT: Record<KnockoutReason, string> = { unanswered: 'unanswered', below: 'below the minimum' };

export interface KnockoutLabel {
	/** The question id, for the tooltip and for print. */
	id: string;
	prompt: string;
	sectionTitle: string;
	capGrade: string;
	reason: KnockoutReason;
	/** One plain sentence: for chart tooltips, alt text and exports. */
	sentence: string;
}

/**
 * A knock-out as people read it. A question the templates do not name (a
 * stored result older than its template's edit) falls back to its id, so
 * nothing is hidden; the section then reads as its id too.
 */
export function knockoutLabel(k: Pick<Knockout, 'question' | 'capGrade' | 'reason'> & { section?: string }, names: Map<string, QuestionName>): KnockoutLabel {
	const named = names.get(k.question);
	const prompt = named?.prompt ?? k.question;
	const sectionTitle = named?.sectionTitle ?? k.section ?? '';
	return {
		id: k.question,
		prompt,
		sectionTitle,
		capGrade: k.capGrade,
		reason: k.reason,
		sentence: `${prompt} (${KNOCKOUT_REASON_TEXT[k.reason]}) caps the grade at ${k.capGrade}`
	};
}
