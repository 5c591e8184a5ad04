// The edge where untrusted documents come in: every problem found, each with
// a JSON path and a message for an analyst; never a throw, never a hang.
import type { z } from 'zod';
import { asCompiled, CompiledTemplate } from './compile';
import { issueMessage } from './messages';
import { ProblemList, type OmittedParams, type Problem } from './problems';
import { answersSchema, profileSchema, templateSchema } from './schema';
import type { AnswerSet, Profile, Template } from './types';

export type Validation<T> =
	| { ok: true; value: T }
	| {
			ok: false;
			/** The first MAX_PROBLEMS problems in document order. */
			problems: Problem[];
			/** How many more were found but not listed. */
			omitted: number;
	  };

export function validateTemplate(input: unknown): Validation<Template> {
	return run(templateSchema, input);
}

/**
 * Checks an answer set against a template. Pass a compiled template when
 * checking many sets: its schema is built once and reused. With `null` (the
 * template itself is invalid) only the answer set's own shape is checked.
 */
export function validateAnswers(input: unknown, template: Template | CompiledTemplate | null): Validation<AnswerSet> {
	return run(schemaFor(answersCache, template, answersSchema, nullAnswers), input, 'answers');
}

/** Checks a weight profile against a template (or, with `null`, only its shape). */
export function validateProfile(input: unknown, template: Template | CompiledTemplate | null): Validation<Profile> {
	return run(schemaFor(profileCache, template, profileSchema, nullProfile), input, 'sections');
}

const answersCache = new WeakMap<CompiledTemplate, z.ZodType<AnswerSet, unknown>>();
const profileCache = new WeakMap<CompiledTemplate, z.ZodType<Profile, unknown>>();
const nullAnswers = answersSchema(null);
const nullProfile = profileSchema(null);

function schemaFor<T>(
	cache: WeakMap<CompiledTemplate, z.ZodType<T, unknown>>,
	template: Template | CompiledTemplate | null,
	build: (ct: CompiledTemplate) => z.ZodType<T, unknown>,
	withoutTemplate: z.ZodType<T, unknown>
): z.ZodType<T, unknown> {
	if (template === null) return withoutTemplate;
	if (!(template instanceof CompiledTemplate)) return build(asCompiled(template));
	let schema = cache.get(template);
	if (!schema) cache.set(template, (schema = build(template)));
	return schema;
}

function run<T>(schema: z.ZodType<T, unknown>, input: unknown, recordField?: string): Validation<T> {
	const list = new ProblemList(recordField);
	try {
		const result = schema.safeParse(input, { error: issueMessage });
		if (result.success) return { ok: true, value: result.data };
		for (const issue of result.error.issues) {
			const omitted = issue.code === 'custom' ? (issue.params as Partial<OmittedParams> | undefined)?.omitted : undefined;
			if (typeof omitted === 'number') {
				list.omitted += omitted;
				continue;
			}
			list.add(
				issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k)),
				issue.message
			);
		}
	} catch (err) {
		// Only reachable from the JS API (getters, proxies); JSON input cannot throw here.
		list.add([], `could not be read (${err instanceof Error ? err.message.slice(0, 200) : 'unknown error'})`);
	}
	return { ok: false, problems: list.problems, omitted: list.omitted };
}
