// Issue 8: a posted form is read strictly — a field sent twice or a file
// where text belongs is refused, not resolved by picking one value.
import { describe, expect, it } from 'vitest';
import { formProblem } from '../../../src/lib/validation/form';

function form(entries: Array<[string, string | File]>): FormData {
	const f = new FormData();
	for (const [name, value] of entries) f.append(name, value);
	return f;
}
const pdf = () => new File(['%PDF-1.4'], 'a.pdf');

describe('reading a posted form', () => {
	it('accepts each field once, and text where text belongs', () => {
		expect(formProblem(form([['role', 'committee'], ['userId', '2']]))).toBeNull();
	});

	it('refuses a field sent twice, even with the same value twice', () => {
		expect(formProblem(form([['role', 'committee'], ['userId', '2'], ['role', 'admin']]))).toEqual({ field: 'role', message: 'This field was sent twice; submit the form again.' });
		expect(formProblem(form([['role', 'admin'], ['role', 'admin']]))?.field).toBe('role');
	});

	it('lets lists repeat: checkbox groups and multiple selects', () => {
		expect(formProblem(form([['assessors', '2'], ['assessors', '3']]), { lists: ['assessors'] })).toBeNull();
		expect(formProblem(form([['assessors', '2'], ['dueDate', ''], ['dueDate', '']]), { lists: ['assessors'] })?.field).toBe('dueDate');
	});

	it('refuses a file where text belongs, and two files where one belongs', () => {
		expect(formProblem(form([['description', pdf()]]))).toEqual({ field: 'description', message: 'This field takes text, not a file; submit the form again.' });
		expect(formProblem(form([['file', pdf()], ['questionId', 'q']]), { files: ['file'] })).toBeNull();
		expect(formProblem(form([['file', pdf()], ['file', pdf()]]), { files: ['file'] })?.field).toBe('file');
	});

	it('names the field by at most 100 characters of its name', () => {
		const long = 'x'.repeat(1 << 20);
		expect(formProblem(form([[long, 'a'], [long, 'b']]))?.field).toBe('x'.repeat(100));
	});

	// Form fields and file names are USVStrings (WebIDL): whatever bytes a
	// request sends, a lone surrogate reaches an action as U+FFFD, a character
	// like any other. Only JSON (its "\ud800" escape) and direct calls can carry
	// one, and the shared text rules refuse it there (validation/text.ts).
	it('cannot carry a lone surrogate as kit parses it, in a value, a name or a file name', async () => {
		const surrogate = [0xed, 0xa0, 0x80]; // U+D800 as (invalid) UTF-8
		const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
		const multipart = new Request('http://localhost/', {
			method: 'POST',
			headers: { 'content-type': 'multipart/form-data; boundary=form-boundary' },
			body: bytes('--form-boundary\r\nContent-Disposition: form-data; name="note"\r\n\r\na', surrogate, 'b\r\n', '--form-boundary\r\nContent-Disposition: form-data; name="file"; filename="', surrogate, '.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--form-boundary--\r\n')
		});
		const urlencoded = new Request('http://localhost/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a%ED%A0%80=%ED%A0%80' });
		const built = new FormData();
		built.append('n\uD800', 'v\uDC00');
		built.append('file', new File(['x'], 'f\uD800.pdf'));
		for (const form of [await multipart.formData(), await urlencoded.formData(), built]) {
			const texts = [...form].flatMap(([name, value]) => [name, typeof value === 'string' ? value : value.name]);
			expect(texts.length).toBeGreaterThan(0);
			for (const text of texts) expect(text.isWellFormed(), JSON.stringify(text)).toBe(true);
		}
	});

	it('treats __proto__ like any other name', () => {
		expect(formProblem(form([['__proto__', 'a']]))).toBeNull();
		expect(formProblem(form([['__proto__', 'a'], ['__proto__', 'b']]))?.field).toBe('__proto__');
		expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('a');
	});
});
