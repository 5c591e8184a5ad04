// Bring a database up to date: schema migrations, then the bundled content
// (the default questionnaire). Used by the server at start, the CLI and tests.
import { installBundledContent } from '../content/index';
import type { Handle } from './index';
import { migrate, type MigrationReport } from './migrate';

export interface SetupReport extends MigrationReport {
	installed: string[];
}

export async function prepareDatabase(h: Handle, migrationsFolder?: string): Promise<SetupReport> {
	const report = await migrate(h, migrationsFolder);
	return { ...report, installed: installBundledContent() };
}
