// The hostile values the fuzz suite sends, field kind by field kind. Each
// builder returns what a field may carry instead of its valid value: nothing,
// the value twice, the wrong type, or a value no correct app accepts in that
// field. Values a lenient but correct app may take (" 2" for 2, "-0" where 0
// is allowed, "constructor" as a name) are left out: every one here must be
// refused.
import fc from 'fast-check';

export type FormValue = string | File;

/** What a field carries in one request; `values` empty: the field is left out; two or more: sent that many times. */
export interface Mutation {
	tag: string;
	values: unknown[];
}

export const NUL = '\u0000';
/**
 * Halves of surrogate pairs, alone: what JSON's "\ud800" escape makes. Only
 * JSON carries them to the app (a JSON body, a JSON document uploaded or
 * posted in a field): form fields and file names are USVStrings, so a lone
 * surrogate sent there reaches an action as U+FFFD, a character like any
 * other (tests/unit/validation/form.test.ts). Form text fields get none.
 */
export const LONE_SURROGATES: ReadonlyArray<[string, string]> = [
	['a lone high surrogate', '\uD800'],
	['a lone high surrogate at the end', '\uDBFF'],
	['a lone low surrogate', '\uDC00'],
	['a low surrogate before a high one', '\uDD10\uD83D']
];
/** The embeddings, overrides and isolates that make text display in another order than it is stored. */
export const BIDI_CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const OTHER_C0 = ['\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\u007F'];
const LINE_AND_TAB = ['\t', '\n', '\r'];
export const MEGABYTE = 'A'.repeat(1 << 20);
export const PROTO_WORDS = ['__proto__', 'constructor', 'prototype'];

const hex = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
const m = (tag: string, ...values: unknown[]): Mutation => ({ tag, values });
const pick = (tagged: Array<[string, unknown]>) => fc.constantFrom(...tagged).map(([tag, value]) => m(tag, value));

/** `ch` somewhere strictly inside `s`, where trimming cannot remove it. */
function inside(s: string, ch: string, at: number): string {
	const i = 1 + (at % Math.max(1, s.length - 1));
	return s.slice(0, i) + ch + s.slice(i);
}

/** A file whose name and bytes are given. */
export function file(name: string, bytes: string | Uint8Array<ArrayBuffer>, type = 'application/octet-stream'): File {
	return new File([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes], name, { type });
}

export const PDF = () => file('report.pdf', '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'application/pdf');

interface Shape {
	/** The field must be present (missing is then hostile). */
	required?: boolean;
	/** Single-valued: sending it twice is hostile. */
	single?: boolean;
	/** Text goes here, so a file is the wrong type. */
	text?: boolean;
}

/** Missing, repeated, a file where text belongs: hostile for any form field of that shape. */
function shapeMutations(valid: unknown[], shape: Shape): fc.Arbitrary<Mutation>[] {
	const out: fc.Arbitrary<Mutation>[] = [];
	if (shape.required !== false) out.push(fc.constant(m('missing')));
	if (shape.single !== false && valid.length === 1) out.push(fc.constant(m('sent twice', valid[0], valid[0])));
	if (shape.text !== false) out.push(fc.constant(m('a file instead of text', file('field.txt', 'text'))), fc.constant(m('an empty file instead of text', file('', ''))));
	return out;
}

/** Free text of at most `max` characters; `valid` has at least two characters. */
export function text(valid: string, options: { max: number; required?: boolean; multiline?: boolean; form?: boolean }): fc.Arbitrary<Mutation> {
	const controls = [NUL, ...BIDI_CONTROLS, ...OTHER_C0, ...(options.multiline ? [] : LINE_AND_TAB)];
	const base = valid.length >= 2 ? valid : 'ok';
	const arbs: fc.Arbitrary<Mutation>[] = [
		fc.tuple(fc.constantFrom(...controls), fc.nat()).map(([ch, at]) => m(`${hex(ch)} inside`, inside(base, ch, at))),
		fc.tuple(fc.constantFrom(NUL, '\u202E', '\u2066'), fc.constantFrom(NUL, '\u202E', '\u2069'), fc.nat()).map(([a, b, at]) => m(`${hex(a)} and ${hex(b)}`, inside(inside(base, a, at), b, at + 3))),
		// The classic spoof: an override that turns "exe.pdf" around on screen.
		fc.constant(m('right-to-left override spoof', `${base} \u202Efdp.exe`)),
		fc.constant(m('1 MB string', MEGABYTE)),
		fc.constant(m('1 MB string with NUL', MEGABYTE + NUL)),
		fc.constant(m(`${options.max + 1} characters`, base.padEnd(options.max + 1, 'x')))
	];
	if (options.required) arbs.push(pick([['empty', ''], ['blank', '   '], ['tab and spaces', ' \t ']]));
	if (options.form !== false) arbs.push(...shapeMutations([valid], { required: options.required ?? false }));
	return fc.oneof(...arbs);
}

/** Every spelling of "not a number, or not one that names a row". */
const NOT_AN_ID = [
	'', ' ', 'NaN', 'Infinity', '-Infinity', '-0', '0', '-1', '1.5', '1e308', '1e999', '9007199254740993', '9'.repeat(400),
	...PROTO_WORDS, 'toString', 'hasOwnProperty', 'null', 'undefined', 'true', '[object Object]', '\u0661', '\uFF11'
];

/** A positive row id; `foreign` are real rows this request may not touch (another platform's, the wrong state…). */
export function id(valid: string, options: { foreign?: Record<string, string>; form?: boolean; absent?: string } = {}): fc.Arbitrary<Mutation> {
	const values: Array<[string, unknown]> = [
		...NOT_AN_ID.map((v): [string, unknown] => [`id ${JSON.stringify(v.slice(0, 12))}`, v]),
		[`id ${valid} + NUL`, valid + NUL],
		[`U+202E + id ${valid}`, '\u202E' + valid],
		['id of 1 MB', MEGABYTE],
		['a row that does not exist', options.absent ?? '999999'],
		...Object.entries(options.foreign ?? {}).map(([label, v]): [string, unknown] => [label, v])
	];
	const arbs = [pick(values)];
	if (options.form !== false) arbs.push(...shapeMutations([valid], {}));
	return fc.oneof(...arbs);
}

/** One of `allowed`. */
export function choice(valid: string, allowed: readonly string[], options: { form?: boolean; required?: boolean; foreign?: Record<string, string> } = {}): fc.Arbitrary<Mutation> {
	const candidates: Array<[string, unknown]> = [
		['empty', ''],
		[`${valid} in capitals`, valid.toUpperCase()],
		[`${valid} + NUL`, valid + NUL],
		[`U+202E + ${valid}`, '\u202E' + valid],
		[`${valid} twice over`, valid + valid],
		...[...PROTO_WORDS, 'toString', 'hasOwnProperty', 'valueOf', 'NaN', 'Infinity', '-0', '1e308', 'null'].map((v): [string, unknown] => [v, v]),
		['1 MB string', MEGABYTE],
		...Object.entries(options.foreign ?? {})
	];
	const arbs = [pick(candidates.filter(([, v]) => !allowed.includes(v as string)))];
	if (options.form !== false) arbs.push(...shapeMutations([valid], { required: options.required }));
	return fc.oneof(...arbs);
}

/** A whole number from `min` to `max`. */
export function count(valid: string, min: number, max: number): fc.Arbitrary<Mutation> {
	const values = [
		'', String(min - 1), String(max + 1), '-1', '-0', '1.5', 'NaN', 'Infinity', '-Infinity', '1e308', '1e999', '9'.repeat(400),
		...PROTO_WORDS, 'fourteen', valid + NUL, '\u202E' + valid, MEGABYTE
	].filter((v) => {
		const n = Number(v);
		return !(v.trim() !== '' && Number.isInteger(n) && n >= min && n <= max && !Object.is(n, -0));
	});
	return fc.oneof(pick(values.map((v) => [`count ${JSON.stringify(v.slice(0, 12))}`, v])), ...shapeMutations([valid], {}));
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;

/** An optional YYYY-MM-DD from today on (and before `latest`, when given). */
export function date(options: { latest?: number } = {}): fc.Arbitrary<Mutation> {
	const future = isoDay(Date.now() + 30 * DAY);
	const values = [
		'2099-02-30', '2099-02-31', '2099-04-31', '2099-13-01', '2099-00-10', '2099-1-1', '20990101', '0000-00-00', '+275760-09-13',
		isoDay(Date.now() - DAY), '1970-01-01', 'NaN', 'Infinity', '-0', '1e308', ...PROTO_WORDS, 'tomorrow',
		future + NUL, '\u202E' + future, `${future}T00:00:00Z`, MEGABYTE,
		...(options.latest ? [isoDay(options.latest + 400 * DAY)] : [])
	];
	return fc.oneof(pick(values.map((v) => [`date ${JSON.stringify(v.slice(0, 14))}`, v])), fc.constant(m('sent twice', future, future)), fc.constant(m('a file instead of text', file('date.txt', future))));
}

export function email(valid: string): fc.Arbitrary<Mutation> {
	const [local, domain] = valid.split('@');
	const values: Array<[string, unknown]> = [
		['empty', ''],
		['blank', '   '],
		['no @', 'not-an-email'],
		['no domain dot', `${local}@localhost`],
		['no local part', `@${domain}`],
		['space inside', `${local} x@${domain}`],
		['NUL inside', `${local}${NUL}@${domain}`],
		['U+202E inside', `${local}\u202E@${domain}`],
		['U+2066 inside', `\u2066${valid}`],
		['255 characters', `${'a'.repeat(255 - domain.length - 1)}@${domain}`],
		['1 MB local part', `${MEGABYTE}@${domain}`],
		...PROTO_WORDS.map((w): [string, unknown] => [w, w])
	];
	return fc.oneof(pick(values), ...shapeMutations([valid], {}));
}

/** An optional web address; `refused` are addresses of the wrong scheme for this field. */
export function url(valid: string, refused: string[]): fc.Arbitrary<Mutation> {
	const values: Array<[string, unknown]> = [
		...refused.map((v): [string, unknown] => [`address ${v.slice(0, 24)}`, v]),
		['javascript: address', 'javascript:alert(1)'],
		['data: address', 'data:text/html,<script>alert(1)</script>'],
		['NUL inside', inside(valid, NUL, 12)],
		['U+202E inside', `${valid}\u202Efdp.exe`],
		['U+2067 inside', inside(valid, '\u2067', 14)],
		['1 MB address', `https://example.com/${MEGABYTE}`],
		...PROTO_WORDS.map((w): [string, unknown] => [w, w])
	];
	return fc.oneof(pick(values), ...shapeMutations([valid], { required: false }));
}

const MAGIC: Array<[string, number[]]> = [
	['Windows executable (MZ)', [0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]],
	['ELF executable', [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01]],
	['ZIP archive', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]],
	['GIF image', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00]],
	['a PDF header missing its dash', [0x25, 0x50, 0x44, 0x46, 0x00]],
	['a PNG signature cut short', [0x89, 0x50, 0x4e, 0x47, 0x0d]],
	['UTF-16 text', [0xff, 0xfe, 0x41, 0x00]]
];
const NAMES = ['report.pdf', 'scan.png', 'photo.jpg', 'notes.txt', 'data.csv', 'invoice\u202Efdp.exe', '../../etc/passwd', '__proto__', '', 'policy.pdf.vbs', 'Org-chart.hta', 'SOC2-report.bat'];
/**
 * Names that would run as a program, script, macro or web page on the
 * analyst's machine: refused even over accepted content (plain text, a PDF),
 * which they contradict. A trailing dot or space is dropped by Windows.
 */
const PROGRAM_NAMES = [
	'policy.pdf.vbs', 'Org-chart.hta', 'SOC2-report.bat', 'setup.exe', 'helper.dll', 'run.cmd', 'command.com', 'screen.scr', 'old.pif', 'script.vbe',
	'report.js', 'report.jse', 'job.wsf', 'host.wsh', 'installer.msi', 'patch.msp', 'audit.ps1', 'module.psm1', 'shortcut.lnk', 'tool.jar', 'deploy.sh',
	'Budget.app', 'settings.reg', 'panel.cpl', 'disk.iso', 'disk.img', 'minutes.docm', 'ledger.xlsm', 'deck.pptm', 'page.html', 'page.htm', 'logo.svg',
	'page.xhtml', 'POLICY.PDF.VBS', 'policy.vbs.', 'policy.bat  ', 'invoice\u202Efdp.hta'
];

let oversized: File | undefined;
/** One byte over the evidence limit (10 MB), made once. */
const tooBig = () => (oversized ??= new File([new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41)], 'big.txt', { type: 'text/plain' }));

/** An uploaded evidence file, judged by its bytes. */
export function evidenceFile(valid: File): fc.Arbitrary<Mutation> {
	return fc.oneof(
		fc
			.tuple(fc.constantFrom(...MAGIC), fc.constantFrom(...NAMES), fc.uint8Array({ minLength: 1, maxLength: 64 }))
			.map(([[label, magic], name, tail]) => m(`${label} named ${JSON.stringify(name)}`, file(name, new Uint8Array([...magic, 0x00, ...tail])))),
		fc.constantFrom(...NAMES).map((name) => m(`an empty file named ${JSON.stringify(name)}`, file(name, ''))),
		fc.constantFrom(...PROGRAM_NAMES).map((name) => m(`plain text named ${JSON.stringify(name)}`, file(name, `Our access policy, in plain words (${name}).\n`, 'text/plain'))),
		fc.constantFrom(...PROGRAM_NAMES).map((name) => m(`a PDF named ${JSON.stringify(name)}`, file(name, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'application/pdf'))),
		fc.constant(null).map(() => m('10 MB + 1 byte', tooBig())),
		fc.constant(m('text instead of a file', 'report.pdf')),
		fc.constant(m('missing')),
		fc.constant(m('sent twice', valid, valid))
	);
}

/** A JSON document uploaded as a file (templates, profiles), given its hostile texts. */
export function jsonFile(texts: fc.Arbitrary<Mutation>, maxBytes: number): fc.Arbitrary<Mutation> {
	return fc.oneof(
		{ weight: 4, arbitrary: texts.map((t) => m(t.tag, file('upload.json', t.values[0] as string, 'application/json'))) },
		fc.constant(m(`${maxBytes + 1} bytes`, file('upload.json', `"${'x'.repeat(maxBytes - 1)}"`, 'application/json'))),
		fc.constant(m('an empty file', file('upload.json', '', 'application/json'))),
		fc.tuple(fc.constantFrom(...MAGIC)).map(([[label, magic]]) => m(`${label} instead of JSON`, file('upload.json', new Uint8Array([...magic, 0x00])))),
		fc.constant(m('text instead of a file', '{"format":"clearance-template/1"}')),
		fc.constant(m('missing'))
	);
}

/** Session and invitation cookies that open nothing; `dead` are real tokens that no longer do. */
export function token(valid: string, dead: Record<string, string> = {}): fc.Arbitrary<Mutation> {
	const values: Array<[string, unknown]> = [
		['empty cookie', ''],
		['blank cookie', '   '],
		['the token minus its last character', valid.slice(0, -1)],
		['the token plus a character', valid + 'A'],
		['the token in capitals', valid.toUpperCase()],
		['the token + NUL', valid + NUL],
		['U+202E + the token', '\u202E' + valid],
		['a 1 MB cookie', MEGABYTE],
		...[...PROTO_WORDS, 'undefined', 'null', '[object Object]'].map((w): [string, unknown] => [`cookie ${w}`, w]),
		...Object.entries(dead)
	];
	return pick(values);
}

/** A number written as is (1e999, -0), where JSON.stringify would write null or 0. */
export class Raw {
	constructor(readonly text: string) {}
}

/** JSON.stringify, except that Raw numbers are written as they are. */
export function serialiseJson(value: unknown): string {
	if (value instanceof Raw) return value.text;
	if (Array.isArray(value)) return `[${value.map(serialiseJson).join(',')}]`;
	if (value !== null && typeof value === 'object') return `{${Object.keys(value).map((k) => `${JSON.stringify(k)}:${serialiseJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
	return JSON.stringify(value) ?? 'null';
}

/** Extra fields named after Object.prototype's keys, or in the shapes qs-style parsers turn into pollution. */
export const NOISE: ReadonlyArray<[string, string]> = [
	['__proto__', 'polluted'],
	['__proto__', '{"polluted":true}'],
	['constructor', 'polluted'],
	['prototype', 'polluted'],
	['__proto__[polluted]', 'yes'],
	['constructor[prototype][polluted]', 'yes'],
	['__proto__.polluted', 'yes'],
	['constructor.prototype.polluted', 'yes'],
	['toString', 'polluted'],
	['hasOwnProperty', 'polluted'],
	['valueOf', '1']
];
