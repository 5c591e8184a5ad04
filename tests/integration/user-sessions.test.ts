import { describe, expect, it } from 'vitest';
import { listEvents } from '../../src/lib/server/audit';
import { login } from '../../src/lib/server/auth/sign-in';
import { validateSessionToken } from '../../src/lib/server/auth/session';
import { endAllSessionsOf, endOtherSessions, endSession, listSessions, sessionCounts } from '../../src/lib/server/auth/user-sessions';
import * as users from '../../src/lib/server/auth/users';
import { actions as sessionActions } from '../../src/routes/(app)/account/sessions/+page.server';
import { actions as userActions } from '../../src/routes/(app)/admin/users/+page.server';
import { useTempDatabase } from '../helpers/database';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';

useTempDatabase();

const PASSWORD = 'a long enough passphrase';
const CLI = { id: null, label: 'cli' };

async function signedIn(email: string, count: number) {
	const u = await users.create(CLI, { email, name: email.split('@')[0], role: 'analyst', password: PASSWORD });
	const tokens: string[] = [];
	for (let i = 0; i < count; i++) {
		const r = await login({ email, password: PASSWORD }, { ip: `192.0.2.${i + 1}`, userAgent: `Browser ${i}`, replacesSessionId: null });
		if (!r.ok) throw new Error('login failed');
		tokens.push(r.token);
	}
	const ids = tokens.map((t) => validateSessionToken(t)!.session.id);
	return { user: u, actor: { id: u.id, label: u.email }, tokens, ids };
}

describe('a user’s own sessions', () => {
	it('lists each with its address and browser, this one marked', async () => {
		const { user, ids } = await signedIn('list@example.com', 3);
		const rows = listSessions(user.id, ids[1]);
		expect(rows).toHaveLength(3);
		expect(rows.filter((r) => r.current).map((r) => r.id)).toEqual([ids[1]]);
		expect(rows.map((r) => r.ip).sort()).toEqual(['192.0.2.1', '192.0.2.2', '192.0.2.3']);
		expect(rows.map((r) => r.userAgent).sort()).toEqual(['Browser 0', 'Browser 1', 'Browser 2']);
		// Ended by idle time but not yet swept: not listed.
		expect(listSessions(user.id, ids[1], Date.now() + 31 * 60_000)).toEqual([]);
	});

	it('ends one session, and only one of the user’s own', async () => {
		const a = await signedIn('one@example.com', 2);
		const b = await signedIn('other@example.com', 1);
		expect(endSession(a.actor, b.ids[0], a.ids[0])).toBe(false);
		expect(validateSessionToken(b.tokens[0])).not.toBeNull();
		expect(() => endSession(a.actor, a.ids[0], a.ids[0])).toThrow(/the session you are using/);
		expect(endSession(a.actor, a.ids[1], a.ids[0])).toBe(true);
		expect(validateSessionToken(a.tokens[1])).toBeNull();
		expect(validateSessionToken(a.tokens[0])).not.toBeNull();
		expect(listEvents({ action: 'auth.session_end' })).toHaveLength(1);
	});

	it('ends all the others and keeps this one', async () => {
		const { actor, tokens, ids } = await signedIn('others@example.com', 3);
		expect(endOtherSessions(actor, ids[0])).toBe(2);
		expect(tokens.map((t) => validateSessionToken(t) !== null)).toEqual([true, false, false]);
		expect(JSON.parse(listEvents({ action: 'auth.logout_others' })[0].details)).toEqual({ sessionsEnded: 2 });
	});
});

describe('an admin ending someone’s sessions', () => {
	it('ends them all and says so in the audit trail', async () => {
		const { user, tokens } = await signedIn('lost-laptop@example.com', 2);
		expect(sessionCounts().get(user.id)).toBe(2);
		expect(endAllSessionsOf({ id: 1, label: 'admin@example.com' }, user.id)).toEqual({ email: 'lost-laptop@example.com', ended: 2 });
		expect(tokens.every((t) => validateSessionToken(t) === null)).toBe(true);
		const event = listEvents({ action: 'user.sessions_end' })[0];
		expect(event.actor).toBe('admin@example.com');
		expect(JSON.parse(event.details)).toEqual({ email: 'lost-laptop@example.com', sessionsEnded: 2 });
	});
});

describe('the forms', () => {
	// Issue 8's rule, as for every other form: a field sent twice is refused by name, never resolved by picking one value.
	it('refuse a field sent twice, naming it, and end no session', async () => {
		const { user, tokens, ids } = await signedIn('forms@example.com', 2);
		const admin = await users.create(CLI, { email: 'forms-admin@example.com', name: 'Forms Admin', role: 'admin', password: PASSWORD });
		const as = (u: typeof user, sessionToken: string | null): Locals => ({
			user: { id: u.id, email: u.email, name: u.name, role: u.role },
			session: sessionToken ? validateSessionToken(sessionToken)!.session : null,
			mustEnrol: false,
			respondent: null
		});
		const TWICE = 'This field was sent twice; submit the form again.';
		const end = await outcomeOf(() => sessionActions.end(formEvent('/(app)/account/sessions', 'end', { sessionId: [ids[1], ids[1]] }, { locals: as(user, tokens[0]) }) as never));
		expect(end).toMatchObject({ kind: 'refused', data: { field: 'sessionId', message: TWICE } });
		const endAll = await outcomeOf(() => userActions.endSessions(formEvent('/(app)/admin/users', 'endSessions', { userId: [String(user.id), String(user.id)] }, { locals: as(admin, null) }) as never));
		expect(endAll).toMatchObject({ kind: 'refused', data: { errors: { userId: TWICE } } });
		expect(tokens.map((t) => validateSessionToken(t) !== null)).toEqual([true, true]);
	});
});
