// Zod schemas for the three interchange documents (spec §1–3), shared by the
// server, the browser and the CLI. Prefer `validate*` from './validate', which
// runs these with analyst-friendly messages and numbered JSON paths.
import { z } from 'zod';
import { readAnswerEntries } from './answer-rules';
import { asCompiled, type CompiledTemplate } from './compile';
import { isRecord } from './json';
import { capReports, quote, type OmittedParams } from './problems';
import {
	ANSWERS_FORMAT,
	ASSURANCE_LEVELS,
	EVIDENCE_HINTS,
	PLATFORM_KINDS,
	PROFILE_FORMAT,
	TEMPLATE_FORMAT,
	type AnswerSet,
	type Profile,
	type Template
} from './types';
import { DEFAULT_ASSURANCE, DEFAULT_GRADES, ID_PATTERN, MAX_WEIGHT } from './defaults';
import { gradeRules, kindRules, optionRules, templateRules } from './template-rules';
import { hasControlCharacters, hasLoneSurrogates } from '../validation/text';

export { DEFAULT_ASSURANCE, DEFAULT_GRADES, ID_PATTERN, MAX_WEIGHT };

/** Run the cross-field rules even when the structure has problems, so every problem is found at once. */
const always = { when: () => true };

const id = z.string().regex(ID_PATTERN, {
	error: 'expected 1 to 64 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit'
});
// Text a reader sees holds no control characters, text-direction overrides or
// lone surrogates (see validation/text); a name or a title is also one line.
// Every other string is at least well-formed: stored, it must be valid UTF-8.
const OVERRIDES = 'text-direction overrides (U+202A–U+202E, U+2066–U+2069)';
const BROKEN = 'broken characters (lone UTF-16 surrogates)';
const freeText = z.string().refine((s) => !hasControlCharacters(s, { multiline: true }), { error: `must not contain control characters (such as NUL), ${OVERRIDES} or ${BROKEN}` });
const oneLine = z.string().refine((s) => !hasControlCharacters(s), { error: `must be one line, without control characters (such as NUL or tabs), ${OVERRIDES} or ${BROKEN}` });
const wellFormed = z.string().refine((s) => !hasLoneSurrogates(s), { error: `must not contain ${BROKEN}` });
const nonEmpty = z.string().min(1).pipe(oneLine);
const TOO_HEAVY = `must be at most ${MAX_WEIGHT.toLocaleString('en')}`;
const nonNegative = z.number().min(0, { error: 'must be 0 or more' });
const weight = nonNegative.max(MAX_WEIGHT, { error: TOO_HEAVY });
const unitScore = z
	.number()
	.min(0, { error: 'expected a number from 0 to 1' })
	.max(1, { error: 'expected a number from 0 to 1' });
const multiplier = unitScore;

const grade = z.object({ grade: nonEmpty, min: z.number() });
const grades = z.array(grade).min(1, { error: 'needs at least one grade' }).superRefine(gradeRules, always);

const assurance = z.strictObject(
	{ claimed: multiplier, evidenced: multiplier, verified: multiplier },
	{
		error: (issue) =>
			issue.code === 'unrecognized_keys'
				? `only ${ASSURANCE_LEVELS.map((l) => quote(l)).join(', ')} are allowed; remove ${issue.keys.map(quote).join(', ')}`
				: undefined
	}
);

const critical = z.object({
	minScore: z
		.number()
		.gt(0, { error: 'expected a number above 0 and at most 1' })
		.max(1, { error: 'expected a number above 0 and at most 1' }),
	capGrade: nonEmpty
});

const band = z
	.object({ min: z.number().optional(), max: z.number().optional(), score: unitScore })
	.superRefine((b, ctx) => {
		if (typeof b.min === 'number' && typeof b.max === 'number' && b.min > b.max) {
			ctx.addIssue({ code: 'custom', path: ['max'], message: `must not be below min (${b.min})` });
		}
	});
const bands = z.array(band).min(1, { error: 'needs at least one band' });

const option = z.object({ value: wellFormed, label: oneLine, score: unitScore });
const options = z.array(option).min(2, { error: 'needs at least 2 options' }).superRefine(optionRules, always);

// A question's list must also be a subset of its section's: see templateRules.
const appliesTo = z
	.array(z.enum(PLATFORM_KINDS))
	.min(1, { error: 'needs at least one platform kind; leave appliesTo out where every kind applies' })
	.superRefine(kindRules, always);

const questionBase = {
	id,
	prompt: freeText.optional(),
	guidance: freeText.optional(),
	reviewGuidance: z.string().min(1, { error: 'must not be empty; leave reviewGuidance out when there is none' }).pipe(freeText).optional(),
	source: freeText.optional(),
	appliesTo: appliesTo.optional(),
	weight: weight.default(1),
	allowNA: z.boolean().default(false),
	evidence: z.enum(EVIDENCE_HINTS).default('none'),
	critical: critical.optional()
};

const question = z.discriminatedUnion('type', [
	z.object({ ...questionBase, type: z.literal('yes_no') }),
	z.object({ ...questionBase, type: z.literal('yes_partial_no') }),
	z.object({
		...questionBase,
		type: z.literal('maturity'),
		levels: z.array(freeText).length(6, { error: 'expected exactly 6 labels, for levels 0 to 5' }).optional()
	}),
	z.object({ ...questionBase, type: z.literal('choice'), options }),
	z.object({ ...questionBase, type: z.literal('multi_choice'), options }),
	z.object({ ...questionBase, type: z.literal('number'), unit: freeText.optional(), bands }),
	z.object({ ...questionBase, type: z.literal('percent'), bands: bands.optional() }),
	z.object({
		...questionBase,
		type: z.literal('text'),
		weight: nonNegative.max(0, { error: 'a text question is never scored, so its weight must be 0' }).default(0),
		critical: z.undefined({ error: 'a text question is never scored, so it cannot be a knock-out' }).optional()
	})
]);

const section = z.object({
	id,
	title: freeText.optional(),
	description: freeText.optional(),
	appliesTo: appliesTo.optional(),
	weight: weight.default(1),
	questions: z.array(question).min(1, { error: 'needs at least one question' })
});

export const templateSchema: z.ZodType<Template, unknown> = z
	.object({
		format: z.literal(TEMPLATE_FORMAT),
		key: id,
		version: z.string().min(1).max(32).pipe(oneLine),
		title: nonEmpty,
		description: freeText.optional(),
		grades: grades.default(() => DEFAULT_GRADES.map((g) => ({ ...g }))),
		assurance: assurance.default(() => ({ ...DEFAULT_ASSURANCE })),
		sections: z.array(section).min(1, { error: 'needs at least one section' })
	})
	.superRefine(templateRules, always);

/** Stands for `count` further problems; `validate*` adds it to `omitted` rather than listing it. */
function omittedIssue(count: number) {
	const params: OmittedParams = { omitted: count };
	return { code: 'custom' as const, path: [], message: `… and ${count} more problems`, params };
}

function missingOr(input: unknown, expected: string): string {
	return input === undefined ? `missing; ${expected}` : expected;
}

function sameAs(expected: string | undefined, what: string) {
	if (expected === undefined) return z.string();
	return z.string().refine((v) => v === expected, { error: `expected ${quote(expected)}, ${what}` });
}

/**
 * The answer-set schema for one template. With `null` (a template that did not
 * validate) only the answer set's own shape is checked.
 */
export function answersSchema(template: Template | CompiledTemplate | null): z.ZodType<AnswerSet, unknown> {
	const ct = template === null ? null : asCompiled(template);
	return z.object({
		format: z.literal(ANSWERS_FORMAT),
		template: z.object({
			key: sameAs(ct?.template.key, "the template's key"),
			version: sameAs(ct?.template.version, "the template's version")
		}),
		answers: z
			.custom<Record<string, unknown>>(isRecord, { error: (iss) => missingOr(iss.input, 'expected an object keyed by question id') })
			.transform((answers, ctx) =>
				readAnswerEntries(
					ct,
					answers,
					(path, message) => ctx.addIssue({ code: 'custom', path, message }),
					(count) => ctx.addIssue(omittedIssue(count))
				)
			)
	});
}

/** The weight-profile schema for one template; with `null` only the profile's own shape. */
export function profileSchema(template: Template | CompiledTemplate | null): z.ZodType<Profile, unknown> {
	const ct = template === null ? null : asCompiled(template);
	const where = ct ? `template ${quote(ct.template.key)} version ${quote(ct.template.version)}` : '';
	return z.object({
		format: z.literal(PROFILE_FORMAT),
		name: nonEmpty.optional(),
		sections: z
			.custom<Record<string, unknown>>(isRecord, { error: (iss) => missingOr(iss.input, 'expected an object mapping section ids to weights') })
			.superRefine((sections, ctx) => {
				const { add, finish } = capReports(
					(path, message) => ctx.addIssue({ code: 'custom', path, message }),
					(count) => ctx.addIssue(omittedIssue(count))
				);
				for (const key of Object.keys(sections)) {
					const w = sections[key];
					if (ct && !ct.sectionIndex.has(key)) add([key], `no section has this id in ${where}`);
					else if (typeof w !== 'number' || !Number.isFinite(w)) add([key], 'expected a finite number, 0 or more');
					else if (w < 0) add([key], 'must be 0 or more');
					else if (w > MAX_WEIGHT) add([key], TOO_HEAVY);
				}
				finish();
			})
			.transform((sections) => {
				const out: Record<string, number> = Object.create(null);
				for (const key of Object.keys(sections)) out[key] = sections[key] as number;
				return out;
			})
	});
}
