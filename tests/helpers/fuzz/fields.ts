// Field constructors for the cases, and the hostile values that only make
// sense for one domain: an answer to a question of a given type, a weight, a
// questionnaire or profile document.
import fc from 'fast-check';
import type { Question, Template } from '../../../src/lib/scoring/index';
import type { Field } from './harness';
import { BIDI_CONTROLS, LONE_SURROGATES, MEGABYTE, NUL, PROTO_WORDS, Raw, file, serialiseJson, text, type Mutation } from './hostile';

export const m = (tag: string, ...values: unknown[]): Mutation => ({ tag, values });
const tagged = (values: string[], label = (v: string) => JSON.stringify(v.slice(0, 16))) => fc.constantFrom(...values).map((v) => m(label(v), v));

export function form(name: string, valid: unknown, hostile: fc.Arbitrary<Mutation>): Field {
	return { name, where: 'form', valid: valid === undefined ? [] : Array.isArray(valid) ? valid : [valid], hostile };
}

export function param(name: string, valid: string | number, hostile: fc.Arbitrary<Mutation>): Field {
	return { name, where: 'param', valid: [String(valid)], hostile };
}

/** A field the request may add, which no correct app accepts: left out of the accepted request. */
export function unwelcome(name: string, value: unknown, tag: string): Field {
	return { name, where: 'form', valid: [], hostile: fc.constant(m(tag, value)) };
}

/** What a form field for question `q` may carry instead of `valid` (its value as the form posts it). */
export function answerValue(q: Question, valid: string[]): fc.Arbitrary<Mutation> {
	const options = 'options' in q && q.options ? q.options.map((o) => o.value) : [];
	const first = options[0] ?? 'yes';
	const wrong: Record<Question['type'], string[]> = {
		yes_no: ['maybe', 'YES', 'partial', 'yes' + NUL, '\u202Eyes', '1', 'true'],
		yes_partial_no: ['maybe', 'YES', 'partially', 'yes' + NUL, '\u202Eyes', '1', 'true'],
		maturity: ['6', '-1', '2.5', '2,5', 'NaN', 'Infinity', '-Infinity', '1e308', 'five', '3' + NUL, '\u202E3'],
		choice: ['no-such-option', first + NUL, '\u2066' + first, 'toString', 'hasOwnProperty', '1'],
		multi_choice: ['no-such-option', first + NUL, '\u202E' + first, 'toString'],
		number: ['NaN', 'Infinity', '-Infinity', '1e999', 'abc', '12' + NUL, '\u202E12', '12 days'],
		percent: ['101', '-1', '100.5', '1e308', 'NaN', 'Infinity', '-Infinity', '50%', '50' + NUL],
		text: []
	};
	if (q.type === 'text') return text(valid[0] ?? 'An answer in words.', { max: 10_000, multiline: true });
	const legal = q.type === 'yes_no' || q.type === 'yes_partial_no' ? 'yes' : q.type === 'maturity' ? '3' : q.type === 'number' ? '12' : q.type === 'percent' ? '50' : first;
	return fc.oneof(
		tagged([...wrong[q.type], ...PROTO_WORDS, MEGABYTE]).map((x) => m(`${q.type} ${x.tag}`, ...x.values)),
		fc.constant(q.type === 'multi_choice' ? m('an option listed twice', first, first) : m('sent twice', legal, legal)),
		fc.constant(m('a file instead of text', file('answer.txt', legal)))
	);
}

/** A number the form posts (a weight, a version) that is not the one expected: never NaN-tolerant, never 0 when 0 is valid. */
export function number(valid: string, options: { zeroIsValid?: boolean } = {}): fc.Arbitrary<Mutation> {
	const values = ['NaN', 'Infinity', '-Infinity', '-1', '1.5', '1e308', '1e999', '9'.repeat(400), 'abc', ...PROTO_WORDS, MEGABYTE, valid + NUL, '\u202E' + valid, String(Number(valid) + 1)];
	if (!options.zeroIsValid) values.push('0', '', '-0');
	return fc.oneof(tagged(values.filter((v) => v !== valid)), fc.constant(m('sent twice', valid, valid)), fc.constant(m('a file instead of text', file('n.txt', valid))));
}

/** A section weight in a form (0 to 1,000,000, the spec's bound). */
export const weight = (valid: string) =>
	fc.oneof(
		tagged(['', ' ', 'NaN', 'Infinity', '-Infinity', '-1', '1e999', '1e308', '1000001', '1000000.5', String(Number.MAX_VALUE), '9'.repeat(400), 'abc', ...PROTO_WORDS, MEGABYTE, '1' + NUL, '\u202E1']),
		fc.constant(m('sent twice', valid, valid)),
		fc.constant(m('a file instead of text', file('w.txt', valid)))
	);

type Json = unknown;
type Edit = [tag: string, edit: (doc: Record<string, any>) => Json];

/** Hostile values for a free-text member of a JSON document. */
const TEXTS: Array<[string, Json]> = [
	['NUL inside', `A${NUL}B`],
	...BIDI_CONTROLS.map((c): [string, Json] => [`U+${c.charCodeAt(0).toString(16).toUpperCase()} inside`, `Title ${c}gnp.exe`]),
	['U+001B inside', 'A\u001B[31mB'],
	...LONE_SURROGATES.map(([tag, s]): [string, Json] => [`${tag} inside`, `Title ${s} here`]),
	['a number', 5],
	['null', null],
	['a list', ['x']],
	['an object', { __proto__: null, polluted: true }]
];
const NUMBERS: Array<[string, Json]> = [
	['-1', -1],
	['1e999 (Infinity)', new Raw('1e999')],
	['-1e999', new Raw('-1e999')],
	// Finite, but past every bound: 1e308 overflowed the weighted sums to NaN.
	['1e308', new Raw('1e308')],
	['the largest double', Number.MAX_VALUE],
	['1,000,001', 1_000_001],
	['1,000,000.5', 1_000_000.5],
	// Not JSON at all, though JavaScript would write them.
	['NaN', new Raw('NaN')],
	['Infinity', new Raw('Infinity')],
	['a string', '1'],
	['null', null],
	['true', true],
	['an object', {}]
];
const IDS: Array<[string, Json]> = [
	['__proto__', '__proto__'],
	['capitals and a space', 'Bad Id'],
	['empty', ''],
	['NUL inside', `a${NUL}b`],
	['U+202E inside', 'a\u202Eb'],
	['65 characters', 'a'.repeat(65)],
	['a number', 1]
];

/** Hostile edits of a questionnaire document, each yielding its JSON text. */
export function templateDocs(valid: Template): fc.Arbitrary<Mutation> {
	const questions = valid.sections.flatMap((s) => s.questions);
	const at = (type: Question['type']) => questions.findIndex((q) => q.type === type);
	const q = (doc: Record<string, any>, type: Question['type']) => {
		const i = at(type);
		let n = i;
		for (const s of doc.sections) {
			if (n < s.questions.length) return s.questions[n];
			n -= s.questions.length;
		}
		throw new Error(`no ${type} question`);
	};
	const textPaths: Array<[string, (doc: Record<string, any>) => Record<string, any>, string]> = [
		['title', (d) => d, 'title'],
		['description', (d) => d, 'description'],
		['sections[0].title', (d) => d.sections[0], 'title'],
		['sections[0].description', (d) => d.sections[0], 'description'],
		['a prompt', (d) => d.sections[0].questions[0], 'prompt'],
		['a guidance', (d) => d.sections[0].questions[0], 'guidance'],
		['a source', (d) => d.sections[0].questions[0], 'source'],
		["an option's label", (d) => q(d, 'choice').options[0], 'label'],
		["a number question's unit", (d) => q(d, 'number'), 'unit'],
		["a grade's name", (d) => d.grades[0], 'grade']
	];
	// Strings with no text rule of their own are still whole characters.
	const wellFormedPaths: Array<[string, (doc: Record<string, any>) => Record<string, any>, string]> = [
		["an option's value", (d) => q(d, 'choice').options[0], 'value'],
		['version', (d) => d, 'version']
	];
	const edits: Edit[] = [
		...textPaths.flatMap(([where, parent, name]) =>
			TEXTS.map(([tag, value]): Edit => [`${where}: ${tag}`, (d) => ((parent(d)[name] = value), d)])
		),
		...wellFormedPaths.flatMap(([where, parent, name]) =>
			LONE_SURROGATES.map(([tag, s]): Edit => [`${where}: ${tag}`, (d) => ((parent(d)[name] = `${parent(d)[name]}${s}`), d)])
		),
		...[['key', (d: any) => d, 'key'], ["a section's id", (d: any) => d.sections[0], 'id'], ["a question's id", (d: any) => d.sections[0].questions[0], 'id']].flatMap(
			([where, parent, name]) => IDS.map(([tag, value]): Edit => [`${where as string}: ${tag}`, (d) => (((parent as (d: any) => any)(d)[name as string] = value), d)])
		),
		...[['version', ''], ['version', 'x'.repeat(33)], ['version', `1.0.9${NUL}`], ['version', '\u202E1.0.9'], ['version', '1.0.9\u2066'], ['version', 7]].map(
			([name, value]): Edit => [`version ${JSON.stringify(value)}`, (d) => ((d[name as string] = value), d)]
		),
		...NUMBERS.flatMap(([tag, value]): Edit[] => [
			[`a section weight: ${tag}`, (d) => ((d.sections[0].weight = value), d)],
			[`a question weight: ${tag}`, (d) => ((d.sections[0].questions[0].weight = value), d)],
			[`an option score: ${tag}`, (d) => ((q(d, 'choice').options[0].score = value), d)],
			[`a band's score: ${tag}`, (d) => ((q(d, 'number').bands[0].score = value), d)]
		]),
		['an option score of 2', (d) => ((q(d, 'choice').options[0].score = 2), d)],
		['no format', (d) => (delete d.format, d)],
		['another format', (d) => ((d.format = 'clearance-template/2'), d)],
		['no key', (d) => (delete d.key, d)],
		['no title', (d) => (delete d.title, d)],
		['a blank title', (d) => ((d.title = ''), d)],
		['no sections', (d) => (delete d.sections, d)],
		['no section', (d) => ((d.sections = []), d)],
		['sections as an object', (d) => ((d.sections = { __proto__: null, a: d.sections[0] }), d)],
		['a section with no question', (d) => ((d.sections[0].questions = []), d)],
		['a question twice', (d) => (d.sections[0].questions.push(d.sections[0].questions[0]), d)],
		['an unknown question type', (d) => ((d.sections[0].questions[0].type = 'constructor'), d)],
		['the document is a list', () => [valid]],
		['the document is null', () => null]
	];
	return fc
		.tuple(fc.constantFrom(...edits), fc.boolean())
		.map(([[tag, edit], proto]) => {
			const doc = edit(JSON.parse(JSON.stringify(valid)) as Record<string, any>);
			// Keys JSON.parse makes own properties, which a merge would turn into pollution.
			const extra = proto && doc && typeof doc === 'object' && !Array.isArray(doc) ? `,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}` : '';
			return m(extra ? `${tag} (+ __proto__ keys)` : tag, serialiseDoc(doc, extra));
		})
		.chain((x) => fc.oneof({ weight: 9, arbitrary: fc.constant(x) }, tagged(['', '{', 'NaN', '[]', '"text"', '{"format":"clearance-template/1"'], (v) => `not a document: ${JSON.stringify(v)}`)));
}

function serialiseDoc(doc: Json, extra: string): string {
	const body = serialiseJson(doc);
	return extra && body.endsWith('}') ? body.slice(0, -1) + extra + '}' : body;
}


/** Hostile weight-profile documents. */
export function profileDocs(valid: { format: string; name: string; sections: Record<string, number> }): fc.Arbitrary<Mutation> {
	const edits: Array<[string, string]> = [
		...TEXTS.map(([tag, value]): [string, string] => [`name: ${tag}`, serialiseJson({ ...valid, name: value })]),
		['name: blank', serialiseJson({ ...valid, name: '   ' })],
		['name: 81 characters', serialiseJson({ ...valid, name: 'n'.repeat(81) })],
		['no name', serialiseJson({ format: valid.format, sections: valid.sections })],
		['a __proto__ section', `{"format":"${valid.format}","name":"Sneaky","sections":{"__proto__":1}}`],
		['a constructor section', serialiseJson({ ...valid, sections: { constructor: 1 } })],
		['an unknown section', serialiseJson({ ...valid, sections: { 'no-such-section': 1 } })],
		...NUMBERS.map(([tag, value]): [string, string] => [`a weight: ${tag}`, serialiseJson({ ...valid, sections: { ...valid.sections, keys: value } })]),
		['sections as a list', serialiseJson({ ...valid, sections: [1, 2] })],
		['no sections', serialiseJson({ format: valid.format, name: valid.name })],
		['another format', serialiseJson({ ...valid, format: 'clearance-profile/2' })],
		['the document is a list', '[]'],
		['the document is null', 'null'],
		['not JSON', '{"format":']
	];
	return fc.constantFrom(...edits).map(([tag, body]) => m(tag, body));
}
