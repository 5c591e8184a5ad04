// The rules on accounts hold when two requests race — there is always an
// active admin, two-factor authentication is not undone by a stale tab —
// because each is checked against the rows its own write transaction reads. A race is simulated the way another server process
// would win it: the other request commits after this one has started and
// before its transaction takes the write lock.
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../src/lib/server/audit';
import { eq } from 'drizzle-orm';
import { getDb, write } from '../../src/lib/server/db/index';
import { mfaCredential, user } from '../../src/lib/server/db/schema';
import * as mfa from '../../src/lib/server/auth/mfa';
import * as users from '../../src/lib/server/auth/users';
import { actions as userActions } from '../../src/routes/(app)/admin/users/+page.server';
import { useTempDatabase } from '../helpers/database';
import { beforeNextWrite } from '../helpers/interleave';
import { refusalOf } from '../helpers/refusal';
import { formEvent, outcomeOf } from '../helpers/request-event';

useTempDatabase();

const PASSWORD = 'a long enough passphrase';
const CLI = { id: null, label: 'cli' };
let n = 0;

async function makeAdmin(name: string) {
	const u = await users.create(CLI, { email: `${name}${++n}@example.com`, name, role: 'admin', password: PASSWORD });
	return { ...u, actor: { id: u.id, label: u.email } };
}

const activeAdmins = () => getDb().select().from(user).all().filter((u) => u.role === 'admin' && !u.disabled).length;

/** Every admin there is, disabled: each test starts with only its own. */
function retireAdmins() {
	getDb().update(user).set({ disabled: true }).run();
}

describe('the last active admin, under the write lock', () => {
	it('two admins demoting each other at once leave one of them admin; the later is refused with 409', async () => {
		retireAdmins();
		const ada = await makeAdmin('ada');
		const bea = await makeAdmin('bea');
		// Ada demotes Bea; Bea's demotion of Ada commits first.
		beforeNextWrite(() => users.changeRole(bea.actor, ada.id, 'analyst'));
		const err = refusalOf(() => users.changeRole(ada.actor, bea.id, 'analyst'));
		expect(err).toMatchObject({ status: 409, field: 'role', message: expect.stringMatching(/last active admin.*nothing was changed|nothing was changed.*last active admin/i) });
		expect(activeAdmins()).toBe(1);
		expect(users.findById(bea.id)?.role).toBe('admin');
		expect(listEvents({ action: 'user.role_change' }).filter((e) => e.entityId === String(bea.id))).toEqual([]);
	});

	it('refuses to disable the last active admin when another was disabled meanwhile', async () => {
		retireAdmins();
		const ada = await makeAdmin('ada');
		const bea = await makeAdmin('bea');
		beforeNextWrite(() => users.setDisabled(CLI, ada.id, true));
		const err = refusalOf(() => users.setDisabled(CLI, bea.id, true));
		expect(err).toMatchObject({ status: 409, field: 'userId', message: expect.stringMatching(/last active admin/) });
		expect(activeAdmins()).toBe(1);
		expect(users.findById(bea.id)?.disabled).toBe(false);
	});

	it('refuses a demotion when the other admin was disabled meanwhile, and the admin page says why', async () => {
		retireAdmins();
		const ada = await makeAdmin('ada');
		const bea = await makeAdmin('bea');
		const locals = { user: { id: ada.id, email: ada.email, name: ada.name, role: ada.role }, session: null, respondent: null };
		beforeNextWrite(() => users.setDisabled(CLI, ada.id, true));
		const outcome = await outcomeOf(() => userActions.changeRole(formEvent('/(app)/admin/users', 'changeRole', { userId: String(bea.id), role: 'committee' }, { locals }) as never));
		expect(outcome.label).toBe('fail 409');
		// The page shows the first message of a row action's errors above the table.
		expect(outcome.data).toMatchObject({ action: 'changeRole', userId: bea.id, errors: { role: expect.stringMatching(/last active admin/) } });
		expect(activeAdmins()).toBe(1);
	});

	it('still lets one of two admins be demoted or disabled', async () => {
		retireAdmins();
		const ada = await makeAdmin('ada');
		const bea = await makeAdmin('bea');
		expect(users.changeRole(ada.actor, bea.id, 'committee').role).toBe('committee');
		users.changeRole(ada.actor, bea.id, 'admin');
		expect(users.setDisabled(ada.actor, bea.id, true).disabled).toBe(true);
		expect(activeAdmins()).toBe(1);
	});
});

describe('changing oneself', () => {
	it('an admin cannot change their own role or disable themselves, whoever calls the domain', async () => {
		const ada = await makeAdmin('ada');
		await makeAdmin('bea');
		expect(refusalOf(() => users.changeRole(ada.actor, ada.id, 'analyst'))).toMatchObject({ field: 'role', message: expect.stringMatching(/your own role/) });
		expect(refusalOf(() => users.setDisabled(ada.actor, ada.id, true))).toMatchObject({ field: 'userId', message: expect.stringMatching(/your own account/) });
		expect(users.findById(ada.id)).toMatchObject({ role: 'admin', disabled: false });
	});
});

describe('a new user’s email', () => {
	it('two admins creating the same person at once: one is created, the other refused naming the email, never a 500', async () => {
		const ada = await makeAdmin('ada');
		const input = { email: 'twice@example.com', name: 'Twice', role: 'analyst' as const, password: PASSWORD };
		const locals = { user: { id: ada.id, email: ada.email, name: ada.name, role: ada.role }, session: null, respondent: null };
		const post = () => outcomeOf(() => userActions.create(formEvent('/(app)/admin/users', 'create', input, { locals }) as never));
		const outcomes = await Promise.all([post(), post()]);
		expect(outcomes.map((o) => o.kind).sort()).toEqual(['accepted', 'refused']);
		expect(outcomes.find((o) => o.kind === 'refused')?.data).toMatchObject({ errors: { email: expect.stringMatching(/already exists/) } });
		expect(getDb().select().from(user).all().filter((u) => u.email === 'twice@example.com')).toHaveLength(1);
	});
});

describe('two-factor authentication in two tabs', () => {
	it('starting the set-up again in a stale tab cannot undo a set-up another tab has just finished', async () => {
		const ada = await makeAdmin('ada');
		mfa.startEnrolment(ada.actor);
		// The other tab confirms with a code (marked here directly) just before this tab's "start over" is saved.
		beforeNextWrite(() => write((tx) => tx.update(mfaCredential).set({ confirmedAt: Date.now() }).where(eq(mfaCredential.userId, ada.id)).run()));
		expect(refusalOf(() => mfa.startEnrolment(ada.actor))).toMatchObject({ status: 409, message: expect.stringMatching(/already on/) });
		expect(mfa.isEnrolled(ada.id)).toBe(true);
	});
});
