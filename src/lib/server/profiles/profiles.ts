// Weight profiles: named section-weight sets for a template ("Custody-heavy"),
// applied when comparing candidates. Stored as clearance-profile/1 sections.
// A profile counts its saves: a form carries the version of each profile it
// listed, so saving or deleting one that changed since is refused (409)
// instead of replacing a change its author never saw.
import { and, asc, eq, sql } from 'drizzle-orm';
import { validateProfile } from '../../scoring/index';
import { record, type Actor } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { template, user, weightProfile, type WeightProfile } from '../db/schema';
import { latestPublished, TemplateError } from '../templates';

export interface ProfileView {
	id: number;
	name: string;
	sections: Record<string, number>;
	version: number;
	updatedAt: number;
}

function view(row: WeightProfile): ProfileView {
	return { id: row.id, name: row.name, sections: JSON.parse(row.sections), version: row.version, updatedAt: row.updatedAt };
}

/** A profile as someone else left it after the page was opened (null: they deleted it), and who. */
export interface ProfileChange {
	name: string;
	profile: ProfileView | null;
	by: string | null;
}

/** The profile changed (or appeared, or went) after the page listing it was opened. */
export class ProfileConflict extends TemplateError {
	constructor(
		readonly current: ProfileChange,
		intent: 'save' | 'delete' = 'save'
	) {
		const who = current.by ?? 'Someone';
		super(
			'version',
			current.profile === null
				? `Someone deleted the profile “${current.name}” after you opened the page, so nothing was changed. Save again to create it anew.`
				: intent === 'delete'
					? `${who} saved the profile “${current.name}” after you opened the page, so it was not deleted. Their weights are shown; delete it again if you still mean to.`
					: `${who} saved the profile “${current.name}” after you opened the page, so nothing was changed. Their weights are shown beside yours; save again to replace theirs with yours.`,
			409
		);
	}
}

function templateId(db: Pick<Tx, 'select'>, key: string): number {
	const row = db.select({ id: template.id }).from(template).where(eq(template.key, key)).get();
	if (!row) throw new TemplateError('key', `There is no template ${key}.`);
	return row.id;
}

function conflict(tx: Tx, name: string, row: WeightProfile | undefined, intent: 'save' | 'delete' = 'save'): ProfileConflict {
	const by = row?.updatedBy;
	const who = by == null ? null : (tx.select({ name: user.name }).from(user).where(eq(user.id, by)).get()?.name ?? null);
	return new ProfileConflict({ name, profile: row ? view(row) : null, by: who }, intent);
}

export function list(key: string): ProfileView[] {
	const db = getDb();
	return db.select().from(weightProfile).where(eq(weightProfile.templateId, templateId(db, key))).orderBy(asc(weightProfile.name)).all().map(view);
}

export interface SaveOptions {
	/** false: only create; a name taken in any case is refused (the compare view). */
	replace?: boolean;
	/**
	 * The version of the profile of this name that the form listed, 0 for
	 * none: anything else stored now is a conflict. Left out (the command
	 * line, demo data), a profile of the same name is replaced.
	 */
	expectedVersion?: number;
}

/**
 * Save a profile (create, or replace one of the same name unless `replace` is
 * false). Section ids are checked against the template's latest published
 * version, read with everything else inside the write transaction.
 */
export function save(actor: Actor, key: string, input: unknown, options: SaveOptions = {}): ProfileView {
	return write(actor, (tx) => {
		const published = latestPublished(key);
		if (!published) throw new TemplateError('key', `Template ${key} has no published version to weigh.`);
		const result = validateProfile(input, published.doc);
		if (!result.ok) throw new TemplateError('profile', 'The profile has problems; nothing was saved.', 400, result.problems);
		const profile = result.value;
		const name = profile.name?.trim();
		if (!name) throw new TemplateError('name', 'Give the profile a name.');
		if (name.length > 80) throw new TemplateError('name', 'A profile name has at most 80 characters.');
		const sections = JSON.stringify(Object.fromEntries(Object.entries(profile.sections)));
		const id = templateId(tx, key);
		const now = Date.now();
		const existing = tx.select().from(weightProfile).where(and(eq(weightProfile.templateId, id), eq(weightProfile.name, name))).get();
		if (options.replace === false) {
			const clash = tx.select({ name: weightProfile.name }).from(weightProfile).where(and(eq(weightProfile.templateId, id), sql`lower(${weightProfile.name}) = lower(${name})`)).get();
			if (clash) throw new TemplateError('name', `A profile named “${clash.name}” exists already; choose another name.`);
		}
		if (options.expectedVersion !== undefined && (existing?.version ?? 0) !== options.expectedVersion) {
			// Deleted meanwhile (expected a version, none stored) or saved meanwhile.
			throw conflict(tx, name, existing);
		}
		const row = existing
			? tx
					.update(weightProfile)
					.set({ sections, version: existing.version + 1, updatedBy: actor.id, updatedAt: now })
					.where(and(eq(weightProfile.id, existing.id), eq(weightProfile.version, existing.version)))
					.returning()
					.get()!
			: tx.insert(weightProfile).values({ templateId: id, name, sections, version: 1, createdBy: actor.id, createdAt: now, updatedBy: actor.id, updatedAt: now }).returning().get();
		record(tx, actor, {
			action: existing ? 'profile.update' : 'profile.create',
			entityType: 'weight_profile',
			entityId: row.id,
			details: { template: key, name, sections: JSON.parse(sections), previous: existing ? JSON.parse(existing.sections) : undefined }
		});
		return view(row);
	});
}

/** Delete a profile; with `expectedVersion`, only the version the page listed. */
export function remove(actor: Actor, key: string, profileId: number, expectedVersion?: number): void {
	write(actor, (tx) => {
		const id = templateId(tx, key);
		const row = tx.select().from(weightProfile).where(and(eq(weightProfile.id, profileId), eq(weightProfile.templateId, id))).get();
		if (!row) throw new TemplateError('profileId', 'There is no such profile: it may have been deleted already.', 404);
		if (expectedVersion !== undefined && row.version !== expectedVersion) throw conflict(tx, row.name, row, 'delete');
		tx.delete(weightProfile).where(eq(weightProfile.id, profileId)).run();
		record(tx, actor, {
			action: 'profile.delete',
			entityType: 'weight_profile',
			entityId: profileId,
			details: { template: key, name: row.name, sections: JSON.parse(row.sections) }
		});
	});
}
