// The refusal every review step raises and the limits it enforces, kept apart
// so reviews.ts and review-pinning.ts share them without importing each other.
import { DomainError } from '../errors';
import { controlCharactersMessage, hasControlCharacters } from '../../validation/text';

/** A refusal the user can act on, tied to the field at fault; `problems` names each bad entry. */
export class ReviewError extends DomainError {
	constructor(
		field: string,
		message: string,
		status: DomainError['status'] = 400,
		readonly problems?: Record<string, string>
	) {
		super(field, message, status);
	}
}

export const LIMITS = { title: 200, mandate: 5_000, vote: 2_000, decision: 5_000, profileName: 80, minCandidates: 2, maxCandidates: 12 } as const;

/** Trimmed text of at most `limit` characters; only a title is a single line. */
export function text(field: string, raw: unknown, limit: number, missing: string, what: string): string {
	const value = typeof raw === 'string' ? raw.trim() : '';
	if (!value) throw new ReviewError(field, missing);
	if (value.length > limit) throw new ReviewError(field, `${what} has at most ${limit.toLocaleString('en')} characters.`);
	const multiline = field !== 'title';
	if (hasControlCharacters(value, { multiline })) throw new ReviewError(field, controlCharactersMessage(what, { multiline }));
	return value;
}

/** One error for a list of problems: the problem itself when there is one. */
export function problemsError(field: string, problems: Record<string, string>, several: (n: number) => string): ReviewError {
	const messages = Object.values(problems);
	return new ReviewError(field, messages.length === 1 ? messages[0] : several(messages.length), 400, problems);
}
