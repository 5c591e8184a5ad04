// The rules each entry of an answer set follows against its template (spec §2),
// written as one tight loop because it runs once per answer of every upload.
import type { CompiledTemplate } from './compile';
import { isRecord } from './json';
import { capReports, oneOf, quote, type Report } from './problems';
import { valueProblems } from './questions';
import { ASSURANCE_LEVELS, type Answer, type AnswerValue, type AssuranceLevel } from './types';

const ASSURANCE = oneOf(ASSURANCE_LEVELS);
const NO_NA = 'this question does not allow N/A: it has neither "allowNA": true nor an appliesTo list (of its own or its section\'s)';

function isAssurance(x: unknown): boolean {
	return x === 'claimed' || x === 'evidenced' || x === 'verified';
}

/**
 * Checks every entry and, in the same pass, copies it into a clean
 * null-prototype map (the result is only meaningful when nothing was
 * reported). Without a template (it had problems of its own) only the shape of
 * each entry is checked. Keys reported are relative to `answers`.
 */
export function readAnswerEntries(
	ct: CompiledTemplate | null,
	answers: Record<string, unknown>,
	report: Report,
	reportOmitted: (count: number) => void
): Record<string, Answer> {
	const { add, finish } = capReports(report, reportOmitted);
	const out: Record<string, Answer> = Object.create(null);
	for (const key of Object.keys(answers)) {
		const q = ct ? ct.questionIndex.get(key) : -1;
		if (q === undefined) {
			add([key], `no question has this id in template ${quote(ct!.template.key)} version ${quote(ct!.template.version)}`);
			continue;
		}
		const entry = answers[key];
		if (!isRecord(entry)) {
			add([key], 'expected an object with a "value" or "na": true');
			continue;
		}
		// Own properties only: an inherited `value` is no answer.
		const value = Object.hasOwn(entry, 'value') ? entry.value : undefined;
		const na = Object.hasOwn(entry, 'na') ? entry.na : undefined;
		const assurance = Object.hasOwn(entry, 'assurance') ? entry.assurance : undefined;
		if (na !== undefined && typeof na !== 'boolean') add([key, 'na'], 'expected true or false');
		if (na === true) {
			if (value !== undefined) add([key], 'has both a "value" and "na": true; give only one');
			else if (ct && ct.allowNA[q] === 0) add([key, 'na'], NO_NA);
		} else if (value === undefined) {
			add([key], 'needs a "value" or "na": true');
		} else if (ct) {
			const problems = valueProblems(ct, q, value);
			if (problems) for (const p of problems) add([key, 'value', ...p.keys], p.message);
		}
		if (assurance !== undefined && !isAssurance(assurance)) add([key, 'assurance'], `expected ${ASSURANCE}`);

		// Built with its final shape in one literal: cheaper than adding fields one by one.
		const level = assurance as AssuranceLevel | undefined;
		const answer: Answer =
			na === true
				? level === undefined ? { na: true } : { na: true, assurance: level }
				: level === undefined ? { value: value as AnswerValue } : { value: value as AnswerValue, assurance: level };
		if (Object.hasOwn(entry, 'note')) answer.note = entry.note;
		if (Object.hasOwn(entry, 'evidence')) answer.evidence = entry.evidence;
		out[key] = answer;
	}
	finish();
	return out;
}
