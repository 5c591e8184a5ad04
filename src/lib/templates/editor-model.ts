// Every change the template editor can make, as pure functions: each takes a
// template and returns a new one, never touching its input. Unchanged sections
// and questions are shared with the input, so the editor re-renders only the
// part that changed. A function may return a template that does not validate
// (an emptied id, a removed last option): the editor shows such problems live
// rather than refusing the keystroke.
import type { Band, ChoiceOption, Critical, PlatformKind, Question, QuestionType, Section, Template } from '../scoring/index';
import { ID_PATTERN } from '../scoring/defaults';
import { PLATFORM_KINDS } from '../scoring/types';

export type Direction = -1 | 1;

/** A change to the working document, as the editor's components hand it up. */
export type Edit = (t: Template) => Template;

export const DEFAULT_LEVELS: readonly string[] = Object.freeze([
	'0 – None',
	'1 – Initial',
	'2 – Repeatable',
	'3 – Defined',
	'4 – Managed',
	'5 – Optimising'
]);

/** Up to 10 (in the question's unit) scores full marks; anything else scores 0. */
const defaultNumberBands = (): Band[] => [{ max: 10, score: 1 }, { score: 0 }];
/** For a percentage scored by bands rather than value / 100. */
const defaultPercentBands = (): Band[] => [{ min: 90, score: 1 }, { min: 50, score: 0.5 }, { score: 0 }];
const defaultOptions = (): ChoiceOption[] => [
	{ value: 'option-1', label: 'Option 1', score: 1 },
	{ value: 'option-2', label: 'Option 2', score: 0 }
];

/** A plain deep copy; the document is JSON, and this also reads Svelte state proxies. */
export function cloneTemplate(t: Template): Template {
	return JSON.parse(JSON.stringify(t)) as Template;
}

// ---- list helpers ------------------------------------------------------------

function checkIndex(list: readonly unknown[], i: number, what: string): void {
	if (!Number.isInteger(i) || i < 0 || i >= list.length) throw new RangeError(`no ${what} at index ${i}`);
}

function replaceAt<T>(list: readonly T[], i: number, item: T): T[] {
	const out = list.slice();
	out[i] = item;
	return out;
}

function removeAt<T>(list: readonly T[], i: number): T[] {
	return list.filter((_, j) => j !== i);
}

/** The list with item `i` swapped one place up (-1) or down (+1); the same list at either end. */
export function moveItem<T>(list: readonly T[], i: number, direction: Direction): readonly T[] {
	const j = i + direction;
	if (j < 0 || j >= list.length) return list;
	const out = list.slice();
	[out[i], out[j]] = [out[j], out[i]];
	return out;
}

/** Copies `patch` onto `target`; an empty string for an optional text removes the field. */
function patched<T extends object>(target: T, patch: Partial<T>, optionalText: readonly string[]): T {
	const out = { ...target } as Record<string, unknown>;
	for (const [k, v] of Object.entries(patch)) {
		if (v === undefined || (v === '' && optionalText.includes(k))) delete out[k];
		else out[k] = v;
	}
	return out as T;
}

// ---- paths into the document -------------------------------------------------

function withSection(t: Template, si: number, fn: (s: Section) => Section): Template {
	checkIndex(t.sections, si, 'section');
	return { ...t, sections: replaceAt(t.sections, si, fn(t.sections[si])) };
}

function withQuestion(t: Template, si: number, qi: number, fn: (q: Question) => Question): Template {
	return withSection(t, si, (s) => {
		checkIndex(s.questions, qi, 'question');
		return { ...s, questions: replaceAt(s.questions, qi, fn(s.questions[qi])) };
	});
}

function withOptions(t: Template, si: number, qi: number, fn: (options: ChoiceOption[]) => ChoiceOption[]): Template {
	return withQuestion(t, si, qi, (q) => {
		if (q.type !== 'choice' && q.type !== 'multi_choice') throw new TypeError(`question ${q.id} has no options`);
		return { ...q, options: fn(q.options) };
	});
}

function withBands(t: Template, si: number, qi: number, fn: (bands: Band[]) => Band[] | undefined): Template {
	return withQuestion(t, si, qi, (q) => {
		if (q.type !== 'number' && q.type !== 'percent') throw new TypeError(`question ${q.id} has no bands`);
		const bands = fn(q.bands ?? []);
		if (q.type === 'number') return { ...q, bands: bands ?? [] };
		// A percentage without bands scores value / 100: an empty list means that, not an error.
		const { bands: _old, ...rest } = q;
		return bands && bands.length ? { ...rest, bands } : rest;
	});
}

// ---- template ----------------------------------------------------------------

export type TemplatePatch = Partial<Pick<Template, 'title' | 'version' | 'description'>>;

export function updateTemplate(t: Template, patch: TemplatePatch): Template {
	return patched<Template>(t, patch, ['description']);
}

// ---- sections ----------------------------------------------------------------

function unusedId(taken: Set<string>, make: (n: number) => string, from: number): string {
	let n = from;
	while (taken.has(make(n))) n++;
	return make(n);
}

const questionIds = (t: Template) => new Set(t.sections.flatMap((s) => s.questions.map((q) => q.id)));

/** `<sectionId>.q<n>`, the first n from the section's size + 1 not used anywhere in the template. */
export function newQuestionId(t: Template, si: number): string {
	const section = t.sections[si];
	// A section id the user is still typing would make every new question id invalid too.
	const prefix = section && ID_PATTERN.test(section.id) ? `${section.id}.` : '';
	return unusedId(questionIds(t), (n) => `${prefix}q${n}`, (section?.questions.length ?? 0) + 1);
}

/** Appends a section with one yes / partial / no question (a section needs at least one). */
export function addSection(t: Template): Template {
	const id = unusedId(new Set(t.sections.map((s) => s.id)), (n) => `section-${n}`, t.sections.length + 1);
	const n = t.sections.length + 1;
	const section: Section = { id, title: `Section ${n}`, weight: 1, questions: [] };
	const withEmpty = { ...t, sections: [...t.sections, section] };
	return addQuestion(withEmpty, t.sections.length, 'yes_partial_no');
}

/** `appliesTo: undefined` removes the list: the section applies to every kind. */
export type SectionPatch = Partial<Pick<Section, 'id' | 'title' | 'description' | 'weight' | 'appliesTo'>>;

export function updateSection(t: Template, si: number, patch: SectionPatch): Template {
	return withSection(t, si, (s) => patched<Section>(s, patch, ['title', 'description']));
}

export function moveSection(t: Template, si: number, direction: Direction): Template {
	checkIndex(t.sections, si, 'section');
	const sections = moveItem(t.sections, si, direction);
	return sections === t.sections ? t : { ...t, sections: sections as Section[] };
}

export function removeSection(t: Template, si: number): Template {
	checkIndex(t.sections, si, 'section');
	return { ...t, sections: removeAt(t.sections, si) };
}

// ---- platform kinds ----------------------------------------------------------

/**
 * A section's or question's `appliesTo` with `kind` ticked or unticked, in the
 * order of PLATFORM_KINDS; undefined once none is left, which means every
 * kind (for a question: its section's kinds), since the list may not be empty.
 */
export function withKind(kinds: readonly PlatformKind[] | undefined, kind: PlatformKind, on: boolean): PlatformKind[] | undefined {
	const next = PLATFORM_KINDS.filter((k) => (k === kind ? on : (kinds ?? []).includes(k)));
	return next.length ? next : undefined;
}

// ---- questions ---------------------------------------------------------------

/** The fields every question type shares, in the order the documents use. */
type Common = Pick<Question, 'id' | 'prompt' | 'guidance' | 'reviewGuidance' | 'source' | 'appliesTo' | 'weight' | 'allowNA' | 'evidence' | 'critical'>;

function common(q: Common): Common {
	const out: Common = { id: q.id, weight: q.weight, allowNA: q.allowNA, evidence: q.evidence };
	if (q.prompt !== undefined) out.prompt = q.prompt;
	if (q.guidance !== undefined) out.guidance = q.guidance;
	if (q.reviewGuidance !== undefined) out.reviewGuidance = q.reviewGuidance;
	if (q.source !== undefined) out.source = q.source;
	if (q.appliesTo !== undefined) out.appliesTo = q.appliesTo;
	if (q.critical !== undefined) out.critical = q.critical;
	return out;
}

/** The type-specific fields of a question, kept so that changing its type and back loses nothing. */
export interface Extras {
	options?: ChoiceOption[];
	bands?: Band[];
	levels?: string[];
	unit?: string;
}

export function extrasOf(q: Question): Extras {
	switch (q.type) {
		case 'maturity':
			return q.levels ? { levels: q.levels } : {};
		case 'choice':
		case 'multi_choice':
			return { options: q.options };
		case 'number':
			return q.unit === undefined ? { bands: q.bands } : { bands: q.bands, unit: q.unit };
		case 'percent':
			return q.bands ? { bands: q.bands } : {};
		default:
			return {};
	}
}

/**
 * `base` given the type `type`, taking the new type's fields from `from` where
 * it has them (options between the two choice types, bands between number and
 * percent) and valid defaults otherwise.
 */
function asType(base: Common, type: QuestionType, from: Extras = {}, wasText = false): Question {
	if (type === 'text') {
		// Text is never scored: weight 0 and no knock-out, or the template is invalid.
		const { critical: _c, ...rest } = base;
		return { ...rest, weight: 0, type };
	}
	// Coming from text, a weight of 0 would silently leave the question out of the score.
	const scored = wasText && base.weight === 0 ? { ...base, weight: 1 } : base;
	switch (type) {
		case 'yes_no':
		case 'yes_partial_no':
			return { ...scored, type };
		case 'maturity':
			return { ...scored, type, levels: from.levels ?? [...DEFAULT_LEVELS] };
		case 'choice':
		case 'multi_choice':
			return { ...scored, type, options: from.options ?? defaultOptions() };
		case 'number':
			return { ...scored, type, unit: from.unit ?? '', bands: from.bands?.length ? from.bands : defaultNumberBands() };
		case 'percent':
			return from.bands?.length ? { ...scored, type, bands: from.bands } : { ...scored, type };
	}
}

/** Appends a question of `type` with a fresh id and valid defaults. */
export function addQuestion(t: Template, si: number, type: QuestionType): Template {
	const id = newQuestionId(t, si);
	const question = asType({ id, weight: 1, allowNA: false, evidence: 'none' }, type);
	return withSection(t, si, (s) => ({ ...s, questions: [...s.questions, question] }));
}

/** `appliesTo: undefined` removes the question's own list: it takes its section's. */
export type QuestionPatch = Partial<Pick<Question, 'id' | 'prompt' | 'guidance' | 'reviewGuidance' | 'source' | 'appliesTo' | 'weight' | 'allowNA' | 'evidence'>>;

export function updateQuestion(t: Template, si: number, qi: number, patch: QuestionPatch): Template {
	return withQuestion(t, si, qi, (q) => patched<Question>(q, patch as Partial<Question>, ['prompt', 'guidance', 'reviewGuidance', 'source']));
}

/**
 * Gives a question another type, keeping its shared fields. `remembered` holds
 * fields from the question's earlier types (see `extrasOf`), so that stepping
 * through the types with the arrow keys gives back the options it had.
 */
export function changeQuestionType(t: Template, si: number, qi: number, type: QuestionType, remembered: Extras = {}): Template {
	return withQuestion(t, si, qi, (q) => (q.type === type ? q : asType(common(q), type, { ...remembered, ...extrasOf(q) }, q.type === 'text')));
}

export function moveQuestion(t: Template, si: number, qi: number, direction: Direction): Template {
	return withSection(t, si, (s) => {
		checkIndex(s.questions, qi, 'question');
		const questions = moveItem(s.questions, qi, direction);
		return questions === s.questions ? s : { ...s, questions: questions as Question[] };
	});
}

/** Moves a question to the end of another section; its id (which answers refer to) stays. */
export function moveQuestionToSection(t: Template, si: number, qi: number, target: number): Template {
	checkIndex(t.sections, target, 'section');
	if (target === si) return t;
	const question = t.sections[si]?.questions[qi];
	const removed = removeQuestion(t, si, qi);
	return withSection(removed, target, (s) => ({ ...s, questions: [...s.questions, question] }));
}

export function removeQuestion(t: Template, si: number, qi: number): Template {
	return withSection(t, si, (s) => {
		checkIndex(s.questions, qi, 'question');
		return { ...s, questions: removeAt(s.questions, qi) };
	});
}

export function updateUnit(t: Template, si: number, qi: number, unit: string): Template {
	return withQuestion(t, si, qi, (q) => {
		if (q.type !== 'number') throw new TypeError(`question ${q.id} has no unit`);
		return { ...q, unit };
	});
}

// ---- knock-outs --------------------------------------------------------------

/** A knock-out on any failure (below full marks), capping one grade above the bottom. */
export function defaultCritical(t: Template): Critical {
	const grades = t.grades;
	const cap = grades.length >= 2 ? grades[grades.length - 2] : grades[0];
	return { minScore: 1, capGrade: cap?.grade ?? '' };
}

/** Makes the question a knock-out, or changes its settings; missing settings get the defaults. */
export function setCritical(t: Template, si: number, qi: number, patch: Partial<Critical> = {}): Template {
	return withQuestion(t, si, qi, (q) => {
		if (q.type === 'text') throw new TypeError('a text question cannot be a knock-out');
		return { ...q, critical: { ...(q.critical ?? defaultCritical(t)), ...patch } };
	});
}

export function clearCritical(t: Template, si: number, qi: number): Template {
	return withQuestion(t, si, qi, (q) => {
		const { critical: _c, ...rest } = q;
		return rest as Question;
	});
}

// ---- choice options ----------------------------------------------------------

export function addOption(t: Template, si: number, qi: number): Template {
	return withOptions(t, si, qi, (options) => {
		const taken = new Set(options.map((o) => o.value));
		let n = options.length + 1;
		while (taken.has(`option-${n}`)) n++;
		return [...options, { value: `option-${n}`, label: `Option ${n}`, score: 0 }];
	});
}

export function updateOption(t: Template, si: number, qi: number, oi: number, patch: Partial<ChoiceOption>): Template {
	return withOptions(t, si, qi, (options) => {
		checkIndex(options, oi, 'option');
		return replaceAt(options, oi, patched(options[oi], patch, []));
	});
}

export function moveOption(t: Template, si: number, qi: number, oi: number, direction: Direction): Template {
	return withOptions(t, si, qi, (options) => {
		checkIndex(options, oi, 'option');
		return moveItem(options, oi, direction) as ChoiceOption[];
	});
}

export function removeOption(t: Template, si: number, qi: number, oi: number): Template {
	return withOptions(t, si, qi, (options) => {
		checkIndex(options, oi, 'option');
		return removeAt(options, oi);
	});
}

// ---- bands (number and percent) ----------------------------------------------

/** Appends an open band scoring 0; on a percentage without bands, starts the default bands. */
export function addBand(t: Template, si: number, qi: number): Template {
	const q = t.sections[si]?.questions[qi];
	if (q?.type === 'percent' && !q.bands?.length) return withBands(t, si, qi, () => defaultPercentBands());
	return withBands(t, si, qi, (bands) => [...bands, { score: 0 }]);
}

/** `min` or `max` undefined makes that end open. */
export function updateBand(t: Template, si: number, qi: number, bi: number, patch: Partial<Band>): Template {
	return withBands(t, si, qi, (bands) => {
		checkIndex(bands, bi, 'band');
		return replaceAt(bands, bi, patched(bands[bi], patch, []));
	});
}

export function moveBand(t: Template, si: number, qi: number, bi: number, direction: Direction): Template {
	return withBands(t, si, qi, (bands) => {
		checkIndex(bands, bi, 'band');
		return moveItem(bands, bi, direction) as Band[];
	});
}

/** On a percentage, removing the last band goes back to scoring value / 100. */
export function removeBand(t: Template, si: number, qi: number, bi: number): Template {
	return withBands(t, si, qi, (bands) => {
		checkIndex(bands, bi, 'band');
		return removeAt(bands, bi);
	});
}

/** A percentage scored as value / 100 again. */
export function clearBands(t: Template, si: number, qi: number): Template {
	return withBands(t, si, qi, () => undefined);
}

// ---- maturity labels ---------------------------------------------------------

function withLevels(t: Template, si: number, qi: number, fn: (levels: string[] | undefined) => string[] | undefined): Template {
	return withQuestion(t, si, qi, (q) => {
		if (q.type !== 'maturity') throw new TypeError(`question ${q.id} has no maturity levels`);
		const { levels, ...rest } = q;
		const next = fn(levels);
		return next ? { ...rest, levels: next } : rest;
	});
}

/** Gives a maturity question its own six labels, starting from the defaults. */
export function addLevels(t: Template, si: number, qi: number): Template {
	return withLevels(t, si, qi, (levels) => levels ?? [...DEFAULT_LEVELS]);
}

export function updateLevel(t: Template, si: number, qi: number, level: number, label: string): Template {
	return withLevels(t, si, qi, (levels) => {
		const current = levels ?? [...DEFAULT_LEVELS];
		checkIndex(current, level, 'level');
		return replaceAt(current, level, label);
	});
}

/** Without labels, a maturity question shows the bare levels 0 to 5. */
export function removeLevels(t: Template, si: number, qi: number): Template {
	return withLevels(t, si, qi, () => undefined);
}
