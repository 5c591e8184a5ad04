// Every table, in one place. Times are integer milliseconds since the epoch
// (UTC) unless a column says otherwise.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, unique, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

export const ROLES = ['admin', 'analyst', 'committee'] as const;
export type Role = (typeof ROLES)[number];

export const user = sqliteTable(
	'users',
	{
	id: integer('id').primaryKey({ autoIncrement: true }),
	/** Stored lower-cased; unique. */
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	role: text('role', { enum: ROLES }).notNull(),
	passwordHash: text('password_hash').notNull(),
	disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
	createdAt: integer('created_at').notNull(),
	updatedAt: integer('updated_at').notNull()
	},
	(t) => [check('users_role_check', sql`${t.role} in ('admin', 'analyst', 'committee')`)]
);

export const session = sqliteTable(
	'sessions',
	{
		/** SHA-256 (hex) of the cookie token; the token itself is never stored. */
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at').notNull(),
		lastSeenAt: integer('last_seen_at').notNull(),
		/** Absolute end, fixed at login. */
		expiresAt: integer('expires_at').notNull(),
		ip: text('ip'),
		userAgent: text('user_agent')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Failed-login counters, per account and per IP, kept in the database so
 * they survive restarts and are shared by every server process. */
export const rateLimit = sqliteTable('rate_limits', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull(),
	windowStart: integer('window_start').notNull()
});

/** Append-only (triggers refuse UPDATE and DELETE) and hash-chained. */
export const auditEvent = sqliteTable(
	'audit_events',
	{
		seq: integer('seq').primaryKey(),
		/** ISO 8601 UTC, e.g. 2026-11-21T17:04:05.123Z */
		at: text('at').notNull(),
		actorId: integer('actor_id'),
		/** Who acted, as shown to a reader: an email, "cli" or "anonymous". */
		actor: text('actor').notNull(),
		action: text('action').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id'),
		details: text('details').notNull().default(sql`'{}'`),
		prevHash: text('prev_hash').notNull(),
		hash: text('hash').notNull()
	},
	(t) => [
		index('audit_events_action_idx').on(t.action),
		index('audit_events_entity_idx').on(t.entityType, t.entityId),
		index('audit_events_actor_idx').on(t.actor)
	]
);

export const TEMPLATE_STATUSES = ['draft', 'published', 'retired'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/** A questionnaire, identified by its key; its content lives in versions. */
export const template = sqliteTable('templates', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	key: text('key').notNull().unique(),
	/** The title of the most recently saved version, for lists. */
	title: text('title').notNull(),
	createdAt: integer('created_at').notNull(),
	updatedAt: integer('updated_at').notNull()
});

/**
 * One version of a template. Drafts change; a published version never does
 * (assessments cite it), and the database refuses to let it: see the
 * triggers in drizzle/0003_template_versions_immutable.sql.
 */
export const templateVersion = sqliteTable(
	'template_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		templateId: integer('template_id')
			.notNull()
			.references(() => template.id),
		version: text('version').notNull(),
		status: text('status', { enum: TEMPLATE_STATUSES }).notNull(),
		/** The validated, normalised clearance-template/1 document. */
		json: text('json').notNull(),
		/** SHA-256 (hex) of the document's canonical JSON. */
		sha256: text('sha256').notNull(),
		basedOnId: integer('based_on_id').references((): AnySQLiteColumn => templateVersion.id),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull(),
		publishedAt: integer('published_at'),
		retiredAt: integer('retired_at')
	},
	(t) => [
		unique('template_versions_version_unique').on(t.templateId, t.version),
		check('template_versions_status_check', sql`${t.status} in ('draft', 'published', 'retired')`)
	]
);

/** A named set of section weights for one template ("Custody-heavy"). */
export const weightProfile = sqliteTable(
	'weight_profiles',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		templateId: integer('template_id')
			.notNull()
			.references(() => template.id),
		name: text('name').notNull(),
		/** JSON object: section id → weight. */
		sections: text('sections').notNull(),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [unique('weight_profiles_name_unique').on(t.templateId, t.name)]
);

export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;
export type AuditEvent = typeof auditEvent.$inferSelect;
export type Template = typeof template.$inferSelect;
export type TemplateVersion = typeof templateVersion.$inferSelect;
export type WeightProfile = typeof weightProfile.$inferSelect;
