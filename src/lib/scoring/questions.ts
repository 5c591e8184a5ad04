// What each question type accepts as an answer, and the normalised value r in
// [0, 1] that an accepted answer is worth (spec §1, "Question types").
import { KIND, type CompiledTemplate } from './compile';
import { oneOf, quote } from './problems';

/** r for question `q` answered with `value`. Expects a value that passed `valueProblems`. */
export function ratio(ct: CompiledTemplate, q: number, value: unknown): number {
	switch (ct.kinds[q]) {
		case KIND.yes_no:
			return value === 'yes' ? 1 : 0;
		case KIND.yes_partial_no:
			return value === 'yes' ? 1 : value === 'partial' ? 0.5 : 0;
		case KIND.maturity:
			return typeof value === 'number' && value > 0 ? Math.min(value / 5, 1) : 0;
		case KIND.choice:
			return (typeof value === 'string' && ct.optionScores[q]!.get(value)) || 0;
		case KIND.multi_choice:
			return multiChoiceRatio(ct.optionScores[q]!, value);
		case KIND.number:
			return bandScore(ct.bands[q]!, value);
		case KIND.percent: {
			const bands = ct.bands[q];
			if (bands) return bandScore(bands, value);
			return typeof value === 'number' && value > 0 ? Math.min(value / 100, 1) : 0;
		}
		default:
			return 0;
	}
}

function multiChoiceRatio(scores: Map<string, number>, value: unknown): number {
	if (!Array.isArray(value)) return 0;
	let sum = 0;
	for (let i = 0; i < value.length; i++) sum += scores.get(value[i]) ?? 0;
	return sum < 1 ? sum : 1;
}

/** The score of the first band the value falls in; 0 when none matches. */
function bandScore(bands: Float64Array, value: unknown): number {
	if (typeof value !== 'number') return 0;
	for (let i = 0; i < bands.length; i += 3) {
		if (value >= bands[i] && value <= bands[i + 1]) return bands[i + 2];
	}
	return 0;
}

const YES_NO = oneOf(['yes', 'no']);
const YES_PARTIAL_NO = oneOf(['yes', 'partial', 'no']);

export interface ValueProblem {
	/** Relative to the value: `[]` for the value itself, `[2]` for a list's third element. */
	keys: number[];
	message: string;
}

/** Checks a value against question `q`'s type; null when it fits (the common case allocates nothing). */
export function valueProblems(ct: CompiledTemplate, q: number, value: unknown): ValueProblem[] | null {
	switch (ct.kinds[q]) {
		case KIND.yes_no:
			return value === 'yes' || value === 'no' ? null : whole(`expected ${YES_NO}`);
		case KIND.yes_partial_no:
			return value === 'yes' || value === 'partial' || value === 'no' ? null : whole(`expected ${YES_PARTIAL_NO}`);
		case KIND.maturity:
			return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 5
				? null
				: whole('expected a whole number from 0 to 5');
		case KIND.choice:
			return typeof value === 'string' && ct.optionScores[q]!.has(value)
				? null
				: whole(`expected ${oneOf(ct.optionValues[q]!)}`);
		case KIND.multi_choice:
			return multiChoiceProblems(ct, q, value);
		case KIND.number:
			return typeof value === 'number' && Number.isFinite(value) ? null : whole('expected a finite number');
		case KIND.percent:
			return typeof value === 'number' && value >= 0 && value <= 100 ? null : whole('expected a number from 0 to 100');
		default:
			return typeof value === 'string' ? null : whole('expected a string');
	}
}

function whole(message: string): ValueProblem[] {
	return [{ keys: [], message }];
}

function multiChoiceProblems(ct: CompiledTemplate, q: number, value: unknown): ValueProblem[] | null {
	const scores = ct.optionScores[q]!;
	if (!Array.isArray(value)) return whole(`expected a list of distinct values, each ${oneOf(ct.optionValues[q]!)}`);
	let problems: ValueProblem[] | null = null;
	// Lists are short; a Set only pays off for long (hostile) ones.
	const seen = value.length > 16 ? new Set<unknown>() : null;
	for (let i = 0; i < value.length; i++) {
		const item: unknown = value[i];
		let message: string | null = null;
		if (typeof item !== 'string' || !scores.has(item)) message = `expected ${oneOf(ct.optionValues[q]!)}`;
		else if (seen ? seen.has(item) : value.indexOf(item) < i) message = `${quote(item)} is listed twice`;
		seen?.add(item);
		if (message !== null) (problems ??= []).push({ keys: [i], message });
	}
	return problems;
}
