// The audit trail's date filter takes the one format the app writes dates in,
// and names the field when a date is not a day rather than quietly ignoring it.
import { describe, expect, it } from 'vitest';
import { load } from '../../src/routes/(app)/admin/audit/+page.server';
import { useTempDatabase } from '../helpers/database';

useTempDatabase();

type Loaded = { dateErrors: { from?: string; to?: string }; filter: { from: string; to: string } };
const open = (query: string) => load({ url: new URL(`http://localhost/admin/audit?${query}`) } as never) as Loaded;

describe('the audit filter’s dates', () => {
	it('takes YYYY-MM-DD days and shows them back unchanged', () => {
		const page = open('from=2026-01-31&to=2026-02-28');
		expect(page.dateErrors).toEqual({});
		expect(page.filter).toMatchObject({ from: '2026-01-31', to: '2026-02-28' });
	});

	it('names the field of a date typed in another format or that does not exist, and shows it back to correct', () => {
		const page = open('from=12/31/2026&to=2026-02-30');
		expect(page.dateErrors.from).toMatch(/“from” date as YYYY-MM-DD/);
		expect(page.dateErrors.to).toMatch(/“to” date as YYYY-MM-DD/);
		expect(page.filter).toMatchObject({ from: '12/31/2026', to: '2026-02-30' });
	});

	it('asks nothing of an empty date', () => {
		expect(open('from=&to=').dateErrors).toEqual({});
	});
});
