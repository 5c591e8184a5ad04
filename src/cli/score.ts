// `clearance score --template T --answers A [--profile P] [--explain]`: one
// answer set scored against its template (spec §5). Success prints exactly one
// JSON document; any input error prints one line per problem and exits 2.
import { readFile } from 'node:fs/promises';
import {
	compileTemplate,
	explain,
	score,
	validateAnswers,
	validateProfile,
	validateTemplate,
	type Validation
} from '../lib/scoring/index';
import { InputError, parseArgs, requireFlag, userPath } from './args';

export async function run(argv: string[]): Promise<number> {
	const args = parseArgs(argv, { values: ['template', 'answers', 'profile'], switches: ['explain'] });
	if (args.positional.length > 0) throw new InputError(`unexpected argument "${args.positional[0]}"`);
	const templateFile = requireFlag(args, 'template');
	const answersFile = requireFlag(args, 'answers');
	const profileFile = args.flags.profile === undefined ? null : requireFlag(args, 'profile');

	const [templateDoc, answersDoc, profileDoc] = await Promise.all([
		readDocument(templateFile),
		readDocument(answersFile),
		profileFile === null ? null : readDocument(profileFile)
	]);
	const lines: string[] = [];
	for (const doc of [templateDoc, answersDoc, profileDoc]) if (doc && !doc.ok) lines.push(doc.line);

	const template = templateDoc.ok ? validateTemplate(templateDoc.value) : null;
	if (template && !template.ok) lines.push(...problemLines(templateFile, template));
	// An invalid template still lets the other files' own shape be checked.
	const ct = template?.ok ? compileTemplate(template.value) : null;
	const answers = answersDoc.ok ? validateAnswers(answersDoc.value, ct) : null;
	if (answers && !answers.ok) lines.push(...problemLines(answersFile, answers));
	const profile = profileDoc?.ok ? validateProfile(profileDoc.value, ct) : null;
	if (profile && !profile.ok) lines.push(...problemLines(profileFile!, profile));

	if (lines.length > 0 || !ct || !answers?.ok || (profile !== null && !profile.ok)) {
		process.stderr.write(lines.map((line) => line + '\n').join(''));
		return 2;
	}
	const profileValue = profile?.ok ? profile.value : null;
	const result = args.flags.explain ? explain(ct, answers.value, profileValue) : score(ct, answers.value, profileValue);
	process.stdout.write(JSON.stringify(result, null, 2) + '\n');
	return 0;
}

export type Document = { ok: true; value: unknown } | { ok: false; line: string };

/** Reads and parses a JSON file; a failure becomes one stderr line naming the file as given. */
export async function readDocument(file: string): Promise<Document> {
	let text: string;
	try {
		text = await readFile(userPath(file), 'utf8');
	} catch (err) {
		return { ok: false, line: `${file}: cannot read the file (${readFailure(err)})` };
	}
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (err) {
		const at = where(text, err);
		const reason = oneLine(err);
		return { ok: false, line: `${file}: not valid JSON${at}: ${at ? reason.replace(/ in JSON at position \d+.*$/, '') : reason}` };
	}
}

/** `file: path: message` per problem (`file: message` for the whole document), then a count of any left out. */
export function problemLines(file: string, validation: Validation<unknown>): string[] {
	if (validation.ok) return [];
	const lines = validation.problems.map((p) => (p.path === '' ? `${file}: ${p.message}` : `${file}: ${p.path}: ${p.message}`));
	if (validation.omitted > 0) lines.push(`${file}: … and ${validation.omitted} more problems`);
	return lines;
}

function readFailure(err: unknown): string {
	const code = (err as NodeJS.ErrnoException)?.code;
	if (code === 'ENOENT') return 'no such file';
	if (code === 'EISDIR') return 'it is a directory';
	if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
	return code ?? oneLine(err);
}

function oneLine(err: unknown): string {
	const message = err instanceof Error ? err.message : String(err);
	return message.replace(/\s+/g, ' ').slice(0, 200);
}

/** " at line L, column C" when the parser says where it stopped. */
function where(text: string, err: unknown): string {
	const match = /at position (\d+)/.exec(err instanceof Error ? err.message : '');
	if (!match) return '';
	const position = Math.min(Number(match[1]), text.length);
	const before = text.slice(0, position);
	const line = before.split('\n').length;
	const column = position - before.lastIndexOf('\n');
	return ` at line ${line}, column ${column}`;
}
