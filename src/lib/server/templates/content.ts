// Content shipped with Clearance and installed by `migrate` when absent.
import ciDd from './ci-dd.template.json';
import ciDd2 from './ci-dd-2.template.json';
import exchange from './profiles/exchange.profile.json';
import custodian from './profiles/custodian.profile.json';
import defi from './profiles/defi.profile.json';
import type { Actor } from '../audit';
import { getVersion } from './library';
import { importDocument } from './versions';

export const SYSTEM: Actor = { id: null, label: 'system' };

/**
 * Bundled templates, each published on install, oldest first: installed in
 * one run, the later one is the latest published (new assessments' default).
 */
export const BUNDLED_TEMPLATES: unknown[] = [ciDd, ciDd2];

/**
 * Weight profiles shipped with a template version (clearance-profile/1,
 * argued in docs/methodology.md): installed when that version is.
 */
export const BUNDLED_PROFILES: { key: string; version: string; profiles: unknown[] }[] = [{ key: 'ci-dd', version: '2.0.0', profiles: [exchange, custodian, defi] }];

/** Install every bundled template version that the database does not have yet. */
export function installBundledContent(): string[] {
	const installed: string[] = [];
	for (const doc of BUNDLED_TEMPLATES) {
		const { key, version } = doc as { key: string; version: string };
		if (getVersion(key, version)) continue;
		importDocument(SYSTEM, doc, { publish: true, action: 'template.install' });
		installed.push(`${key} ${version}`);
	}
	return installed;
}
