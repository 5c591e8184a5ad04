// Why a score is what it is: for every scored question, the points it adds to
// the overall score. A section's contributions add up to its share of the
// overall score, and all of them to the overall score itself.
import { asCompiled, KIND, type CompiledTemplate } from './compile';
import { evaluate, NOT_APPLICABLE, sectionWeights } from './score';
import type { AnswerSet, ExplainedSection, ExplainResult, Profile, QuestionExplanation, Template } from './types';

export function explain(template: Template | CompiledTemplate, answers: AnswerSet, profile?: Profile | null): ExplainResult {
	const ct = asCompiled(template);
	const rs = new Float64Array(ct.questionCount);
	const weights = sectionWeights(ct, profile);
	const result = evaluate(ct, answers.answers, weights, profile, rs);

	// Sections count toward the overall score when applicable and weighted.
	let totalW = 0;
	result.sections.forEach((s, i) => {
		if (s.applicable && weights[i] > 0) totalW += weights[i];
	});

	const sections: ExplainedSection[] = result.sections.map((section, s) => {
		const counted = section.applicable && weights[s] > 0;
		const share = counted ? weights[s] / totalW : 0;
		const questions: QuestionExplanation[] = [];
		let applicable = 0; // A_s: Σ w over scored questions that are not N/A
		for (let q = ct.sectionStart[s]; q < ct.sectionStart[s + 1]; q++) {
			if (ct.kinds[q] !== KIND.text && rs[q] !== NOT_APPLICABLE) applicable += ct.weights[q];
		}
		for (let q = ct.sectionStart[s]; q < ct.sectionStart[s + 1]; q++) {
			if (ct.kinds[q] === KIND.text) continue;
			const r = rs[q];
			const na = r === NOT_APPLICABLE;
			const answered = !na && r === r;
			const w = ct.weights[q];
			questions.push({
				id: ct.questionIds[q],
				r: answered ? r : null,
				na,
				weight: w,
				contribution: answered && counted ? (share * 100 * w * r) / applicable : 0
			});
		}
		return { ...section, questions };
	});
	return { ...result, sections };
}
