// Platforms under review, and the portfolio list that reads their latest
// final figures from stored snapshots (never rescoring on a page view).
import { DomainError } from '../errors';
import { eq, sql } from 'drizzle-orm';
import type { PlatformInput } from '../../validation/platforms';
import { record, type Actor } from '../audit';
import { getDb, handle, write } from '../db/index';
import { platform, type PipelineStatus, type Platform, type PlatformKind } from '../db/schema';

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

function nameTaken(name: string, except?: number): boolean {
	const row = getDb()
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
	if (nameTaken(input.name)) throw new PlatformError('name', 'A platform with this name exists already.');
	return write((tx) => {
		const now = Date.now();
		const row = tx
			.insert(platform)
			.values({ ...columns(input), createdBy: actor.id, createdAt: now, updatedAt: now })
			.returning()
			.get();
		record(tx, actor, { action: 'platform.create', entityType: 'platform', entityId: row.id, details: { ...input } });
		return view(row);
	});
}

export function update(actor: Actor, id: number, input: PlatformInput): PlatformView {
	const before = get(id);
	if (!before) throw new PlatformError('id', 'There is no such platform.');
	if (nameTaken(input.name, id)) throw new PlatformError('name', 'Another platform has this name.');
	return write((tx) => {
		const row = tx
			.update(platform)
			.set({ ...columns(input), updatedAt: Date.now() })
			.where(eq(platform.id, id))
			.returning()
			.get()!;
		const after = view(row);
		const changed = Object.fromEntries(
			(Object.keys(input) as Array<keyof PlatformInput>)
				.filter((k) => JSON.stringify(before[k] ?? '') !== JSON.stringify(after[k] ?? ''))
				.map((k) => [k, { from: before[k], to: after[k] }])
		);
		record(tx, actor, { action: 'platform.update', entityType: 'platform', entityId: id, details: changed });
		return after;
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
