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

/** Turn an on/off setting, read and written in one transaction; a change that changes nothing is not recorded. */
function setSwitch(actor: Actor, key: string, on: boolean): void {
	write(actor, (tx) => {
		const before = read(tx, key) === true;
		if (before === on) return;
		const row = { key, value: JSON.stringify(on), updatedBy: actor.id, updatedAt: Date.now() };
		tx.insert(setting).values(row).onConflictDoUpdate({ target: setting.key, set: row }).run();
		record(tx, actor, { action: 'settings.change', entityType: 'setting', entityId: key, details: { from: before, to: on } });
	});
}

/** Whether every user, not only admins, must sign in with a second factor. Off by default. */
export function mfaRequiredForEveryone(): boolean {
	return read(getDb(), MFA_FOR_EVERYONE) === true;
}

export function setMfaRequiredForEveryone(actor: Actor, required: boolean): void {
	setSwitch(actor, MFA_FOR_EVERYONE, required);
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
	setSwitch(actor, FOUR_EYES_RELAXED, relaxed);
}
