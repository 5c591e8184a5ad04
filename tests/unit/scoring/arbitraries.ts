// fast-check generators for valid templates with matching answer sets and
// profiles, as raw JSON documents (the same shape a file would have).
import fc from 'fast-check';

export interface RawQuestion {
	id: string;
	type: string;
	weight?: number;
	allowNA?: boolean;
	critical?: { minScore: number; capGrade: string };
	options?: { value: string; label: string; score: number }[];
	bands?: { min?: number; max?: number; score: number }[];
	[field: string]: unknown;
}

export interface RawSection {
	id: string;
	title: string;
	weight?: number;
	questions: RawQuestion[];
}

export interface RawTemplate {
	format: 'clearance-template/1';
	key: string;
	version: string;
	title: string;
	grades?: { grade: string; min: number }[];
	assurance?: { claimed: number; evidenced: number; verified: number };
	sections: RawSection[];
}

export interface RawAnswers {
	format: 'clearance-answers/1';
	template: { key: string; version: string };
	answers: Record<string, { value?: unknown; na?: true; assurance?: string }>;
}

const TYPES = ['yes_no', 'yes_partial_no', 'maturity', 'choice', 'multi_choice', 'number', 'percent', 'text'] as const;
const GRADE_LADDERS = [
	undefined,
	[
		{ grade: 'Pass', min: 60 },
		{ grade: 'Fail', min: 0 }
	],
	[
		{ grade: 'AAA', min: 90 },
		{ grade: 'AA', min: 75.5 },
		{ grade: 'A', min: 50 },
		{ grade: 'B', min: 20 },
		{ grade: 'C', min: 0 }
	]
];
const DEFAULT_GRADE_NAMES = ['A', 'B', 'C', 'D', 'F'];

/** Weights that exercise exact zeros, integers and awkward fractions. */
export const weightArb = fc.oneof(
	fc.constantFrom(0, 1, 2, 3, 0.5),
	fc.double({ min: 0.01, max: 20, noNaN: true })
);
// Doubles stay clear of subnormals, which no real answer produces and which
// make exact power-of-two rescaling lossy.
const unitArb = fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 1e-6, max: 1, noNaN: true }));

const bandArb = fc
	.record({ lo: fc.option(fc.integer({ min: -50, max: 150 }), { nil: undefined }), span: fc.nat(80), open: fc.boolean(), score: unitArb })
	.map(({ lo, span, open, score }) => {
		const band: { min?: number; max?: number; score: number } = { score };
		if (lo !== undefined) band.min = lo;
		if (!open) band.max = (lo ?? 0) + span;
		return band;
	});

function questionArb(id: string, grades: string[]): fc.Arbitrary<RawQuestion> {
	return fc
		.record({
			type: fc.constantFrom(...TYPES),
			weight: fc.option(weightArb, { nil: undefined }),
			allowNA: fc.boolean(),
			critical: fc.option(fc.record({ minScore: fc.double({ min: 0.01, max: 1, noNaN: true }), capGrade: fc.constantFrom(...grades) }), {
				nil: undefined,
				freq: 4
			}),
			optionScores: fc.array(unitArb, { minLength: 2, maxLength: 4 }),
			bands: fc.array(bandArb, { minLength: 1, maxLength: 3 }),
			percentBands: fc.boolean()
		})
		.map(({ type, weight, allowNA, critical, optionScores, bands, percentBands }) => {
			const q: RawQuestion = { id, type, prompt: `Question ${id}`, allowNA };
			if (type === 'text') return q;
			if (weight !== undefined) q.weight = weight;
			if (critical) q.critical = critical;
			if (type === 'choice' || type === 'multi_choice') {
				q.options = optionScores.map((score, i) => ({ value: `o${i}`, label: `Option ${i}`, score }));
			}
			if (type === 'number' || (type === 'percent' && percentBands)) q.bands = bands;
			return q;
		});
}

export const templateArb: fc.Arbitrary<RawTemplate> = fc
	.record({
		ladder: fc.nat(GRADE_LADDERS.length - 1),
		assurance: fc.option(fc.record({ claimed: unitArb, evidenced: unitArb, verified: unitArb }), { nil: undefined }),
		shape: fc.array(fc.record({ weight: fc.option(weightArb, { nil: undefined }), size: fc.integer({ min: 1, max: 5 }) }), {
			minLength: 1,
			maxLength: 4
		})
	})
	.chain(({ ladder, assurance, shape }) => {
		const grades = GRADE_LADDERS[ladder];
		const names = grades ? grades.map((g) => g.grade) : DEFAULT_GRADE_NAMES;
		const sections = shape.map(({ weight, size }, s) =>
			fc.tuple(...Array.from({ length: size }, (_, q) => questionArb(`s${s}.q${q}`, names))).map((questions) => {
				const section: RawSection = { id: `s${s}`, title: `Section ${s}`, questions };
				if (weight !== undefined) section.weight = weight;
				return section;
			})
		);
		return fc.tuple(...sections).map((built) => {
			const t: RawTemplate = { format: 'clearance-template/1', key: 'prop', version: '1.0.0', title: 'Property', sections: built };
			if (grades) t.grades = grades;
			if (assurance) t.assurance = assurance;
			return t;
		});
	});

/** A value that fits the question, drawn from a wide range. */
export function valueArb(q: RawQuestion): fc.Arbitrary<unknown> {
	switch (q.type) {
		case 'yes_no':
			return fc.constantFrom('yes', 'no');
		case 'yes_partial_no':
			return fc.constantFrom('yes', 'partial', 'no');
		case 'maturity':
			return fc.integer({ min: 0, max: 5 });
		case 'choice':
			return fc.constantFrom(...q.options!.map((o) => o.value));
		case 'multi_choice':
			return fc.subarray(q.options!.map((o) => o.value));
		case 'number':
			return fc.oneof(fc.integer({ min: -100, max: 200 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
		case 'percent':
			return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }).map((x) => (x < 1e-9 ? 0 : x)));
		default:
			return fc.string({ maxLength: 20 });
	}
}

type Entry = { value?: unknown; na?: true; assurance?: string } | null;

function entryArb(q: RawQuestion): fc.Arbitrary<Entry> {
	const assurance = fc.option(fc.constantFrom('claimed', 'evidenced', 'verified'), { nil: undefined });
	const answered = fc.record({ value: valueArb(q), assurance }).map(({ value, assurance }) =>
		assurance === undefined ? { value } : { value, assurance }
	);
	const options: fc.Arbitrary<Entry>[] = [answered, answered, answered, fc.constant(null)];
	if (q.allowNA) options.push(fc.constant({ na: true as const }));
	return fc.oneof(...options);
}

export function answersArb(t: RawTemplate): fc.Arbitrary<RawAnswers> {
	const questions = t.sections.flatMap((s) => s.questions);
	return fc.tuple(...questions.map(entryArb)).map((entries) => {
		const answers: RawAnswers['answers'] = {};
		entries.forEach((entry, i) => {
			if (entry) answers[questions[i].id] = entry;
		});
		return { format: 'clearance-answers/1', template: { key: t.key, version: t.version }, answers };
	});
}

/** A template with one answer set and, sometimes, a profile overriding some section weights. */
export const assessmentArb = templateArb.chain((template) =>
	fc.record({
		template: fc.constant(template),
		answers: answersArb(template),
		profile: fc.option(
			fc.subarray(template.sections.map((s) => s.id)).chain((ids) =>
				fc.tuple(...ids.map(() => weightArb)).map((weights) => ({
					format: 'clearance-profile/1' as const,
					name: 'Generated',
					sections: Object.fromEntries(ids.map((id, i) => [id, weights[i]]))
				}))
			),
			{ nil: undefined }
		)
	})
);
