// A question's reading texts (guidance, review guidance, source), apart from
// the rest of its questionnaire. They are over half of a questionnaire's JSON
// (92 of ci-dd 2.0.0's 170 KB) and the assessment page shows them for the
// open section only, so the page is sent the questionnaire without them and
// one section's texts at a time. Pure, for the server and the page.
import type { Question, Section, Template } from '../scoring/types';

export const TEXT_FIELDS = ['guidance', 'reviewGuidance', 'source'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** One question's texts; a field the question does not have is absent. */
export type QuestionTexts = Partial<Pick<Question, TextField>>;

/** One section's texts, by question id. */
export interface SectionTexts {
	section: string;
	questions: Record<string, QuestionTexts>;
}

/** The questionnaire without its questions' texts: everything that scores, checks and lays out the answers. */
export function withoutTexts(doc: Template): Template {
	return {
		...doc,
		sections: doc.sections.map((s) => ({
			...s,
			questions: s.questions.map((q) => {
				const lean = { ...q };
				for (const field of TEXT_FIELDS) delete lean[field];
				return lean;
			})
		}))
	};
}

/** The section a page opens: the one asked for, else the first (as the page itself falls back). */
export function openSection(doc: Template, sectionId: string | null): Section {
	return doc.sections.find((s) => s.id === sectionId) ?? doc.sections[0];
}

export function textsOf(section: Section): SectionTexts {
	const questions: Record<string, QuestionTexts> = {};
	for (const q of section.questions) {
		const texts: QuestionTexts = {};
		for (const field of TEXT_FIELDS) if (q[field] !== undefined) texts[field] = q[field];
		questions[q.id] = texts;
	}
	return { section: section.id, questions };
}

/**
 * The questionnaire with the texts of the sections given put back. Sections
 * without texts are the very objects of `doc`, so what depends on them alone
 * is not recomputed when another section's texts arrive.
 */
export function withTexts(doc: Template, texts: ReadonlyMap<string, SectionTexts>): Template {
	if (!texts.size) return doc;
	return {
		...doc,
		sections: doc.sections.map((s) => {
			const found = texts.get(s.id);
			return found ? { ...s, questions: s.questions.map((q) => (found.questions[q.id] ? { ...q, ...found.questions[q.id] } : q)) } : s;
		})
	};
}
