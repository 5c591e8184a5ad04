// Characters no free-text field accepts, because they hide or reorder what a
// reader sees: NUL and the other C0 controls, DEL, and the bidirectional
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), with
// which "invoice" + U+202E + "fdp.exe" displays as "invoiceexe.pdf".
// Right-to-left letters (Arabic, Hebrew) and the plain direction marks
// (U+200E, U+200F, U+061C) are text like any other and pass. Shared by the
// server, the browser and the scoring schemas.
//
// Nor half a surrogate pair: JSON's "\ud800" escape makes one, and it is no
// character at all, so no encoding can store it (SQLite was handed invalid
// UTF-8). With the `u` flag, [\ud800-\udfff] matches only a surrogate that is
// not part of a pair: a pair is read as the one character it encodes (🔐).
// Form fields cannot carry one (they arrive as USVStrings, a lone surrogate
// as U+FFFD), so this matters for JSON and direct calls.

const MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
// A one-line field (a name, a title) takes no tab or line break either.
const SINGLE_LINE = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export function hasControlCharacters(text: string, options: { multiline?: boolean } = {}): boolean {
	return (options.multiline ? MULTILINE : SINGLE_LINE).test(text);
}

/** For strings that are not prose (an option's value): only well-formedness is asked of them. */
export function hasLoneSurrogates(text: string): boolean {
	return LONE_SURROGATE.test(text);
}

/** "A name cannot contain …": the refusal, naming the field. */
export function controlCharactersMessage(what: string, options: { multiline?: boolean } = {}): string {
	const examples = options.multiline ? 'NUL' : 'NUL, tabs or line breaks';
	return `${what} cannot contain control characters (such as ${examples}), text-direction overrides (U+202A–U+202E, U+2066–U+2069) or broken characters (lone UTF-16 surrogates).`;
}
