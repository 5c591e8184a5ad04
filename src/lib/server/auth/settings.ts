// Instance-wide settings that admins change on /admin. Each has a typed
// getter with its default, and every change is audited with its old value.
import { eq } from 'drizzle-orm';
import { record, type Actor } from '../audit';
import { getDb, write, type Db } from '../db/index';
import { setting } from '../db/schema';

const MFA_FOR_EVERYONE = 'mfa_required_for_everyone';

function read(db: Pick<Db, 'select'>, key: string): unknown {
	const row = db.select({ value: setting.value }).from(setting).where(eq(setting.key, key)).get();
	return row ? JSON.parse(row.value) : undefined;
}

/** Whether every user, not only admins, must sign in with a second factor. Off by default. */
export function mfaRequiredForEveryone(): boolean {
	return read(getDb(), MFA_FOR_EVERYONE) === true;
}

export function setMfaRequiredForEveryone(actor: Actor, required: boolean): void {
	write((tx) => {
		const before = read(tx, MFA_FOR_EVERYONE) === true;
		if (before === required) return;
		const row = { key: MFA_FOR_EVERYONE, value: JSON.stringify(required), updatedBy: actor.id, updatedAt: Date.now() };
		tx.insert(setting).values(row).onConflictDoUpdate({ target: setting.key, set: row }).run();
		record(tx, actor, { action: 'settings.change', entityType: 'setting', entityId: MFA_FOR_EVERYONE, details: { from: before, to: required } });
	});
}

const FOUR_EYES_RELAXED = 'four_eyes_relaxed_for_one_person_team';

/**
 * Whether the analyst who submitted an assessment may also finalise it (a
 * one-person team). Off by default: four eyes. Read inside the finalise
 * transaction, so a change that commits first is what the finalise obeys.
 */
export function fourEyesRelaxed(): boolean {
	return read(getDb(), FOUR_EYES_RELAXED) === true;
}

export function setFourEyesRelaxed(actor: Actor, relaxed: boolean): void {
	write((tx) => {
		const before = read(tx, FOUR_EYES_RELAXED) === true;
		if (before === relaxed) return;
		const row = { key: FOUR_EYES_RELAXED, value: JSON.stringify(relaxed), updatedBy: actor.id, updatedAt: Date.now() };
		tx.insert(setting).values(row).onConflictDoUpdate({ target: setting.key, set: row }).run();
		record(tx, actor, { action: 'settings.change', entityType: 'setting', entityId: FOUR_EYES_RELAXED, details: { from: before, to: relaxed } });
	});
}
