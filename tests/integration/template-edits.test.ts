// Two people editing one weight profile or one questionnaire draft: the
// second save never silently replaces the first. A profile form carries the
// version of each profile its page listed, a draft's editor the SHA-256 of
// the draft it opened; a stale save, publish or delete is refused with 409,
// showing whose change it was, and what the user typed comes back.
import { beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../src/lib/server/audit';
import * as profiles from '../../src/lib/server/profiles';
import * as templates from '../../src/lib/server/templates';
import * as users from '../../src/lib/server/auth/users';
import { actions as libraryActions, load as libraryLoad } from '../../src/routes/(app)/templates/[key]/+page.server';
import { actions as versionActions } from '../../src/routes/(app)/templates/[key]/[version]/+page.server';
import { actions as editActions, load as editLoad } from '../../src/routes/(app)/templates/[key]/[version]/edit/+page.server';
import { useTempDatabase } from '../helpers/database';
import { beforeNextWrite } from '../helpers/interleave';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';

useTempDatabase();
const cli = { id: null, label: 'cli' };
const KEY = 'edits';
const DOC = {
	format: 'clearance-template/1',
	key: KEY,
	version: '1.0.0',
	title: 'Edits test',
	sections: [
		{ id: 'keys', title: 'Keys', weight: 2, questions: [{ id: 'keys.q', prompt: 'Keys split?', type: 'yes_no' }] },
		{ id: 'hiring', title: 'Hiring', weight: 1, questions: [{ id: 'hiring.q', prompt: 'Vetted?', type: 'yes_no' }] }
	]
};

let ada: Locals, bea: Locals;
const actorOf = (l: Locals) => ({ id: l.user!.id, label: l.user!.email });

async function person(email: string, name: string): Promise<Locals> {
	const u = await users.create(cli, { email, name, role: 'analyst', password: 'a long and unusual passphrase 9' });
	return { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, respondent: null };
}

beforeAll(async () => {
	ada = await person('ada@example.com', 'Ada Analyst');
	bea = await person('bea@example.com', 'Bea Analyst');
	templates.importDocument(cli, DOC, { publish: true });
});

type Actions = Record<string, (event: never) => unknown>;
const post = (who: Locals, route: string, actions: Actions, name: string, form: Record<string, string | File>, params: Record<string, string>) =>
	outcomeOf(() => actions[name](formEvent(route, name, form, { locals: who, params }) as never));

describe('weight profiles', () => {
	/** The template page as it renders: the profiles it lists, as the forms send them back. */
	async function openPage() {
		const data = (await libraryLoad({ params: { key: KEY } } as never)) as { profiles: profiles.ProfileView[] };
		const seen = JSON.stringify(Object.fromEntries(data.profiles.map((p) => [p.name, p.version])));
		const version = (name: string) => String(data.profiles.find((p) => p.name === name)!.version);
		return { seen, version, id: (name: string) => String(data.profiles.find((p) => p.name === name)!.id) };
	}
	const saveProfile = (who: Locals, seen: string, name: string, keys: number, hiring: number) =>
		post(who, '/(app)/templates/[key]', libraryActions, 'saveProfile', { seen, name, 'weight.keys': String(keys), 'weight.hiring': String(hiring) }, { key: KEY });
	const stored = (name: string) => profiles.list(KEY).find((p) => p.name === name);

	it('refuses with 409 a save from a page opened before someone else saved the profile, shows theirs and keeps the typed weights', async () => {
		profiles.save(actorOf(ada), KEY, { format: 'clearance-profile/1', name: 'Custody-heavy', sections: { keys: 3, hiring: 1 } });
		const adaPage = await openPage();
		const beaPage = await openPage();
		expect(await saveProfile(bea, beaPage.seen, 'Custody-heavy', 5, 1)).toMatchObject({ kind: 'accepted' });

		const stale = await saveProfile(ada, adaPage.seen, 'Custody-heavy', 4, 0);
		expect(stale).toMatchObject({
			kind: 'refused',
			label: 'fail 409',
			data: {
				field: 'version',
				message: expect.stringMatching(/^Bea Analyst saved the profile “Custody-heavy” after you opened the page/),
				values: { name: 'Custody-heavy', 'weight.keys': '4', 'weight.hiring': '0' },
				conflict: { name: 'Custody-heavy', sections: { keys: 5, hiring: 1 }, by: 'Bea Analyst' },
				seen: JSON.stringify({ 'Custody-heavy': 2 })
			}
		});
		expect(stored('Custody-heavy')).toMatchObject({ sections: { keys: 5, hiring: 1 }, version: 2 });

		// Saving again, now knowing theirs, replaces it; the audit says what it replaced.
		expect(await saveProfile(ada, (stale.data as { seen: string }).seen, 'Custody-heavy', 4, 0)).toMatchObject({ kind: 'accepted' });
		expect(stored('Custody-heavy')).toMatchObject({ sections: { keys: 4, hiring: 0 }, version: 3 });
		expect(JSON.parse(listEvents({ action: 'profile.update' })[0].details)).toMatchObject({ previous: { keys: 5, hiring: 1 }, sections: { keys: 4, hiring: 0 } });
	});

	it('does not replace a profile of the same name created after the page was opened', async () => {
		const page = await openPage();
		beforeNextWrite(() => profiles.save(actorOf(bea), KEY, { format: 'clearance-profile/1', name: 'Liquidity', sections: { keys: 1, hiring: 1 } }));
		expect(await saveProfile(ada, page.seen, 'Liquidity', 9, 1)).toMatchObject({ kind: 'refused', label: 'fail 409', data: { conflict: { name: 'Liquidity', by: 'Bea Analyst' } } });
		expect(stored('Liquidity')).toMatchObject({ sections: { keys: 1, hiring: 1 }, version: 1 });
	});

	it('catches a save that lands between reading the form and writing', async () => {
		const page = await openPage();
		beforeNextWrite(() => profiles.save(actorOf(bea), KEY, { format: 'clearance-profile/1', name: 'Custody-heavy', sections: { keys: 7, hiring: 7 } }));
		expect(await saveProfile(ada, page.seen, 'Custody-heavy', 1, 1)).toMatchObject({ kind: 'refused', label: 'fail 409' });
		expect(stored('Custody-heavy')).toMatchObject({ sections: { keys: 7, hiring: 7 } });
	});

	it('does not delete a profile someone saved after the page was opened', async () => {
		const page = await openPage();
		profiles.save(actorOf(bea), KEY, { format: 'clearance-profile/1', name: 'Liquidity', sections: { keys: 2, hiring: 1 } });
		const outcome = await post(ada, '/(app)/templates/[key]', libraryActions, 'deleteProfile', { profileId: page.id('Liquidity'), version: page.version('Liquidity') }, { key: KEY });
		expect(outcome).toMatchObject({ kind: 'refused', label: 'fail 409', data: { message: expect.stringMatching(/so it was not deleted/) } });
		expect(stored('Liquidity')).toMatchObject({ sections: { keys: 2, hiring: 1 } });
		const fresh = await openPage();
		expect(await post(ada, '/(app)/templates/[key]', libraryActions, 'deleteProfile', { profileId: fresh.id('Liquidity'), version: fresh.version('Liquidity') }, { key: KEY })).toMatchObject({ kind: 'accepted' });
		expect(stored('Liquidity')).toBeUndefined();
	});

	it('refuses a form that does not say which profiles it listed, keeping the typed weights', async () => {
		for (const seen of ['', 'null', '[]', '{"Custody-heavy":0}', '{"Custody-heavy":"3"}', 'not json']) {
			expect(await saveProfile(ada, seen, 'Custody-heavy', 2, 2), seen).toMatchObject({ kind: 'refused', label: 'fail 400', data: { values: { 'weight.keys': '2' } } });
		}
		expect(stored('Custody-heavy')).toMatchObject({ sections: { keys: 7, hiring: 7 } });
	});

	it('saves and replaces a profile whatever its name, "constructor" and "__proto__" included', async () => {
		for (const name of ['constructor', '__proto__']) {
			expect(await saveProfile(ada, (await openPage()).seen, name, 1, 2), name).toMatchObject({ kind: 'accepted' });
			expect(await saveProfile(ada, (await openPage()).seen, name, 3, 4), name).toMatchObject({ kind: 'accepted' });
			expect(stored(name), name).toMatchObject({ sections: { keys: 3, hiring: 4 }, version: 2 });
		}
	});
});

describe('questionnaire drafts', () => {
	const route = '/(app)/templates/[key]/[version]/edit';
	async function openEditor(version: string) {
		return (await editLoad({ params: { key: KEY, version } } as never)) as { json: string; sha256: string; doc: typeof DOC };
	}
	const retitled = (doc: typeof DOC, title: string) => JSON.stringify({ ...doc, title }, null, 2);
	const save = (who: Locals, version: string, json: string, sha256: string) => post(who, route, editActions, 'save', { json, sha256, then: 'stay' }, { key: KEY, version });

	it('refuses with 409 a save from an editor opened before someone else saved, returns the text and saves it once asked again', async () => {
		const draft = templates.newDraftFrom(actorOf(ada), KEY, '1.0.0').doc.version;
		const adaEditor = await openEditor(draft);
		const beaEditor = await openEditor(draft);
		expect(await save(bea, draft, retitled(beaEditor.doc, 'Bea’s title'), beaEditor.sha256)).toMatchObject({ kind: 'accepted', data: { done: 'Draft saved.' } });

		const mine = retitled(adaEditor.doc, 'Ada’s title');
		const stale = await save(ada, draft, mine, adaEditor.sha256);
		const theirs = templates.getVersion(KEY, draft)!.row;
		expect(stale).toMatchObject({
			kind: 'refused',
			label: 'fail 409',
			data: {
				field: 'sha256',
				message: expect.stringMatching(/^Bea Analyst saved draft .* after you opened it, so your changes were not saved/),
				json: mine,
				conflict: { version: draft, status: 'draft', title: 'Bea’s title', by: 'Bea Analyst', updatedAt: theirs.updatedAt },
				sha256: theirs.sha256
			}
		});
		expect(templates.getVersion(KEY, draft)!.doc.title).toBe('Bea’s title');

		expect(await save(ada, draft, mine, (stale.data as { sha256: string }).sha256)).toMatchObject({ kind: 'accepted' });
		expect(templates.getVersion(KEY, draft)!.doc.title).toBe('Ada’s title');
		templates.deleteDraft(cli, KEY, draft);
	});

	it('catches a draft saved between reading the form and writing', async () => {
		const draft = templates.newDraftFrom(actorOf(ada), KEY, '1.0.0').doc.version;
		const editor = await openEditor(draft);
		beforeNextWrite(() => templates.saveDraft(actorOf(bea), KEY, draft, { ...editor.doc, title: 'Bea meanwhile' }, editor.sha256));
		expect(await save(ada, draft, retitled(editor.doc, 'Ada'), editor.sha256)).toMatchObject({ kind: 'refused', label: 'fail 409' });
		expect(templates.getVersion(KEY, draft)!.doc.title).toBe('Bea meanwhile');
		templates.deleteDraft(cli, KEY, draft);
	});

	it('neither publishes nor deletes a draft someone saved after the page showed it', async () => {
		const draft = templates.newDraftFrom(actorOf(ada), KEY, '1.0.0').doc.version;
		const shown = (await openEditor(draft)).sha256;
		templates.saveDraft(actorOf(bea), KEY, draft, { ...(await openEditor(draft)).doc, title: 'Changed by Bea' }, shown);
		const params = { key: KEY, version: draft };
		expect(await post(ada, route, editActions, 'publish', { sha256: shown }, params)).toMatchObject({ kind: 'refused', label: 'fail 409', data: { message: expect.stringMatching(/so it was not published/) } });
		expect(await post(ada, '/(app)/templates/[key]/[version]', versionActions, 'publish', { sha256: shown }, params)).toMatchObject({ kind: 'refused', label: 'fail 409' });
		expect(await post(ada, '/(app)/templates/[key]/[version]', versionActions, 'deleteDraft', { sha256: shown }, params)).toMatchObject({ kind: 'refused', label: 'fail 409', data: { message: expect.stringMatching(/so it was not deleted/) } });
		expect(templates.getVersion(KEY, draft)!.row).toMatchObject({ status: 'draft' });
		const current = (await openEditor(draft)).sha256;
		expect(await post(ada, '/(app)/templates/[key]/[version]', versionActions, 'publish', { sha256: current }, params)).toMatchObject({ kind: 'accepted' });
		expect(templates.getVersion(KEY, draft)!.row).toMatchObject({ status: 'published', sha256: current });
	});
});
