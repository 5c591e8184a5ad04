// Every table, in one place. Times are integer milliseconds since the epoch
// (UTC) unless a column says otherwise.
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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

export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;
export type AuditEvent = typeof auditEvent.$inferSelect;
