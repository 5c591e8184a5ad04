// A validated template laid out as flat arrays, built once and then used to
// validate and score any number of answer sets without re-walking the tree.
import { acceptsNA } from './applicability';
import type { AssuranceMultipliers, Band, Question, Template } from './types';

export const KIND = {
	yes_no: 0,
	yes_partial_no: 1,
	maturity: 2,
	choice: 3,
	multi_choice: 4,
	number: 5,
	percent: 6,
	text: 7
} as const satisfies Record<Question['type'], number>;

export class CompiledTemplate {
	readonly template: Template;
	readonly questionCount: number;
	readonly sectionCount: number;

	/** Per question, in template order. */
	readonly questionIds: string[] = [];
	readonly kinds: Uint8Array;
	readonly sectionOf: Int32Array;
	readonly weights: Float64Array;
	/** 1 where an answer may be N/A: `allowNA`, or an `appliesTo` list of its own or its section's. */
	readonly allowNA: Uint8Array;
	/** minScore of the knock-out, NaN when the question has none. */
	readonly criticalMin: Float64Array;
	/** Index into `gradeNames` of the knock-out's capGrade, -1 when none. */
	readonly capGrade: Int32Array;
	/** choice / multi_choice: option value → score. */
	readonly optionScores: (Map<string, number> | null)[] = [];
	readonly optionValues: (string[] | null)[] = [];
	/** number / percent with bands: [min, max, score, …] with ±Infinity for an open end. */
	readonly bands: (Float64Array | null)[] = [];

	/** Questions of section s are [sectionStart[s], sectionStart[s + 1]). */
	readonly sectionStart: Int32Array;
	readonly questionIndex = new Map<string, number>();
	readonly sectionIds: string[];
	readonly sectionIndex = new Map<string, number>();
	readonly sectionWeights: Float64Array;
	readonly gradeNames: string[];
	readonly gradeMins: Float64Array;
	readonly multipliers: AssuranceMultipliers;
	readonly knockoutCount: number;

	constructor(template: Template) {
		this.template = template;
		const questions = template.sections.flatMap((s) => s.questions);
		const n = questions.length;
		this.questionCount = n;
		this.sectionCount = template.sections.length;
		this.kinds = new Uint8Array(n);
		this.sectionOf = new Int32Array(n);
		this.weights = new Float64Array(n);
		this.allowNA = new Uint8Array(n);
		this.criticalMin = new Float64Array(n).fill(NaN);
		this.capGrade = new Int32Array(n).fill(-1);
		this.sectionIds = template.sections.map((s) => s.id);
		this.sectionWeights = Float64Array.from(template.sections, (s) => s.weight);
		this.sectionStart = new Int32Array(template.sections.length + 1);
		this.gradeNames = template.grades.map((g) => g.grade);
		this.gradeMins = Float64Array.from(template.grades, (g) => g.min);
		this.multipliers = { ...template.assurance };
		this.sectionIds.forEach((id, i) => this.sectionIndex.set(id, i));

		let q = 0;
		let knockouts = 0;
		template.sections.forEach((section, s) => {
			this.sectionStart[s] = q;
			for (const question of section.questions) {
				this.questionIds.push(question.id);
				this.questionIndex.set(question.id, q);
				this.kinds[q] = KIND[question.type];
				this.sectionOf[q] = s;
				this.weights[q] = question.weight;
				this.allowNA[q] = acceptsNA(section, question) ? 1 : 0;
				if (question.critical) {
					knockouts++;
					this.criticalMin[q] = question.critical.minScore;
					this.capGrade[q] = this.gradeNames.indexOf(question.critical.capGrade);
				}
				const options = 'options' in question ? question.options : null;
				this.optionScores.push(options ? new Map(options.map((o) => [o.value, o.score])) : null);
				this.optionValues.push(options ? options.map((o) => o.value) : null);
				this.bands.push('bands' in question && question.bands ? flattenBands(question.bands) : null);
				q++;
			}
		});
		this.sectionStart[this.sectionCount] = q;
		this.knockoutCount = knockouts;
	}
}

function flattenBands(bands: Band[]): Float64Array {
	const out = new Float64Array(bands.length * 3);
	bands.forEach((b, i) => {
		out[i * 3] = b.min ?? -Infinity;
		out[i * 3 + 1] = b.max ?? Infinity;
		out[i * 3 + 2] = b.score;
	});
	return out;
}

/** Compiles a validated template. Treat the template as immutable afterwards. */
export function compileTemplate(template: Template): CompiledTemplate {
	return new CompiledTemplate(template);
}

export function asCompiled(template: Template | CompiledTemplate): CompiledTemplate {
	return template instanceof CompiledTemplate ? template : new CompiledTemplate(template);
}
