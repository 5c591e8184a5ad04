// A template document on its own: validated, normalised, serialised and
// hashed the same way wherever it is stored, exported or compared.
import { DomainError } from '../errors';
import { createHash } from 'node:crypto';
import { validateTemplate, type Problem, type Template as TemplateDoc } from '../../scoring/index';
import { canonicalJson } from '../audit';

/** A refusal the user can act on, tied to the field or JSON path at fault. */
export class TemplateError extends DomainError {
	constructor(
		field: string,
		message: string,
		status: DomainError['status'] = 400,
		readonly problems: Problem[] = []
	) {
		super(field, message, status);
	}
}

/** The stored text of a document: normalised by validation, then pretty-printed. */
export function serialise(doc: TemplateDoc): string {
	return JSON.stringify(doc, null, 2) + '\n';
}

export function digest(doc: TemplateDoc): string {
	return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/** Validate an uploaded or edited document; every problem at once, or the normalised document. */
export function validate(input: unknown): TemplateDoc {
	const result = validateTemplate(input);
	if (!result.ok) {
		const count = result.problems.length + result.omitted;
		throw new TemplateError('json', `The template has ${count} problem${count === 1 ? '' : 's'}; nothing was saved.`, 400, result.problems);
	}
	return result.value;
}

/** Parse JSON text from a user, with the parser's complaint as the problem. */
export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new TemplateError('json', 'The file is not valid JSON; nothing was saved.', 400, [
			{ path: '(document)', keys: [], message: (err as Error).message }
		]);
	}
}
