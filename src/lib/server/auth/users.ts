// Accounts: every change is one immediate transaction that checks its rules
// against the rows it reads, makes the change and writes its audit entry.
// Callers validate input with $lib/validation/users first.
import { DomainError } from '../errors';
import { and, asc, count, eq, ne } from 'drizzle-orm';
import { record, type Actor } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { session, user, type Role, type User } from '../db/schema';
import { hashPassword } from './password';
import { passwordProblem } from './password-policy';
import { assertPasswordUnchanged, checkPassword, reauthFailed, reauthPassed } from './reauth';
import { deleteUserSessions } from './session';

export type PublicUser = Omit<User, 'passwordHash'>;

const publicColumns = {
	id: user.id,
	email: user.email,
	name: user.name,
	role: user.role,
	disabled: user.disabled,
	createdAt: user.createdAt,
	updatedAt: user.updatedAt
};

export class UserError extends DomainError {}

export function list(): PublicUser[] {
	return getDb().select(publicColumns).from(user).orderBy(asc(user.email)).all();
}

export function findByEmail(email: string): User | undefined {
	return getDb().select().from(user).where(eq(user.email, email.trim().toLowerCase())).get();
}

export function findById(id: number): PublicUser | undefined {
	return getDb().select(publicColumns).from(user).where(eq(user.id, id)).get();
}

export async function create(
	actor: Actor,
	input: { email: string; name: string; role: Role; password: string }
): Promise<PublicUser> {
	const email = input.email.trim().toLowerCase();
	const weak = passwordProblem(input.password);
	if (weak) throw new UserError('password', weak);
	const passwordHash = await hashPassword(input.password);
	const now = Date.now();
	return write(actor, (tx) => {
		// Under the write lock no other request can add this email between the
		// check and the insert; the unique index stands behind it all the same.
		if (tx.select({ id: user.id }).from(user).where(eq(user.email, email)).get()) throw duplicateEmail();
		let created: PublicUser;
		try {
			created = tx
				.insert(user)
				.values({ email, name: input.name, role: input.role, passwordHash, createdAt: now, updatedAt: now })
				.returning(publicColumns)
				.get();
		} catch (err) {
			if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw duplicateEmail();
			throw err;
		}
		record(tx, actor, {
			action: 'user.create',
			entityType: 'user',
			entityId: created.id,
			details: { email, name: input.name, role: input.role }
		});
		return created;
	});
}

const duplicateEmail = () => new UserError('email', 'A user with this email already exists, so nothing was created.', 409);

function mustFind(tx: Tx, id: number): PublicUser {
	const found = tx.select(publicColumns).from(user).where(eq(user.id, id)).get();
	if (!found) throw new UserError('userId', 'There is no such user.');
	return found;
}

/**
 * Admins cannot remove the last way back in: the last active admin keeps the
 * role. Counted in the caller's transaction, so two admins demoting or
 * disabling each other at once cannot both pass.
 */
function assertNotLastAdmin(tx: Tx, target: PublicUser, field: string): void {
	if (target.role !== 'admin' || target.disabled) return;
	const others = tx
		.select({ n: count() })
		.from(user)
		.where(and(eq(user.role, 'admin'), eq(user.disabled, false), ne(user.id, target.id)))
		.get()!.n;
	if (others === 0) {
		throw new UserError(
			field,
			`${target.email} is the last active admin, so nothing was changed (another admin may just have been demoted or disabled). Make someone else admin first.`,
			409
		);
	}
}

export function changeRole(actor: Actor, id: number, role: Role): PublicUser {
	return write(actor, (tx) => {
		const target = mustFind(tx, id);
		if (id === actor.id && role !== target.role) throw new UserError('role', 'You cannot change your own role; ask another admin.');
		if (target.role === role) return target;
		if (role !== 'admin') assertNotLastAdmin(tx, target, 'role');
		const updated = tx.update(user).set({ role, updatedAt: Date.now() }).where(eq(user.id, id)).returning(publicColumns).get()!;
		// A role change takes effect now, not at the next login.
		const ended = deleteUserSessions(tx, id);
		record(tx, actor, {
			action: 'user.role_change',
			entityType: 'user',
			entityId: id,
			details: { email: target.email, from: target.role, to: role, sessionsEnded: ended }
		});
		return updated;
	});
}

export function setDisabled(actor: Actor, id: number, disabled: boolean): PublicUser {
	return write(actor, (tx) => {
		const target = mustFind(tx, id);
		if (id === actor.id) throw new UserError('userId', 'You cannot disable your own account.');
		if (target.disabled === disabled) return target;
		if (disabled) assertNotLastAdmin(tx, target, 'userId');
		const updated = tx.update(user).set({ disabled, updatedAt: Date.now() }).where(eq(user.id, id)).returning(publicColumns).get()!;
		const ended = disabled ? deleteUserSessions(tx, id) : 0;
		record(tx, actor, {
			action: disabled ? 'user.disable' : 'user.enable',
			entityType: 'user',
			entityId: id,
			details: { email: target.email, sessionsEnded: ended }
		});
		return updated;
	});
}

const WRONG_PASSWORD = 'The current password is not correct.';

/** Change one's own password, re-authenticated with the current one; every other session of the user ends. */
export async function changePassword(
	actor: Actor & { id: number },
	current: string,
	next: string,
	keepSessionId: string | null
): Promise<void> {
	const weak = passwordProblem(next);
	if (weak) throw new UserError('newPassword', weak);
	const attempt = await checkPassword(actor, 'password_change', current);
	const passwordHash = attempt.matches ? await hashPassword(next) : null;
	const refusal = write(actor, (tx) => {
		assertPasswordUnchanged(tx, actor, attempt);
		if (!passwordHash) return reauthFailed(tx, actor, attempt, 'wrong_password', new UserError('currentPassword', WRONG_PASSWORD));
		reauthPassed(tx, actor, attempt);
		tx.update(user).set({ passwordHash, updatedAt: Date.now() }).where(eq(user.id, actor.id)).run();
		const ended = endSessionsExcept(tx, actor.id, keepSessionId);
		record(tx, actor, { action: 'user.password_change', entityType: 'user', entityId: actor.id, details: { sessionsEnded: ended } });
		return null;
	});
	// Thrown once the failure's record has committed.
	if (refusal) throw refusal;
}

/** "Sign out everywhere": every session of the user, this one included. */
export function signOutEverywhere(actor: Actor & { id: number }): number {
	return write(actor, (tx) => {
		// Recorded before the sessions go: recording checks that the session
		// this request acts through is still alive (db/acting.ts), and this
		// change ends it.
		const ended = tx.select({ n: count() }).from(session).where(eq(session.userId, actor.id)).get()!.n;
		record(tx, actor, { action: 'auth.logout_all', entityType: 'user', entityId: actor.id, details: { sessionsEnded: ended } });
		deleteUserSessions(tx, actor.id);
		return ended;
	});
}

function endSessionsExcept(tx: Tx, userId: number, keep: string | null): number {
	const where = keep ? and(eq(session.userId, userId), ne(session.id, keep)) : eq(session.userId, userId);
	return tx.delete(session).where(where).run().changes;
}
