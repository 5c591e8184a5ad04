// Issue 8: free text refuses the characters that hide or reorder what a
// reader sees, and keeps every script's letters.
import { describe, expect, it } from 'vitest';
import { controlCharactersMessage, hasControlCharacters } from '../../../src/lib/validation/text';
import { newUser } from '../../../src/lib/validation/users';

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\t\n\r'.includes(c));

describe('control characters in free text', () => {
	it('refuses NUL, the other C0 controls, DEL and every bidi embedding, override and isolate, anywhere', () => {
		for (const c of [...C0, '\u007F', ...BIDI]) {
			for (const text of [c, `a${c}b`, `name${c}`]) {
				expect(hasControlCharacters(text), JSON.stringify(text)).toBe(true);
				expect(hasControlCharacters(text, { multiline: true }), JSON.stringify(text)).toBe(true);
			}
		}
	});

	it('keeps right-to-left letters, direction marks, accents and emoji', () => {
		for (const text of ['شركة الحفظ الآمن', 'בדיקת נאותות', 'Zürich – São Paulo', 'a\u200Eb\u200Fc\u061Cd', 'Custody 🔐', 'full\uFF57idth', 'zero\u200Bwidth']) {
			expect(hasControlCharacters(text), text).toBe(false);
		}
	});

	it('takes tabs and line breaks in multi-line text only', () => {
		for (const c of ['\t', '\n', '\r']) {
			expect(hasControlCharacters(`a${c}b`)).toBe(true);
			expect(hasControlCharacters(`a${c}b`, { multiline: true })).toBe(false);
		}
	});

	it('names the field in its refusal', () => {
		expect(controlCharactersMessage('A name')).toMatch(/^A name cannot contain control characters \(such as NUL, tabs or line breaks\), text-direction overrides/);
		expect(controlCharactersMessage('A note', { multiline: true })).toMatch(/^A note cannot contain control characters \(such as NUL\)/);
		expect(controlCharactersMessage('A note', { multiline: true })).toMatch(/or broken characters \(lone UTF-16 surrogates\)\.$/);
	});
});

// JSON's "\ud800" escape makes a string no encoding can store: SQLite was
// handed invalid UTF-8. Half a surrogate pair is no character at all.
describe('text that is not well-formed Unicode', () => {
	const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

	it('refuses a lone high or low surrogate anywhere, and a pair in the wrong order', () => {
		for (const s of LONE) {
			for (const text of [s, `a${s}b`, `name${s}`, `${s}name`, `🔐${s}`]) {
				expect(hasControlCharacters(text), JSON.stringify(text)).toBe(true);
				expect(hasControlCharacters(text, { multiline: true }), JSON.stringify(text)).toBe(true);
			}
		}
		expect(hasControlCharacters('\uDD10\uD83D', { multiline: true })).toBe(true);
	});

	it('keeps characters beyond the first 65,536, which are written as surrogate pairs', () => {
		for (const text of ['Custody 🔐', '\uD83D\uDD10', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '𠀀 and 𪛖', 'line one 🔐\nline two']) {
			expect(hasControlCharacters(text, { multiline: true }), text).toBe(false);
		}
	});

	it('is refused by the shared form schemas, naming the field', () => {
		const r = newUser.safeParse({ email: 'dana@example.com', name: 'Dana \uD800', role: 'analyst', password: 'a long enough passphrase' });
		expect(r.success).toBe(false);
		expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['name', expect.stringMatching(/^A name cannot contain .*lone UTF-16 surrogates/)]]);
	});
});
