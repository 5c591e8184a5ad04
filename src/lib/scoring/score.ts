// Spec §4: section and overall figures, knock-outs and the grade, in one pass
// over the compiled questions straight into the result. Expects documents that
// passed validation.
import { asCompiled, KIND, type CompiledTemplate } from './compile';
import { overallFigures, sectionFigures } from './figures';
import { ratio } from './questions';
import type { Answer, AnswerSet, Knockout, Profile, ScoreResult, SectionResult, Template } from './types';

/** r as recorded for explain: NaN when unanswered, NOT_APPLICABLE when N/A. */
export const NOT_APPLICABLE = -1;

/**
 * Scores an answer set. Compile the template once with `compileTemplate` when
 * scoring many answer sets against it.
 */
export function score(template: Template | CompiledTemplate, answers: AnswerSet, profile?: Profile | null): ScoreResult {
	const ct = asCompiled(template);
	return evaluate(ct, answers.answers, sectionWeights(ct, profile), profile, null);
}

/** Section weights after the profile: the template's, with the profile's overrides. */
export function sectionWeights(ct: CompiledTemplate, profile: Profile | null | undefined): Float64Array {
	if (!profile) return ct.sectionWeights;
	const weights = ct.sectionWeights.slice();
	for (const id of Object.keys(profile.sections)) {
		const s = ct.sectionIndex.get(id);
		if (s !== undefined) weights[s] = profile.sections[id];
	}
	return weights;
}

/** The pass behind `score` and `explain`; fills `rs` with each question's r when given. */
export function evaluate(
	ct: CompiledTemplate,
	answers: Readonly<Record<string, Answer>>,
	weights: Float64Array,
	profile: Profile | null | undefined,
	rs: Float64Array | null
): ScoreResult {
	const { claimed, evidenced, verified } = ct.multipliers;
	const { questionIds, kinds, criticalMin, sectionStart } = ct;
	const questionWeights = ct.weights;
	// A validated answer set has a null prototype, so a plain lookup cannot reach
	// Object.prototype; any other object is read through hasOwn (a question may be called "constructor").
	const bare = Object.getPrototypeOf(answers) === null;
	const sections: SectionResult[] = new Array(ct.sectionCount);
	let knockouts: Knockout[] | null = null;

	for (let s = 0; s < ct.sectionCount; s++) {
		let applicable = 0; // Σ w over questions that are not N/A
		let earned = 0; // Σ w·r over answered questions
		let assured = 0; // Σ w·r·m over answered questions
		let answered = 0; // Σ w over answered questions
		for (let q = sectionStart[s], end = sectionStart[s + 1]; q < end; q++) {
			const id = questionIds[q];
			const entry = bare || Object.hasOwn(answers, id) ? answers[id] : undefined;
			let r = NaN;
			if (entry != null) {
				if (entry.na === true) {
					if (rs !== null) rs[q] = NOT_APPLICABLE;
					continue;
				}
				if (entry.value !== undefined) r = ratio(ct, q, entry.value);
			}
			if (rs !== null) rs[q] = r;
			if (kinds[q] !== KIND.text) {
				const w = questionWeights[q];
				applicable += w;
				if (r === r) {
					const level = entry!.assurance;
					const wr = w * r;
					earned += wr;
					assured += wr * (level === 'verified' ? verified : level === 'evidenced' ? evidenced : claimed);
					answered += w;
				}
			}
			const min = criticalMin[q];
			if (min === min && !(r >= min)) {
				(knockouts ??= []).push({
					question: id,
					section: ct.sectionIds[s],
					capGrade: ct.gradeNames[ct.capGrade[q]],
					reason: r === r ? 'below' : 'unanswered'
				});
			}
		}
		sections[s] = sectionFigures(ct.sectionIds[s], weights[s], applicable, earned, assured, answered);
	}
	return {
		template: { key: ct.template.key, version: ct.template.version },
		profile: profile?.name ?? null,
		overall: overallFigures(ct, sections, knockouts),
		sections,
		knockouts: knockouts ?? []
	};
}
