// Which kinds of platform a question asks about (spec §1 `appliesTo`, §6).
// Scoring never reads this: a question that does not apply is answered N/A,
// and drops out of the figures as any N/A does.
import type { PlatformKind, Question } from './types';

type Limited = { appliesTo?: readonly PlatformKind[] };

/** The question's own list, else its section's; undefined when it applies to every kind. */
export function kindsOf(section: Limited, question: Limited): readonly PlatformKind[] | undefined {
	return question.appliesTo ?? section.appliesTo;
}

export function appliesToKind(section: Limited, question: Limited, kind: PlatformKind): boolean {
	const kinds = kindsOf(section, question);
	return kinds === undefined || kinds.includes(kind);
}

/**
 * Whether an answer set may answer the question `{"na": true}` (spec §2): when
 * it allows N/A, or when it is limited to some kinds, since a platform of
 * another kind gets it answered N/A.
 */
export function acceptsNA(section: Limited, question: Limited & Pick<Question, 'allowNA'>): boolean {
	return question.allowNA || kindsOf(section, question) !== undefined;
}
