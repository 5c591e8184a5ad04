// Bring a database up to date: schema migrations, then the bundled content
// (the default questionnaires and their weight profiles). Used by the server at start, the CLI and tests.
import { installShippedProfiles } from '../profiles';
import { installBundledContent } from '../templates';
import type { Handle } from './index';
import { migrate, type MigrationReport } from './migrate';

export interface SetupReport extends MigrationReport {
	installed: string[];
}

export async function prepareDatabase(h: Handle, migrationsFolder?: string): Promise<SetupReport> {
	const report = await migrate(h, migrationsFolder);
	const installed = installBundledContent();
	return { ...report, installed: [...installed, ...installShippedProfiles(installed)] };
}

/** What a starting server says about it: nothing when the database was already up to date. */
export function setupSummary(report: SetupReport): string[] {
	const lines: string[] = [];
	if (report.applied > 0) lines.push(`Applied ${report.applied} migration(s)${report.backup ? `; backup at ${report.backup}` : ''}.`);
	if (report.installed.length) lines.push(`Installed ${report.installed.join(', ')}.`);
	return lines;
}
