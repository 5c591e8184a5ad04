// A fingerprint of everything an attacker would want to change: every table
// but the bookkeeping that moves with any request (sessions, login counters,
// a sign-in waiting for its code and the wrong codes it has taken) or records
// refusals (the audit trail).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

export const BOOKKEEPING = new Set(['sessions', 'rate_limits', 'audit_events', 'mfa_challenges']);

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface BusinessTables {
	/** SHA-256 over every business table's rows, in primary-key order. */
	sha256: string;
	tables: number;
	rows: number;
	/** Each table's own SHA-256, to name what changed. */
	byTable: Record<string, string>;
}

/** Per table, which rows and columns to fingerprint, where a suite knows some of them move legitimately. */
export interface Fingerprint {
	/** SQL condition on the rows kept. */
	where?: Record<string, string>;
	/** Columns kept (default: all). */
	columns?: Record<string, string[]>;
}

export function businessTables(db: Database.Database, fingerprint: Fingerprint = {}): BusinessTables {
	const hash = createHash('sha256');
	const byTable: Record<string, string> = {};
	let rows = 0;
	const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name").pluck().all() as string[]).filter(
		(name) => !BOOKKEEPING.has(name)
	);
	for (const name of tables) {
		const columns = db.prepare('select name, pk from pragma_table_info(?)').all(name) as Array<{ name: string; pk: number }>;
		const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
		const order = key.length ? key.map((c) => quote(c.name)).join(', ') : 'rowid';
		const pick = fingerprint.columns?.[name]?.map(quote).join(', ') ?? '*';
		const where = fingerprint.where?.[name] ? `where ${fingerprint.where[name]}` : '';
		const content = db.prepare(`select ${pick} from ${quote(name)} ${where} order by ${order}`).raw().all();
		rows += content.length;
		const line = JSON.stringify([name, columns.map((c) => c.name), content]) + '\n';
		hash.update(line);
		byTable[name] = createHash('sha256').update(line).digest('hex');
	}
	return { sha256: hash.digest('hex'), tables: tables.length, rows, byTable };
}

/** The tables whose content differs between two fingerprints. */
export function changedTables(before: BusinessTables, after: BusinessTables): string[] {
	return Object.keys({ ...before.byTable, ...after.byTable }).filter((t) => before.byTable[t] !== after.byTable[t]);
}
