// Open findings for the browser tests, written straight into the database of
// the server under test (WAL: the server reads them at once). The findings
// core (proposals, triage) is built apart from remediation, whose pages need
// only findings that are open and owed.
import path from 'node:path';
import Database from 'better-sqlite3';

// The server under test and its database; playwright.config.ts starts it on E2E_PORT (4173) with data/e2e.db.
const DATABASE = path.resolve(process.env.E2E_DATABASE_PATH || 'data/e2e.db');

export interface PlantedFinding {
	title: string;
	detail?: string;
	severity?: 'critical' | 'high' | 'medium' | 'low';
	dueOn?: string;
}

/** Insert open findings for a platform, each with the history step that created it; their ids, in order. */
export function plantOpenFindings(platformId: number, items: PlantedFinding[]): number[] {
	const db = new Database(DATABASE, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		const now = Date.now();
		const insert = db.prepare("insert into findings (platform_id, title, detail, severity, status, origin, due_on, created_at, updated_at) values (?, ?, ?, ?, 'open', 'manual', ?, ?, ?)");
		const step = db.prepare("insert into finding_events (finding_id, at, kind, actor_kind, to_status) values (?, ?, 'created', 'system', 'open')");
		return db.transaction(() =>
			items.map((item) => {
				const id = Number(insert.run(platformId, item.title, item.detail ?? null, item.severity ?? 'high', item.dueOn ?? '2027-01-31', now, now).lastInsertRowid);
				step.run(id, now);
				return id;
			})
		)();
	} finally {
		db.close();
	}
}

/** One finding's status, as the database holds it now. */
export function findingStatus(id: number): string {
	const db = new Database(DATABASE, { readonly: true, fileMustExist: true });
	try {
		return db.prepare('select status from findings where id = ?').pluck().get(id) as string;
	} finally {
		db.close();
	}
}
