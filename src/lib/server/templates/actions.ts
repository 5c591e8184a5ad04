// Turns a TemplateError (or any other domain refusal, such as a lost race) into the form failure every template page shows.
import { fail } from '@sveltejs/kit';
import { formProblem } from '../../validation/form';
import { DomainError } from '../errors';
import { TemplateError } from './documents';

export function templateFailure(action: string, err: unknown, extra: Record<string, unknown> = {}) {
	if (!(err instanceof DomainError)) throw err;
	const problems = err instanceof TemplateError ? err.problems : [];
	return fail(err.status, {
		action,
		message: err.message,
		field: err.field,
		problems: problems.slice(0, 200).map((p) => ({ path: p.path, message: p.message })),
		moreProblems: Math.max(0, problems.length - 200),
		...extra
	});
}

/** Text of an uploaded file field, or a TemplateError naming the field. */
export async function uploadedText(form: FormData, field: string, maxBytes = 1_000_000): Promise<string> {
	const problem = formProblem(form, { files: [field] });
	if (problem) throw new TemplateError(problem.field, problem.message);
	const file = form.get(field);
	if (!(file instanceof File) || file.size === 0) throw new TemplateError(field, 'Choose a JSON file to upload.');
	if (file.size > maxBytes) throw new TemplateError(field, `The file is larger than ${Math.round(maxBytes / 1000)} kB.`);
	return (await file.text()).replace(/^\uFEFF/, '');
}
