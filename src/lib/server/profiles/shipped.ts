// The weight profiles shipped with a bundled template version, installed by
// `migrate` in the run that installs that version: a profile someone later
// deletes or edits stays as they left it.
import { and, eq } from 'drizzle-orm';
import { BUNDLED_PROFILES, SYSTEM } from '../templates';
import { getDb } from '../db/index';
import { template, weightProfile } from '../db/schema';
import { save } from './profiles';

/** Profiles of the template versions just installed (`installed` as "key version"), skipping a name already taken. */
export function installShippedProfiles(installed: string[]): string[] {
	const added: string[] = [];
	for (const { key, version, profiles } of BUNDLED_PROFILES) {
		if (!installed.includes(`${key} ${version}`)) continue;
		for (const doc of profiles) {
			const { name } = doc as { name: string };
			const taken = getDb()
				.select({ id: weightProfile.id })
				.from(weightProfile)
				.innerJoin(template, eq(template.id, weightProfile.templateId))
				.where(and(eq(template.key, key), eq(weightProfile.name, name)))
				.get();
			if (taken) continue;
			save(SYSTEM, key, doc, { replace: false });
			added.push(`${key} profile “${name}”`);
		}
	}
	return added;
}
