// Platforms under review, and the portfolio list that reads their latest
// final figures from stored snapshots (never rescoring on a page view).
import { DomainError } from '../errors';
import { and, asc, count, desc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import { alias, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { PlatformInput } from '../../validation/platforms';
import { record, type Actor } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { assessment, assessmentResult, platform, user, type PipelineStatus, type Platform, type PlatformKind } from '../db/schema';

export class PlatformError extends DomainError {}

export interface PlatformView extends Omit<Platform, 'jurisdictions' | 'tags'> {
	jurisdictions: string[];
	tags: string[];
}

function view(row: Platform): PlatformView {
	return { ...row, jurisdictions: JSON.parse(row.jurisdictions), tags: JSON.parse(row.tags) };
}

function columns(input: PlatformInput) {
	return {
		name: input.name,
		kind: input.kind,
		status: input.status,
		jurisdictions: JSON.stringify(input.jurisdictions),
		tags: JSON.stringify(input.tags),
		website: input.website || null,
		description: input.description || null
	};
}

/** Read inside the write transaction: two processes naming two platforms alike are serialised by the lock. */
function nameTaken(tx: Tx, name: string, except?: number): boolean {
	const row = tx
		.select({ id: platform.id })
		.from(platform)
		.where(sql`lower(${platform.name}) = lower(${name})`)
		.get();
	return row !== undefined && row.id !== except;
}

export function get(id: number): PlatformView | undefined {
	const row = getDb().select().from(platform).where(eq(platform.id, id)).get();
	return row ? view(row) : undefined;
}

export function create(actor: Actor, input: PlatformInput): PlatformView {
	return write(actor, (tx) => {
		if (nameTaken(tx, input.name)) throw new PlatformError('name', 'A platform with this name exists already.');
		const now = Date.now();
		const row = tx
			.insert(platform)
			.values({ ...columns(input), version: 1, createdBy: actor.id, createdAt: now, updatedBy: actor.id, updatedAt: now })
			.returning()
			.get();
		record(tx, actor, { action: 'platform.create', entityType: 'platform', entityId: row.id, details: { ...input } });
		return view(row);
	});
}

/** The platform as someone else saved it after the form was opened: the values, who and when. */
export interface PlatformChange {
	platform: PlatformView;
	by: string | null;
}

/** The save started from an older version than the stored one: someone else saved in between. */
export class PlatformConflict extends PlatformError {
	constructor(readonly current: PlatformChange) {
		super(
			'version',
			`${current.by ?? 'Someone'} saved changes to this platform after you opened the form, so nothing was saved yet. The form now holds their changes and yours: check it, then save.`,
			409
		);
	}
}

/**
 * Save the form's values over the platform. `expectedVersion` is the version
 * the form was opened at: the row is read inside the write transaction, and
 * a save from an older version is refused (PlatformConflict) instead of
 * replacing a change its author never saw. The audit's "from" values are that
 * row's. A save that changes nothing writes nothing.
 */
export function update(actor: Actor, id: number, input: PlatformInput, expectedVersion: number): PlatformView {
	return write(actor, (tx) => {
		const row = tx.select().from(platform).where(eq(platform.id, id)).get();
		if (!row) throw new PlatformError('id', 'There is no such platform.', 404);
		const before = view(row);
		if (row.version !== expectedVersion) {
			const by = row.updatedBy === null ? null : (tx.select({ name: user.name }).from(user).where(eq(user.id, row.updatedBy)).get()?.name ?? null);
			throw new PlatformConflict({ platform: before, by });
		}
		if (nameTaken(tx, input.name, id)) throw new PlatformError('name', 'Another platform has this name.');
		const after = view({ ...row, ...columns(input) });
		const changed = Object.fromEntries(
			(Object.keys(input) as Array<keyof PlatformInput>)
				.map((k) => [k, before[k], after[k]] as const)
				.filter(([, from, to]) => JSON.stringify(from ?? '') !== JSON.stringify(to ?? ''))
				.map(([k, from, to]) => [k, { from, to }])
		);
		if (Object.keys(changed).length === 0) return before;
		const saved = tx
			.update(platform)
			.set({ ...columns(input), version: row.version + 1, updatedBy: actor.id, updatedAt: Date.now() })
			.where(and(eq(platform.id, id), eq(platform.version, row.version)))
			.returning()
			.get()!;
		record(tx, actor, { action: 'platform.update', entityType: 'platform', entityId: id, details: changed });
		return view(saved);
	});
}

// ---- the portfolio list ------------------------------------------------------

// Each platform's latest final assessment and its stored figures (or nulls),
// joined as `.leftJoin(latestFinal, isLatestFinal).leftJoin(latestResult,
// isLatestResult)`: the portfolio list, the dashboard and compare read the
// same rows. The aliases keep them apart from the subquery's `assessments`.
export const latestFinal = alias(assessment, 'latest_final');
export const latestResult = alias(assessmentResult, 'latest_result');
/** One step of assessments_latest_final_idx per platform. */
export const isLatestFinal = eq(
	latestFinal.id,
	sql`(SELECT ${assessment.id} FROM ${assessment}
	     WHERE ${assessment.platformId} = ${platform.id} AND ${assessment.state} = 'final'
	     ORDER BY ${assessment.finalizedAt} DESC, ${assessment.id} DESC LIMIT 1)`
);
export const isLatestResult = eq(latestResult.assessmentId, latestFinal.id);

const nullsLast = (column: SQLiteColumn) => sql`${column} IS NULL`;
const byName = sql`lower(${platform.name})`;

export const SORTS = {
	name: [asc(byName)],
	grade: [nullsLast(latestResult.grade), asc(latestResult.grade), desc(latestResult.score)],
	score: [nullsLast(latestResult.score), desc(latestResult.score)],
	assessed: [nullsLast(latestFinal.finalizedAt), desc(latestFinal.finalizedAt)],
	due: [nullsLast(latestFinal.validUntil), asc(latestFinal.validUntil)]
} satisfies Record<string, SQL[]>;
export type PlatformSort = keyof typeof SORTS;

export interface PlatformQuery {
	q?: string;
	kind?: PlatformKind;
	status?: PipelineStatus;
	grade?: string;
	knockouts?: boolean;
	sort?: PlatformSort;
	page?: number;
	pageSize?: number;
}

export interface PlatformRow {
	id: number;
	name: string;
	kind: PlatformKind;
	status: PipelineStatus;
	tags: string[];
	jurisdictions: string[];
	assessmentId: number | null;
	score: number | null;
	assuredScore: number | null;
	coverage: number | null;
	grade: string | null;
	knockouts: number | null;
	lastAssessed: number | null;
	validUntil: string | null;
}

/** One page of the list; `unpaged` returns every matching row (the CSV export). */
export function list(query: PlatformQuery, options: { unpaged?: boolean } = {}): { rows: PlatformRow[]; total: number; page: number; pages: number } {
	const where: SQL[] = [];
	if (query.q) {
		const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		const like = (column: SQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
		where.push(or(like(platform.name), like(platform.description), like(platform.tags), like(platform.jurisdictions))!);
	}
	if (query.kind) where.push(eq(platform.kind, query.kind));
	if (query.status) where.push(eq(platform.status, query.status));
	if (query.grade) where.push(eq(latestResult.grade, query.grade));
	if (query.knockouts) where.push(gt(latestResult.knockouts, 0));
	const matching = and(...where);
	const db = getDb();
	const total = db.select({ n: count() }).from(platform).leftJoin(latestFinal, isLatestFinal).leftJoin(latestResult, isLatestResult).where(matching).get()!.n;
	const pageSize = options.unpaged ? Math.max(total, 1) : Math.min(Math.max(query.pageSize ?? 25, 1), 200);
	const pages = Math.max(1, Math.ceil(total / pageSize));
	const page = Math.min(Math.max(query.page ?? 1, 1), pages);
	const order = SORTS[query.sort && Object.hasOwn(SORTS, query.sort) ? query.sort : 'name'];
	const rows = db
		.select({
		id: platform.id,
		name: platform.name,
		kind: platform.kind,
		status: platform.status,
		tags: platform.tags,
		jurisdictions: platform.jurisdictions,
		assessmentId: latestFinal.id,
		score: latestResult.score,
		assuredScore: latestResult.assuredScore,
		coverage: latestResult.coverage,
		grade: latestResult.grade,
		knockouts: latestResult.knockouts,
		lastAssessed: latestFinal.finalizedAt,
			validUntil: latestFinal.validUntil
		})
		.from(platform)
		.leftJoin(latestFinal, isLatestFinal)
		.leftJoin(latestResult, isLatestResult)
		.where(matching)
		.orderBy(...order, asc(byName))
		.limit(pageSize)
		.offset((page - 1) * pageSize)
		.all();
	return {
		rows: rows.map((r) => ({ ...r, tags: JSON.parse(r.tags), jurisdictions: JSON.parse(r.jurisdictions) })),
		total,
		page,
		pages
	};
}
