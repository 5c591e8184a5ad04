// Platforms under review, and the portfolio list that reads their latest
// final figures from stored snapshots (never rescoring on a page view).
import { DomainError } from '../errors';
import { and, eq, sql } from 'drizzle-orm';
import type { PlatformInput } from '../../validation/platforms';
import { record, type Actor } from '../audit';
import { getDb, handle, write, type Tx } from '../db/index';
import { platform, user, type PipelineStatus, type Platform, type PlatformKind } from '../db/schema';

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
	return write((tx) => {
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
	return write((tx) => {
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

export const SORTS = {
	name: 'lower(p.name) ASC',
	grade: 'r.grade IS NULL, r.grade ASC, r.score DESC',
	score: 'r.score IS NULL, r.score DESC',
	assessed: 'a.finalized_at IS NULL, a.finalized_at DESC',
	due: 'a.valid_until IS NULL, a.valid_until ASC'
} as const;
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

/** The latest final assessment per platform (a, or nulls), joined to its stored result (r). */
export const LATEST_FINAL = `
	FROM platforms p
	LEFT JOIN assessments a ON a.id = (
		SELECT id FROM assessments
		WHERE platform_id = p.id AND state = 'final'
		ORDER BY finalized_at DESC, id DESC LIMIT 1)
	LEFT JOIN assessment_results r ON r.assessment_id = a.id`;

/** One page of the list; `unpaged` returns every matching row (the CSV export). */
export function list(query: PlatformQuery, options: { unpaged?: boolean } = {}): { rows: PlatformRow[]; total: number; page: number; pages: number } {
	const where: string[] = [];
	const params: Record<string, unknown> = {};
	if (query.q) {
		where.push(`(p.name LIKE @q ESCAPE '\\' OR p.description LIKE @q ESCAPE '\\' OR p.tags LIKE @q ESCAPE '\\' OR p.jurisdictions LIKE @q ESCAPE '\\')`);
		params.q = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	}
	if (query.kind) {
		where.push('p.kind = @kind');
		params.kind = query.kind;
	}
	if (query.status) {
		where.push('p.status = @status');
		params.status = query.status;
	}
	if (query.grade) {
		where.push('r.grade = @grade');
		params.grade = query.grade;
	}
	if (query.knockouts) where.push('r.knockouts > 0');
	const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
	const { sqlite } = handle();
	const total = (sqlite.prepare(`SELECT count(*) AS n ${LATEST_FINAL} ${whereSql}`).get(params) as { n: number }).n;
	const pageSize = options.unpaged ? Math.max(total, 1) : Math.min(Math.max(query.pageSize ?? 25, 1), 200);
	const pages = Math.max(1, Math.ceil(total / pageSize));
	const page = Math.min(Math.max(query.page ?? 1, 1), pages);
	const order = SORTS[query.sort && Object.hasOwn(SORTS, query.sort) ? query.sort : 'name'];
	const rows = sqlite
		.prepare(
			`SELECT p.id, p.name, p.kind, p.status, p.tags, p.jurisdictions, a.id AS assessmentId, r.score, r.assured_score AS assuredScore,
			        r.coverage, r.grade, r.knockouts, a.finalized_at AS lastAssessed, a.valid_until AS validUntil
			 ${LATEST_FINAL} ${whereSql} ORDER BY ${order}, lower(p.name) ASC LIMIT @limit OFFSET @offset`
		)
		.all({ ...params, limit: pageSize, offset: (page - 1) * pageSize }) as Array<Omit<PlatformRow, 'tags' | 'jurisdictions'> & { tags: string; jurisdictions: string }>;
	return {
		rows: rows.map((r) => ({ ...r, tags: JSON.parse(r.tags), jurisdictions: JSON.parse(r.jurisdictions) })),
		total,
		page,
		pages
	};
}
