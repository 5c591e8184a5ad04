// Weight profiles: named section-weight sets for a template ("Custody-heavy"),
// applied when comparing candidates. Stored as clearance-profile/1 sections.
import { and, asc, eq, sql } from 'drizzle-orm';
import { validateProfile } from '../../scoring/index';
import { record, type Actor } from '../audit';
import { getDb, write } from '../db/index';
import { template, weightProfile, type WeightProfile } from '../db/schema';
import { latestPublished, TemplateError } from '../templates';

export interface ProfileView {
	id: number;
	name: string;
	sections: Record<string, number>;
	updatedAt: number;
}

function view(row: WeightProfile): ProfileView {
	return { id: row.id, name: row.name, sections: JSON.parse(row.sections), updatedAt: row.updatedAt };
}

function templateId(key: string): number {
	const row = getDb().select({ id: template.id }).from(template).where(eq(template.key, key)).get();
	if (!row) throw new TemplateError('key', `There is no template ${key}.`);
	return row.id;
}

export function list(key: string): ProfileView[] {
	return getDb().select().from(weightProfile).where(eq(weightProfile.templateId, templateId(key))).orderBy(asc(weightProfile.name)).all().map(view);
}

/**
 * Save a profile (create, or replace one of the same name unless `replace` is
 * false). Section ids are checked against the template's latest published version.
 */
export function save(actor: Actor, key: string, input: unknown, options: { replace?: boolean } = {}): ProfileView {
	const published = latestPublished(key);
	if (!published) throw new TemplateError('key', `Template ${key} has no published version to weigh.`);
	const result = validateProfile(input, published.doc);
	if (!result.ok) {
		throw new TemplateError('profile', 'The profile has problems; nothing was saved.', result.problems);
	}
	const profile = result.value;
	const name = profile.name?.trim();
	if (!name) throw new TemplateError('name', 'Give the profile a name.');
	if (name.length > 80) throw new TemplateError('name', 'A profile name has at most 80 characters.');
	const sections = JSON.stringify(Object.fromEntries(Object.entries(profile.sections)));
	const id = templateId(key);
	return write((tx) => {
		const now = Date.now();
		const existing = tx.select().from(weightProfile).where(and(eq(weightProfile.templateId, id), eq(weightProfile.name, name))).get();
		if (options.replace === false) {
			const clash = tx.select({ name: weightProfile.name }).from(weightProfile).where(and(eq(weightProfile.templateId, id), sql`lower(${weightProfile.name}) = lower(${name})`)).get();
			if (clash) throw new TemplateError('name', `A profile named “${clash.name}” exists already; choose another name.`);
		}
		const row = existing
			? tx.update(weightProfile).set({ sections, updatedAt: now }).where(eq(weightProfile.id, existing.id)).returning().get()
			: tx.insert(weightProfile).values({ templateId: id, name, sections, createdBy: actor.id, createdAt: now, updatedAt: now }).returning().get();
		record(tx, actor, {
			action: existing ? 'profile.update' : 'profile.create',
			entityType: 'weight_profile',
			entityId: row.id,
			details: { template: key, name, sections: JSON.parse(sections), previous: existing ? JSON.parse(existing.sections) : undefined }
		});
		return view(row);
	});
}

export function remove(actor: Actor, key: string, profileId: number): void {
	const id = templateId(key);
	write((tx) => {
		const row = tx.select().from(weightProfile).where(and(eq(weightProfile.id, profileId), eq(weightProfile.templateId, id))).get();
		if (!row) throw new TemplateError('profileId', 'There is no such profile.');
		tx.delete(weightProfile).where(eq(weightProfile.id, profileId)).run();
		record(tx, actor, {
			action: 'profile.delete',
			entityType: 'weight_profile',
			entityId: profileId,
			details: { template: key, name: row.name, sections: JSON.parse(row.sections) }
		});
	});
}
