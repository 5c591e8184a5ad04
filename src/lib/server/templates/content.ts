// Content shipped with Clearance and installed by `migrate` when absent.
import ciDd from './ci-dd.template.json';
import type { Actor } from '../audit';
import * as templates from './templates';

const SYSTEM: Actor = { id: null, label: 'system' };

/** Bundled templates, each published on install. */
export const BUNDLED_TEMPLATES: unknown[] = [ciDd];

/** Install every bundled template version that the database does not have yet. */
export function installBundledContent(): string[] {
	const installed: string[] = [];
	for (const doc of BUNDLED_TEMPLATES) {
		const { key, version } = doc as { key: string; version: string };
		if (templates.getVersion(key, version)) continue;
		templates.importDocument(SYSTEM, doc, { publish: true, action: 'template.install' });
		installed.push(`${key} ${version}`);
	}
	return installed;
}

