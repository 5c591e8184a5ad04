// Two people editing one platform: the second save never silently replaces
// the first. An edit carries the version its form started from; a stale one
// is refused with 409, showing the other person's change beside what the
// user typed (which is kept), and the audit trail records what each save
// really replaced.
import { beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../src/lib/server/audit';
import * as platforms from '../../src/lib/server/platforms';
import * as users from '../../src/lib/server/auth/users';
import { platformInput } from '../../src/lib/validation/platforms';
import { actions as editActions, load as editLoad } from '../../src/routes/(app)/platforms/[id]/edit/+page.server';
import { actions as newActions } from '../../src/routes/(app)/platforms/new/+page.server';
import { useTempDatabase } from '../helpers/database';
import { beforeNextWrite } from '../helpers/interleave';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';

useTempDatabase();

let ada: Locals, bea: Locals;
const actorOf = (l: Locals) => ({ id: l.user!.id, label: l.user!.email });

async function person(email: string, name: string): Promise<Locals> {
	const u = await users.create({ id: null, label: 'cli' }, { email, name, role: 'analyst', password: 'a long and unusual passphrase 7' });
	return { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, respondent: null };
}

beforeAll(async () => {
	ada = await person('ada@example.com', 'Ada Analyst');
	bea = await person('bea@example.com', 'Bea Analyst');
});

function make(name: string, extra: Record<string, string> = {}) {
	return platforms.create(actorOf(ada), platformInput.parse({ name, kind: 'custodian', status: 'prospect', ...extra }));
}

/** The edit form as the page renders it: the stored values and the version they are. */
async function openForm(id: number) {
	const data = (await editLoad({ params: { id: String(id) } } as never)) as { values: Record<string, string>; base: string; version: number };
	return (changes: Record<string, string> = {}): Record<string, string> => ({ ...data.values, version: String(data.version), base: data.base, ...changes });
}

const save = (who: Locals, id: number, fields: Record<string, string>) =>
	outcomeOf(() => editActions.default(formEvent('/(app)/platforms/[id]/edit', 'default', fields, { locals: who, params: { id: String(id) } }) as never));

const updates = (id: number) =>
	listEvents({ action: 'platform.update' })
		.filter((e) => e.entityId === String(id))
		.sort((x, y) => x.seq - y.seq)
		.map((e) => ({ actor: e.actor, details: JSON.parse(e.details) }));

describe('editing a platform someone else just edited', () => {
	it('takes their change to a field the user never touched, so saving again cannot quietly undo it', async () => {
		const p = make('Quay Exchange', { tags: 'exchange' });
		const adaForm = await openForm(p.id);
		const beaForm = await openForm(p.id);
		expect(await save(bea, p.id, beaForm({ tags: 'exchange, tier-1' }))).toMatchObject({ label: 'redirect 303' });
		const stale = await save(ada, p.id, adaForm({ name: 'Quay Exchange Ltd' }));
		expect(stale).toMatchObject({ label: 'fail 409', data: { values: { name: 'Quay Exchange Ltd', tags: 'exchange, tier-1' }, conflict: { taken: ['tags'], both: [] }, version: '2' } });
		// Saving the form as it now stands keeps both people's changes.
		const shown = stale.data as { values: Record<string, string>; version: string; base: string };
		expect(await save(ada, p.id, { ...shown.values, version: shown.version, base: shown.base })).toMatchObject({ label: 'redirect 303' });
		expect(platforms.get(p.id)).toMatchObject({ name: 'Quay Exchange Ltd', tags: ['exchange', 'tier-1'], version: 3 });
	});

	it('refuses the stale save with 409, shows their values, who and when, and keeps everything the user typed', async () => {
		const p = make('Keel Custody', { description: 'Original description.' });
		const adaForm = await openForm(p.id);
		const beaForm = await openForm(p.id);
		expect(beaForm().version).toBe('1');

		expect(await save(bea, p.id, beaForm({ description: 'Audited by KPMG in March.' }))).toMatchObject({ kind: 'accepted', label: 'redirect 303' });
		const typed = adaForm({ status: 'approved', tags: 'custody, tier-1', description: 'Site visit done; keys in two vaults.' });
		const stale = await save(ada, p.id, typed);

		expect(stale).toMatchObject({
			kind: 'refused',
			label: 'fail 409',
			data: {
				values: typed,
				errors: { version: expect.stringMatching(/Bea Analyst/) },
				conflict: {
					by: 'Bea Analyst',
					at: expect.any(Number),
					values: { name: typed.name, kind: typed.kind, jurisdictions: typed.jurisdictions, website: typed.website, status: 'prospect', tags: '', description: 'Audited by KPMG in March.' },
					// Both changed the description: the form keeps hers, and says so.
					both: ['description'],
					taken: []
				},
				// The form now carries their version: saving again replaces theirs, knowingly.
				version: '2'
			}
		});
		expect(platforms.get(p.id)).toMatchObject({ status: 'prospect', tags: [], description: 'Audited by KPMG in March.', version: 2 });

		const again = { ...typed, version: (stale.data as { version: string }).version };
		expect(await save(ada, p.id, again)).toMatchObject({ kind: 'accepted', label: 'redirect 303' });
		expect(platforms.get(p.id)).toMatchObject({ status: 'approved', tags: ['custody', 'tier-1'], description: 'Site visit done; keys in two vaults.', version: 3 });
		// Each save's "from" is what it really replaced: Ada's replaced Bea's, not the original.
		expect(updates(p.id)).toEqual([
			{ actor: 'bea@example.com', details: { description: { from: 'Original description.', to: 'Audited by KPMG in March.' } } },
			{
				actor: 'ada@example.com',
				details: {
					status: { from: 'prospect', to: 'approved' },
					tags: { from: [], to: ['custody', 'tier-1'] },
					description: { from: 'Audited by KPMG in March.', to: 'Site visit done; keys in two vaults.' }
				}
			}
		]);
	});

	it('catches a save that lands after the form was read but before the write, and audits only what was saved', async () => {
		const p = make('Lattice Prime', { description: 'First draft.' });
		const adaForm = await openForm(p.id);
		const beaForm = await openForm(p.id);
		// Another server process commits Bea's save while Ada's request is on its way to the write lock.
		beforeNextWrite(() => platforms.update(actorOf(bea), p.id, platformInput.parse({ ...beaForm({ description: 'Bea’s wording.' }) }), 1));
		const outcome = await save(ada, p.id, adaForm({ description: 'Ada’s wording.' }));
		expect(outcome).toMatchObject({ kind: 'refused', label: 'fail 409', data: { conflict: { by: 'Bea Analyst', values: { description: 'Bea’s wording.' } } } });
		expect(platforms.get(p.id)).toMatchObject({ description: 'Bea’s wording.', version: 2 });
		expect(updates(p.id)).toEqual([{ actor: 'bea@example.com', details: { description: { from: 'First draft.', to: 'Bea’s wording.' } } }]);
	});

	it('refuses a form without its version, naming the field, and saves nothing', async () => {
		const p = make('Version-less Ltd');
		const form = await openForm(p.id);
		for (const version of [undefined, '', 'NaN', '0', '1.5']) {
			const fields: Record<string, string> = form({ description: 'Changed.' });
			if (version === undefined) delete fields.version;
			else fields.version = version;
			expect(await save(ada, p.id, fields), String(version)).toMatchObject({ kind: 'refused', label: 'fail 400', data: { values: { description: 'Changed.' }, errors: { version: expect.any(String) } } });
		}
		expect(platforms.get(p.id)).toMatchObject({ description: null, version: 1 });
	});
});

describe('two platforms given one name at once', () => {
	it('refuses the second creation by name instead of failing', async () => {
		beforeNextWrite(() => make('Quorum Exchange'));
		const outcome = await outcomeOf(() => newActions.default(formEvent('/(app)/platforms/new', 'default', { name: 'QUORUM EXCHANGE', kind: 'exchange', status: 'prospect' }, { locals: ada }) as never));
		expect(outcome).toMatchObject({ kind: 'refused', label: 'fail 400', data: { errors: { name: expect.stringMatching(/exists already/) } } });
		expect(platforms.list({ q: 'quorum' }).total).toBe(1);
	});

	it('refuses a rename to a name another platform just took instead of failing', async () => {
		const p = make('Rename Me');
		const form = await openForm(p.id);
		beforeNextWrite(() => make('Taken Meanwhile'));
		const outcome = await save(ada, p.id, form({ name: 'Taken meanwhile' }));
		expect(outcome).toMatchObject({ kind: 'refused', label: 'fail 400', data: { errors: { name: expect.stringMatching(/Another platform/) } } });
		expect(platforms.get(p.id)).toMatchObject({ name: 'Rename Me', version: 1 });
	});
});
