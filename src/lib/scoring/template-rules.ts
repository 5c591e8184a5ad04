// Template rules that span more than one field: unique ids, a grade ladder
// that descends to 0, knock-outs that cap at a real grade, a question's
// platform kinds within its section's. They run even when
// the structure has problems, so they read their input defensively.
import type { z } from 'zod';
import { own as field } from './json';
import { formatPath, oneOf, quote } from './problems';
import { PLATFORM_KINDS } from './types';

type Ctx = z.core.$RefinementCtx<unknown>;

const DEFAULT_GRADE_NAMES = ['A', 'B', 'C', 'D', 'F'];

function list(x: unknown): unknown[] {
	return Array.isArray(x) ? x : [];
}

export function gradeRules(value: unknown, ctx: Ctx): void {
	const items = list(value);
	const seen = new Map<string, number>();
	let previous: number | undefined;
	items.forEach((item, i) => {
		const name = field(item, 'grade');
		const min = field(item, 'min');
		if (typeof name === 'string' && name !== '') {
			const first = seen.get(name);
			if (first !== undefined) {
				ctx.addIssue({ code: 'custom', path: [i, 'grade'], message: `duplicate grade ${quote(name)} (also grades[${first}])` });
			} else {
				seen.set(name, i);
			}
		}
		if (typeof min !== 'number' || !Number.isFinite(min)) {
			previous = undefined;
			return;
		}
		if (previous !== undefined && min >= previous) {
			ctx.addIssue({ code: 'custom', path: [i, 'min'], message: `must be below the previous grade's min (${previous})` });
		}
		if (i === items.length - 1 && min !== 0) {
			ctx.addIssue({ code: 'custom', path: [i, 'min'], message: "the last grade's min must be 0" });
		}
		previous = min;
	});
}

export function optionRules(value: unknown, ctx: Ctx): void {
	const seen = new Map<string, number>();
	list(value).forEach((item, i) => {
		const v = field(item, 'value');
		if (typeof v !== 'string') return;
		const first = seen.get(v);
		if (first !== undefined) {
			ctx.addIssue({ code: 'custom', path: [i, 'value'], message: `duplicate option value ${quote(v)} (also options[${first}])` });
		} else {
			seen.set(v, i);
		}
	});
}

export function kindRules(value: unknown, ctx: Ctx): void {
	const seen = new Map<unknown, number>();
	list(value).forEach((kind, i) => {
		const first = seen.get(kind);
		if (first !== undefined) {
			ctx.addIssue({ code: 'custom', path: [i], message: `duplicate kind ${quote(String(kind))} (also appliesTo[${first}])` });
		} else {
			seen.set(kind, i);
		}
	});
}

/** The valid kinds of an appliesTo list, or undefined without one (or with nothing valid in it). */
function kindList(x: unknown): string[] | undefined {
	const kinds = list(x).filter((k): k is string => (PLATFORM_KINDS as readonly unknown[]).includes(k));
	return kinds.length ? kinds : undefined;
}

/** Unique section ids, unique question ids across the template, capGrade among the grades. */
export function templateRules(value: unknown, ctx: Ctx): void {
	const grades = field(value, 'grades');
	const gradeSet = new Set(
		grades === undefined ? DEFAULT_GRADE_NAMES : list(grades).map((g) => field(g, 'grade')).filter((g) => typeof g === 'string')
	);
	const gradeList = oneOf([...gradeSet]);
	const sectionIds = new Map<string, number>();
	const questionIds = new Map<string, (string | number)[]>();

	list(field(value, 'sections')).forEach((section, s) => {
		const sectionKinds = kindList(field(section, 'appliesTo'));
		const sid = field(section, 'id');
		if (typeof sid === 'string') {
			const first = sectionIds.get(sid);
			if (first !== undefined) {
				ctx.addIssue({ code: 'custom', path: ['sections', s, 'id'], message: `duplicate section id ${quote(sid)} (also sections[${first}])` });
			} else {
				sectionIds.set(sid, s);
			}
		}
		list(field(section, 'questions')).forEach((question, q) => {
			const at = ['sections', s, 'questions', q];
			const qid = field(question, 'id');
			if (typeof qid === 'string') {
				const first = questionIds.get(qid);
				if (first !== undefined) {
					ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `duplicate question id ${quote(qid)} (also ${formatPath(first)})` });
				} else {
					questionIds.set(qid, at);
				}
			}
			const outside = sectionKinds ? (kindList(field(question, 'appliesTo')) ?? []).filter((k) => !sectionKinds.includes(k)) : [];
			if (sectionKinds && outside.length) {
				const are = outside.length === 1 ? 'is' : 'are';
				ctx.addIssue({
					code: 'custom',
					path: [...at, 'appliesTo'],
					message: `${outside.map(quote).join(', ')} ${are} not in its section's appliesTo (${sectionKinds.map(quote).join(', ')}); a question's list must be a subset of its section's`
				});
			}
			const capGrade = field(field(question, 'critical'), 'capGrade');
			const scored = field(question, 'type') !== 'text';
			if (scored && typeof capGrade === 'string' && capGrade !== '' && !gradeSet.has(capGrade)) {
				ctx.addIssue({ code: 'custom', path: [...at, 'critical', 'capGrade'], message: `expected ${gradeList}, a grade of this template` });
			}
		});
	});
}
