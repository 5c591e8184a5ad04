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

	it('treats __proto__ like any other name', () => {
		expect(formProblem(form([['__proto__', 'a']]))).toBeNull();
		expect(formProblem(form([['__proto__', 'a'], ['__proto__', 'b']]))?.field).toBe('__proto__');
		expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('a');
	});
});
