// Reading the JSON documents named on the command line, and printing their
// problems one per line, each naming the file as the user gave it.
import { readFile } from 'node:fs/promises';
import type { Validation } from '../lib/scoring/index';
import { userPath } from './args';

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
