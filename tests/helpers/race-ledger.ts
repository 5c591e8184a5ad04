// What the race suite reads back: the database file the server writes,
// opened read-only beside it. Every invariant is judged from these rows and
// the audit trail, never from what the server answered.
import Database from 'better-sqlite3';

export interface AuditRow {
	seq: number;
	action: string;
	actorId: number | null;
	actor: string;
	entityType: string;
	entityId: string | null;
	details: Record<string, unknown>;
}

export interface EventQuery {
	actions: string[];
	entity?: [type: string, id: number | string];
	actorId?: number;
	/** Only events with seq greater than this. */
	after?: number;
	/** Only events with seq less than this. */
	before?: number;
	/** A substring of the details JSON (say, a file's SHA-256). */
	detailsContain?: string;
}

export class Ledger {
	private readonly db: Database.Database;

	constructor(file: string) {
		this.db = new Database(file, { readonly: true, fileMustExist: true });
	}

	close(): void {
		this.db.close();
	}

	/** The newest audit event's number: a mark to tell what a round wrote. */
	lastSeq(): number {
		return this.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM audit_events')?.seq ?? 0;
	}

	events(query: EventQuery): AuditRow[] {
		const where = [`action IN (${query.actions.map(() => '?').join(', ')})`];
		const params: unknown[] = [...query.actions];
		if (query.entity) {
			where.push('entity_type = ? AND entity_id = ?');
			params.push(query.entity[0], String(query.entity[1]));
		}
		if (query.actorId !== undefined) {
			where.push('actor_id = ?');
			params.push(query.actorId);
		}
		if (query.after !== undefined) {
			where.push('seq > ?');
			params.push(query.after);
		}
		if (query.before !== undefined) {
			where.push('seq < ?');
			params.push(query.before);
		}
		if (query.detailsContain !== undefined) {
			where.push("instr(details, ?) > 0");
			params.push(query.detailsContain);
		}
		const rows = this.all<Omit<AuditRow, 'details'> & { details: string }>(
			`SELECT seq, action, actor_id AS actorId, actor, entity_type AS entityType, entity_id AS entityId, details
			 FROM audit_events WHERE ${where.join(' AND ')} ORDER BY seq`,
			...params
		);
		return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
	}

	/** The first matching event's seq, or undefined. */
	firstSeq(query: EventQuery): number | undefined {
		return this.events(query)[0]?.seq;
	}

	get<T>(sql: string, ...params: unknown[]): T | undefined {
		return this.db.prepare(sql).get(...params) as T | undefined;
	}

	all<T>(sql: string, ...params: unknown[]): T[] {
		return this.db.prepare(sql).all(...params) as T[];
	}

	count(sql: string, ...params: unknown[]): number {
		return (this.db.prepare(sql).get(...params) as { n: number }).n;
	}
}
