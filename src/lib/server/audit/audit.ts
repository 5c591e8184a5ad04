// The audit trail: every change, login, failed login and refused request, in
// a hash chain. Each row's hash covers the previous row's hash and the row's
// own canonical JSON, so altering or removing any row behind the app's back
// breaks the chain from that row on, and `audit verify` names it.
import { hash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { canonicalJson } from './canonical-json';
import { ensureActing, type Principal } from '../db/acting';
import { getDb, statement, write, type Db, type Tx } from '../db/index';
import { auditEvent, type AuditEvent } from '../db/schema';

export const GENESIS_HASH = '0'.repeat(64);

export interface Actor {
	id: number | null;
	/** Shown to readers: an email, "cli" or "anonymous". */
	label: string;
	/**
	 * The session a request acts through, as the guard read it when the
	 * request started (http/guard.ts). A write() told this actor re-reads it
	 * under the write lock first thing, and so does recording an event for it
	 * if nothing in the transaction did yet. Absent for the CLI, the demo
	 * seed and sign-in, which act through no session.
	 */
	acting?: Principal;
}

export const CLI_ACTOR: Actor = { id: null, label: 'cli' };
export const ANONYMOUS: Actor = { id: null, label: 'anonymous' };

export interface AuditEntry {
	action: string;
	entityType: string;
	entityId?: string | number | null;
	details?: Record<string, unknown>;
}

type Unhashed = Omit<AuditEvent, 'hash'>;

/** The hash a row must carry, given everything else in it. */
export function hashOf(row: Unhashed): string {
	return chainHash(row, canonicalJson(JSON.parse(row.details)));
}

/**
 * hashOf, for a row whose details are already canonical JSON (as recordAll
 * writes them): the canonical JSON of the row with its keys in sorted order,
 * spelt out so the details are not parsed and encoded a second time.
 */
function chainHash(row: Unhashed, canonicalDetails: string): string {
	// The other fields are strings, integers or null, whose canonical JSON is JSON.
	const body =
		`{"action":${JSON.stringify(row.action)},"actor":${JSON.stringify(row.actor)},"actorId":${JSON.stringify(row.actorId)},"at":${JSON.stringify(row.at)},` +
		`"details":${canonicalDetails},"entityId":${JSON.stringify(row.entityId)},"entityType":${JSON.stringify(row.entityType)},"prevHash":${JSON.stringify(row.prevHash)},"seq":${JSON.stringify(row.seq)}}`;
	// One-shot hash: the same digest as hashing the two in turn, without a Hash object per event.
	return hash('sha256', row.prevHash + body, 'hex');
}

/** Append one event inside the caller's transaction (so it commits with the change). */
export function record(tx: Tx, actor: Actor, entry: AuditEntry): AuditEvent {
	return recordAll(tx, actor, [entry])[0];
}

// Raw: 8× faster per event than a drizzle insert (4 vs 37 µs); a bulk load takes 1.30× as long without it (bench, 2026-12-07).
const APPEND = `INSERT INTO audit_events (seq, at, actor_id, actor, action, entity_type, entity_id, details, prev_hash, hash)
	VALUES (@seq, @at, @actorId, @actor, @action, @entityType, @entityId, @details, @prevHash, @hash)`;
// Raw: read before every recorded change (five times per seeded assessment): one of the write path's statements that took a bulk load from 1.37–1.50× to about 1.0× (0.89–1.08× by round) the CPU of the built-once queries (README, 2026-12-07).
const CHAIN_END = 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1';

/**
 * Append several events, in order, inside the caller's transaction: one read
 * of the chain's end for them all (a form of 70 answers is 70 events).
 */
export function recordAll(tx: Tx, actor: Actor, entries: AuditEntry[]): AuditEvent[] {
	if (!entries.length) return [];
	// Every change is recorded, in the transaction that makes it: a write()
	// told who acts has checked them already, as it opened (db/index.ts); this
	// catches one that was not, so a request that lost its session, user, role
	// or invitation to another process since it started is still refused, and
	// its change rolled back.
	if (actor.acting) ensureActing(tx, actor.acting);
	// The chain's end, read under the caller's write lock: it stays the end.
	const last = statement(CHAIN_END).get() as Pick<AuditEvent, 'seq' | 'hash'> | undefined;
	const at = new Date().toISOString();
	let seq = last?.seq ?? 0;
	let prevHash = last?.hash ?? GENESIS_HASH;
	const rows = entries.map((entry): AuditEvent => {
		const row: Unhashed = {
			seq: ++seq,
			at,
			actorId: actor.id,
			actor: actor.label,
			action: entry.action,
			entityType: entry.entityType,
			entityId: entry.entityId == null ? null : String(entry.entityId),
			details: canonicalJson(entry.details ?? {}),
			prevHash
		};
		prevHash = chainHash(row, row.details);
		return { ...row, hash: prevHash };
	});
	const append = statement(APPEND);
	for (const row of rows) append.run(row);
	return rows;
}

/** For events that are not part of another change (logins, refusals). */
export function recordAlone(actor: Actor, entry: AuditEntry): AuditEvent {
	return write((tx) => record(tx, actor, entry));
}

export type VerifyResult =
	| { ok: true; count: number }
	| { ok: false; count: number; brokenSeq: number; reason: string };

/** Rows read at a time: the trail can outgrow memory long before disk. */
const PAGE = 1_000;

/** Every event in order, a page at a time (the first page from the lowest seq, whatever it is). */
function* chainRows(db: Pick<Db, 'select'>): Generator<AuditEvent> {
	let after: number | null = null;
	for (;;) {
		const page: AuditEvent[] = db
			.select()
			.from(auditEvent)
			.where(after === null ? undefined : gt(auditEvent.seq, after))
			.orderBy(asc(auditEvent.seq))
			.limit(PAGE)
			.all();
		yield* page;
		if (page.length < PAGE) return;
		after = page[PAGE - 1].seq;
	}
}

/** Walk the whole chain in order; report the first row that does not hold. */
export function verifyChain(): VerifyResult {
	// One read transaction: every page sees the chain as it stood when the walk began.
	return getDb().transaction((tx) => walk(chainRows(tx)), { behavior: 'deferred' });
}

function walk(rows: Iterable<AuditEvent>): VerifyResult {
	let prev = GENESIS_HASH;
	let expectedSeq = 1;
	let count = 0;
	for (const row of rows) {
		count++;
		const fail = (reason: string): VerifyResult => ({ ok: false, count, brokenSeq: row.seq, reason });
		if (row.seq !== expectedSeq) return fail(`sequence jumps from ${expectedSeq - 1} to ${row.seq}: rows are missing`);
		if (row.prevHash !== prev) return fail('prev_hash does not match the previous row');
		let computed: string;
		try {
			computed = hashOf(row);
		} catch {
			return fail('details are not valid JSON');
		}
		if (computed !== row.hash) return fail('hash does not match the row’s contents');
		prev = row.hash;
		expectedSeq++;
	}
	return { ok: true, count };
}

export interface AuditFilter {
	action?: string;
	actor?: string;
	entityType?: string;
	/** Free text matched against entity id and details. */
	q?: string;
	from?: string;
	to?: string;
	/** Show events with seq below this (newest first paging). */
	before?: number;
	limit?: number;
}

export function listEvents(filter: AuditFilter): AuditEvent[] {
	const where: SQL[] = [];
	if (filter.action) where.push(eq(auditEvent.action, filter.action));
	if (filter.actor) where.push(eq(auditEvent.actor, filter.actor));
	if (filter.entityType) where.push(eq(auditEvent.entityType, filter.entityType));
	if (filter.from) where.push(gte(auditEvent.at, filter.from));
	if (filter.to) where.push(lt(auditEvent.at, filter.to));
	if (filter.before) where.push(lt(auditEvent.seq, filter.before));
	if (filter.q) {
		const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		where.push(
			or(
				sql`${auditEvent.entityId} LIKE ${pattern} ESCAPE '\\'`,
				sql`${auditEvent.details} LIKE ${pattern} ESCAPE '\\'`
			)!
		);
	}
	return getDb()
		.select()
		.from(auditEvent)
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(auditEvent.seq))
		.limit(filter.limit ?? 100)
		.all();
}

/** Distinct values for the filter drop-downs. */
export function distinctActions(): string[] {
	return getDb()
		.selectDistinct({ action: auditEvent.action })
		.from(auditEvent)
		.orderBy(auditEvent.action)
		.all()
		.map((r) => r.action);
}
