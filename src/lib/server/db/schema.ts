// Every table, in one place. Times are integer milliseconds since the epoch
// (UTC) unless a column says otherwise.
import { ASSESSMENT_ORIGINS, ASSESSMENT_STATES } from '../../assessments/views';
import { PLATFORM_KINDS, type PlatformKind } from '../../scoring/types';
import {
	CONDITION_CLOSINGS,
	CONDITION_STATUSES,
	FINDING_ACTOR_KINDS,
	FINDING_EVENT_KINDS,
	FINDING_ORIGINS,
	FINDING_SEVERITIES,
	FINDING_STATUSES
} from '../../findings/vocabulary';
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, unique, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

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

/**
 * A user's authenticator for two-factor sign-in (TOTP, RFC 6238). The secret
 * is stored readable because checking a code needs it; `confirmedAt` is null
 * while enrolment waits for the first code. drizzle/0009_mfa.sql adds the
 * triggers that keep `lastStep` from moving back.
 */
export const mfaCredential = sqliteTable('mfa_credentials', {
	userId: integer('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	/** Base32, as authenticator apps take it. */
	secret: text('secret').notNull(),
	createdAt: integer('created_at').notNull(),
	confirmedAt: integer('confirmed_at'),
	/** The time step of the last accepted code: a code is never accepted twice. */
	lastStep: integer('last_step')
});

/** Single-use recovery codes, kept only as SHA-256 hashes. A used code stays used (trigger). */
export const mfaRecoveryCode = sqliteTable(
	'mfa_recovery_codes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** SHA-256 (hex) of the code without separators, upper case. */
		codeHash: text('code_hash').notNull(),
		createdAt: integer('created_at').notNull(),
		usedAt: integer('used_at')
	},
	(t) => [unique('mfa_recovery_codes_user_code_unique').on(t.userId, t.codeHash)]
);

/**
 * A sign-in waiting for its second factor: the password was right, no
 * session exists yet. The browser holds the token in a short-lived cookie;
 * only its SHA-256 is stored. A few wrong codes and it is gone.
 */
export const mfaChallenge = sqliteTable(
	'mfa_challenges',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		createdAt: integer('created_at').notNull(),
		expiresAt: integer('expires_at').notNull(),
		failures: integer('failures').notNull().default(0)
	},
	(t) => [index('mfa_challenges_user_idx').on(t.userId)]
);

/** Instance-wide settings an admin changes, one JSON value per key. */
export const setting = sqliteTable('settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull(),
	updatedBy: integer('updated_by').references(() => user.id),
	updatedAt: integer('updated_at').notNull()
});

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
		/** Who saved the content last (null for rows last saved before this column existed). */
		updatedBy: integer('updated_by').references(() => user.id),
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
		/** Rises with every save, so a save from a stale page is caught instead of replacing what it never saw. */
		version: integer('version').notNull().default(1),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull(),
		/** Who saved last (null for rows last saved before this column existed). */
		updatedBy: integer('updated_by').references(() => user.id),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [unique('weight_profiles_name_unique').on(t.templateId, t.name)]
);

// The kinds are the interchange formats' (`appliesTo`), so templates and platforms never disagree.
export { PLATFORM_KINDS, type PlatformKind };
export const PIPELINE_STATUSES = ['prospect', 'under_review', 'approved', 'rejected', 'monitoring'] as const;
export type PipelineStatus = (typeof PIPELINE_STATUSES)[number];

/** A platform under review: an exchange, custodian, DeFi team… */
export const platform = sqliteTable(
	'platforms',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		name: text('name').notNull(),
		kind: text('kind', { enum: PLATFORM_KINDS }).notNull(),
		/** JSON array of jurisdiction names or codes. */
		jurisdictions: text('jurisdictions').notNull().default('[]'),
		website: text('website'),
		description: text('description'),
		/** JSON array of tags. */
		tags: text('tags').notNull().default('[]'),
		status: text('status', { enum: PIPELINE_STATUSES }).notNull(),
		/** Rises with every edit; an edit carries the version its form started from, so a stale save is caught. */
		version: integer('version').notNull().default(1),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull(),
		/** Who saved last (null for rows last saved before this column existed). */
		updatedBy: integer('updated_by').references(() => user.id),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		uniqueIndex('platforms_name_unique').on(sql`lower(${t.name})`),
		index('platforms_status_idx').on(t.status),
		// Written out from the list, the same SQL as migration 0000's: a new kind shows up in `npm run db:generate`.
		check('platforms_kind_check', sql`${t.kind} in (${sql.raw(PLATFORM_KINDS.map((k) => `'${k}'`).join(', '))})`),
		check('platforms_status_check', sql`${t.status} in ('prospect', 'under_review', 'approved', 'rejected', 'monitoring')`)
	]
);

// The vocabulary pages share with the database (browser-safe).
export { ASSESSMENT_ORIGINS, ASSESSMENT_STATES, type AssessmentOrigin, type AssessmentState } from '../../assessments/views';

/**
 * One assessment of a platform against one published template version.
 * draft → in_review → final; a final assessment is locked (server and
 * triggers) and "amend" starts a new draft linked to it.
 */
export const assessment = sqliteTable(
	'assessments',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		platformId: integer('platform_id')
			.notNull()
			.references(() => platform.id),
		templateVersionId: integer('template_version_id')
			.notNull()
			.references(() => templateVersion.id),
		origin: text('origin', { enum: ASSESSMENT_ORIGINS }).notNull().default('analyst'),
		state: text('state', { enum: ASSESSMENT_STATES }).notNull(),
		/** JSON array of user ids. */
		assessors: text('assessors').notNull().default('[]'),
		/** YYYY-MM-DD, or null. */
		dueDate: text('due_date'),
		/** YYYY-MM-DD; set at finalising (default 12 months on). */
		validUntil: text('valid_until'),
		amendsId: integer('amends_id').references((): AnySQLiteColumn => assessment.id),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull(),
		submittedAt: integer('submitted_at'),
		/** Who last submitted it for review; null for a platform's respondent, and for rows submitted before this column existed. */
		submittedBy: integer('submitted_by').references(() => user.id),
		finalizedAt: integer('finalized_at'),
		finalizedBy: integer('finalized_by').references(() => user.id)
	},
	(t) => [
		index('assessments_platform_idx').on(t.platformId, t.finalizedAt),
		index('assessments_state_idx').on(t.state),
		// A platform's latest final assessment in one index step (the portfolio list, dashboard, compare).
		index('assessments_latest_final_idx').on(t.platformId, t.state, t.finalizedAt, t.id),
		// The newest finals first, for "recent knock-outs" without sorting them all.
		index('assessments_finalized_idx').on(t.state, t.finalizedAt, t.id),
		// A final assessment has at most one open (draft or in review) amendment:
		// two would be two competing next versions of the same record.
		uniqueIndex('assessments_open_amendment_unique')
			.on(t.amendsId)
			.where(sql`${t.amendsId} IS NOT NULL AND ${t.state} IN ('draft', 'in_review')`),
		check('assessments_state_check', sql`${t.state} in ('draft', 'in_review', 'final')`),
		check('assessments_origin_check', sql`${t.origin} in ('analyst', 'self')`)
	]
);

/** One answer; `version` rises with every save so stale saves are caught. */
export const answer = sqliteTable(
	'answers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessment.id),
		questionId: text('question_id').notNull(),
		/** JSON of the answer value (string, number or string[]), or null. */
		value: text('value'),
		na: integer('na', { mode: 'boolean' }).notNull().default(false),
		assurance: text('assurance', { enum: ['claimed', 'evidenced', 'verified'] }).notNull().default('claimed'),
		note: text('note'),
		/**
		 * Set on an N/A that Clearance answered when the assessment started
		 * because the question does not apply to this kind of platform (spec §6),
		 * to the kind it had then; null on an answer a person gave. Kept when
		 * the platform's kind changes later; cleared when a person saves the answer.
		 */
		notApplicableTo: text('not_applicable_to', { enum: PLATFORM_KINDS }),
		version: integer('version').notNull(),
		updatedBy: integer('updated_by').references(() => user.id),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [unique('answers_question_unique').on(t.assessmentId, t.questionId)]
);

/** Evidence behind an answer: a link, or a file stored by its SHA-256. */
export const evidence = sqliteTable(
	'evidence',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessment.id),
		questionId: text('question_id').notNull(),
		kind: text('kind', { enum: ['file', 'link'] }).notNull(),
		url: text('url'),
		label: text('label'),
		sha256: text('sha256'),
		filename: text('filename'),
		mediaType: text('media_type'),
		size: integer('size'),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('evidence_assessment_idx').on(t.assessmentId, t.questionId), index('evidence_sha_idx').on(t.sha256)]
);

/**
 * The figures of a finalised assessment, stored so lists and dashboards read
 * them instead of rescoring; `result` is the scoring engine's full output.
 */
export const assessmentResult = sqliteTable(
	'assessment_results',
	{
		assessmentId: integer('assessment_id')
			.primaryKey()
			.references(() => assessment.id),
		templateSha256: text('template_sha256').notNull(),
		score: real('score'),
		assuredScore: real('assured_score'),
		answeredScore: real('answered_score'),
		coverage: real('coverage'),
		grade: text('grade'),
		bandGrade: text('band_grade'),
		knockouts: integer('knockouts').notNull(),
		result: text('result').notNull(),
		/** Self-assessments only: the platform's claims scored as given, beside the verified `result`. */
		claimedScore: real('claimed_score'),
		claimedResult: text('claimed_result'),
		computedAt: integer('computed_at').notNull()
	},
	(t) => [index('assessment_results_grade_idx').on(t.grade), index('assessment_results_score_idx').on(t.score)]
);

/**
 * An invitation for a platform to answer a self-assessment. The link's token
 * is shown once; only its SHA-256 is stored, so the database cannot open it.
 */
export const invitation = sqliteTable(
	'invitations',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		/** The self-assessment (origin 'self') the respondent answers. */
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessment.id),
		tokenHash: text('token_hash').notNull().unique(),
		respondentName: text('respondent_name').notNull(),
		respondentEmail: text('respondent_email').notNull(),
		message: text('message'),
		expiresAt: integer('expires_at').notNull(),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull(),
		openedAt: integer('opened_at'),
		submittedAt: integer('submitted_at'),
		revokedAt: integer('revoked_at'),
		/** Set on the invitation a re-issue replaced. */
		replacedById: integer('replaced_by_id').references((): AnySQLiteColumn => invitation.id)
	},
	(t) => [index('invitations_assessment_idx').on(t.assessmentId)]
);

/** A respondent's browser session, bound to exactly one invitation. */
export const respondentSession = sqliteTable(
	'respondent_sessions',
	{
		/** SHA-256 of the cookie token. */
		id: text('id').primaryKey(),
		invitationId: integer('invitation_id')
			.notNull()
			.references(() => invitation.id),
		createdAt: integer('created_at').notNull(),
		lastSeenAt: integer('last_seen_at').notNull(),
		expiresAt: integer('expires_at').notNull()
	},
	(t) => [index('respondent_sessions_invitation_idx').on(t.invitationId)]
);

export const VERIFICATION_DECISIONS = ['accepted', 'adjusted', 'clarification'] as const;
export type VerificationDecision = (typeof VERIFICATION_DECISIONS)[number];

/**
 * An analyst's decision on one answer of a self-assessment. The platform's
 * claim stays in `answers`, unchanged; an accepted or adjusted answer counts
 * as verified beside it. 'clarification' asks the platform about the answer
 * and reopens just that question for it.
 */
export const verification = sqliteTable(
	'verifications',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessment.id),
		questionId: text('question_id').notNull(),
		decision: text('decision', { enum: VERIFICATION_DECISIONS }).notNull(),
		/** Adjusted only: JSON of the verified value, or null with `na`. */
		value: text('value'),
		na: integer('na', { mode: 'boolean' }).notNull().default(false),
		/** Adjusted: why the claim was changed (required). */
		rationale: text('rationale'),
		/** Clarification: what the platform is asked. */
		comment: text('comment'),
		/** The claim's version when decided: a later claim makes the decision stale. */
		claimVersion: integer('claim_version').notNull(),
		/** Clarification: when the platform submitted again after being asked; null while the question is open. */
		answeredAt: integer('answered_at'),
		decidedBy: integer('decided_by').references(() => user.id),
		decidedAt: integer('decided_at').notNull()
	},
	(t) => [
		unique('verifications_question_unique').on(t.assessmentId, t.questionId),
		check('verifications_decision_check', sql`${t.decision} in ('accepted', 'adjusted', 'clarification')`)
	]
);

/**
 * An evidence-required question let through without evidence: the reason is
 * what the report shows beside the answer. One per question; withdrawn by
 * deleting it (audited), frozen with the assessment once final.
 */
export const evidenceWaiver = sqliteTable(
	'evidence_waivers',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessment.id),
		questionId: text('question_id').notNull(),
		reason: text('reason').notNull(),
		waivedBy: integer('waived_by').references(() => user.id),
		waivedAt: integer('waived_at').notNull()
	},
	(t) => [unique('evidence_waivers_question_unique').on(t.assessmentId, t.questionId)]
);
export type EvidenceWaiver = typeof evidenceWaiver.$inferSelect;

export const REVIEW_STATUSES = ['open', 'decided'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_OUTCOMES = ['approve', 'conditional', 'reject'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/**
 * A committee review: candidates compared under pinned weights, members'
 * votes, and the chair's decision. Once decided, nothing about it changes
 * (server and triggers: drizzle/0008_reviews.sql).
 */
export const review = sqliteTable(
	'reviews',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		title: text('title').notNull(),
		/** What the committee is asked to decide. */
		mandate: text('mandate').notNull(),
		/** Every candidate is assessed on this questionnaire. */
		templateKey: text('template_key').notNull(),
		/** The weight profile's name when one was chosen; the weights themselves are pinned below. */
		profileName: text('profile_name'),
		/** JSON object: section id → weight, pinned at creation. */
		weights: text('weights').notNull(),
		status: text('status', { enum: REVIEW_STATUSES }).notNull(),
		decisionRationale: text('decision_rationale'),
		decidedBy: integer('decided_by').references(() => user.id),
		decidedAt: integer('decided_at'),
		/** The chair. */
		createdBy: integer('created_by')
			.notNull()
			.references(() => user.id),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [index('reviews_created_by_idx').on(t.createdBy), check('reviews_status_check', sql`${t.status} in ('open', 'decided')`)]
);

/**
 * One candidate of a review, pinned to the final assessment the committee
 * saw: a copy of its stored result text and that text's SHA-256, so later
 * assessments or a recompute never change what the review shows.
 */
export const reviewCandidate = sqliteTable(
	'review_candidates',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		reviewId: integer('review_id')
			.notNull()
			.references(() => review.id),
		/** 0-based display order. */
		position: integer('position').notNull(),
		platformId: integer('platform_id')
			.notNull()
			.references(() => platform.id),
		/** The platform's name when pinned. */
		platformName: text('platform_name').notNull(),
		assessmentId: integer('assessment_id')
			.notNull()
			.references(() => assessment.id),
		/** SHA-256 (hex) of `result`, the exact text of assessment_results.result at pin time. */
		resultSha256: text('result_sha256').notNull(),
		result: text('result').notNull(),
		claimedResult: text('claimed_result'),
		templateVersionId: integer('template_version_id')
			.notNull()
			.references(() => templateVersion.id),
		finalizedAt: integer('finalized_at').notNull(),
		/** The committee's decision on this candidate, set when the review is decided. */
		decision: text('decision', { enum: REVIEW_OUTCOMES })
	},
	(t) => [
		unique('review_candidates_platform_unique').on(t.reviewId, t.platformId),
		unique('review_candidates_assessment_unique').on(t.reviewId, t.assessmentId),
		check('review_candidates_decision_check', sql`${t.decision} in ('approve', 'conditional', 'reject')`)
	]
);

/** Who sits on a review's committee; the chair always does. */
export const reviewMember = sqliteTable(
	'review_members',
	{
		reviewId: integer('review_id')
			.notNull()
			.references(() => review.id),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		addedAt: integer('added_at').notNull()
	},
	(t) => [primaryKey({ name: 'review_members_pk', columns: [t.reviewId, t.userId] }), index('review_members_user_idx').on(t.userId)]
);

/** A member's vote on one candidate; changeable while the review is open. */
export const reviewVote = sqliteTable(
	'review_votes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		reviewId: integer('review_id')
			.notNull()
			.references(() => review.id),
		candidateId: integer('candidate_id')
			.notNull()
			.references(() => reviewCandidate.id),
		userId: integer('user_id')
			.notNull()
			.references(() => user.id),
		outcome: text('outcome', { enum: REVIEW_OUTCOMES }).notNull(),
		rationale: text('rationale').notNull(),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [
		unique('review_votes_member_unique').on(t.reviewId, t.candidateId, t.userId),
		check('review_votes_outcome_check', sql`${t.outcome} in ('approve', 'conditional', 'reject')`)
	]
);

// The vocabulary of findings and conditions (browser-safe).
export {
	CONDITION_CLOSINGS,
	CONDITION_STATUSES,
	FINDING_ACTOR_KINDS,
	FINDING_EVENT_KINDS,
	FINDING_ORIGINS,
	FINDING_SEVERITIES,
	FINDING_STATUSES,
	type ConditionStatus,
	type FindingSeverity,
	type FindingStatus
} from '../../findings/vocabulary';

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A weakness the platform owes a fix for (or that was accepted as a risk):
 * proposed from a finalised assessment's knock-outs and weak answers, or
 * written by hand on a question or on the platform as a whole.
 */
export const finding = sqliteTable(
	'findings',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		platformId: integer('platform_id')
			.notNull()
			.references(() => platform.id),
		/** The assessment it came from; null for a finding on the platform as a whole. */
		assessmentId: integer('assessment_id').references(() => assessment.id),
		title: text('title').notNull(),
		/** What is wrong and what would fix it. */
		detail: text('detail'),
		severity: text('severity', { enum: FINDING_SEVERITIES }).notNull(),
		status: text('status', { enum: FINDING_STATUSES }).notNull(),
		origin: text('origin', { enum: FINDING_ORIGINS }).notNull(),
		/** The platform's owner: a name and an email, never an account. */
		ownerName: text('owner_name'),
		ownerEmail: text('owner_email'),
		/** Who follows it up on our side. */
		internalOwnerId: integer('internal_owner_id').references(() => user.id),
		/** YYYY-MM-DD. */
		dueOn: text('due_on'),
		/** Why it was dismissed (required to dismiss). */
		dismissedReason: text('dismissed_reason'),
		/** Set when it was merged into another finding (and dismissed). */
		mergedIntoId: integer('merged_into_id').references((): AnySQLiteColumn => finding.id),
		acceptedBy: integer('accepted_by').references(() => user.id),
		acceptedAt: integer('accepted_at'),
		acceptanceRationale: text('acceptance_rationale'),
		/** YYYY-MM-DD: the last day the acceptance holds; the day after, the finding is open again. */
		acceptanceExpiresOn: text('acceptance_expires_on'),
		/** The committee review whose decision accepted it, when a committee did. */
		acceptanceReviewId: integer('acceptance_review_id').references(() => review.id),
		/** Rises with every change; a form carries the version it started from, so a stale save is caught. */
		version: integer('version').notNull().default(1),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull(),
		/** When it was verified, accepted or dismissed; null while open. */
		closedAt: integer('closed_at')
	},
	(t) => [
		index('findings_platform_idx').on(t.platformId, t.status),
		index('findings_assessment_idx').on(t.assessmentId),
		// The portfolio's due and overdue lists read open findings by due date.
		index('findings_due_idx').on(t.status, t.dueOn),
		index('findings_internal_owner_idx').on(t.internalOwnerId, t.status),
		check('findings_severity_check', sql`${t.severity} in (${inList(FINDING_SEVERITIES)})`),
		check('findings_status_check', sql`${t.status} in (${inList(FINDING_STATUSES)})`),
		check('findings_origin_check', sql`${t.origin} in (${inList(FINDING_ORIGINS)})`)
	]
);

/** The questions a finding rests on (several once findings are merged). */
export const findingQuestion = sqliteTable(
	'finding_questions',
	{
		findingId: integer('finding_id')
			.notNull()
			.references(() => finding.id),
		questionId: text('question_id').notNull()
	},
	(t) => [primaryKey({ name: 'finding_questions_pk', columns: [t.findingId, t.questionId] }), index('finding_questions_question_idx').on(t.questionId)]
);

/** A finding's history, appended to and never changed (migration 0015's triggers). */
export const findingEvent = sqliteTable(
	'finding_events',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		findingId: integer('finding_id')
			.notNull()
			.references(() => finding.id),
		at: integer('at').notNull(),
		kind: text('kind', { enum: FINDING_EVENT_KINDS }).notNull(),
		actorKind: text('actor_kind', { enum: FINDING_ACTOR_KINDS }).notNull(),
		actorId: integer('actor_id').references(() => user.id),
		/** The remediation request a respondent acted through. */
		remediationRequestId: integer('remediation_request_id').references((): AnySQLiteColumn => remediationRequest.id),
		fromStatus: text('from_status', { enum: FINDING_STATUSES }),
		toStatus: text('to_status', { enum: FINDING_STATUSES }),
		/** A reason, a rationale or a short description of the change. */
		note: text('note'),
		/** JSON: the fields an edit changed ({ field: [before, after] }), merged ids… */
		details: text('details')
	},
	(t) => [index('finding_events_finding_idx').on(t.findingId, t.at)]
);

/**
 * Chosen findings sent to the platform through a scoped, expiring link, like
 * an invitation: the token is shown once and only its SHA-256 is stored.
 */
export const remediationRequest = sqliteTable(
	'remediation_requests',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		platformId: integer('platform_id')
			.notNull()
			.references(() => platform.id),
		tokenHash: text('token_hash').notNull().unique(),
		respondentName: text('respondent_name').notNull(),
		respondentEmail: text('respondent_email').notNull(),
		message: text('message'),
		expiresAt: integer('expires_at').notNull(),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull(),
		openedAt: integer('opened_at'),
		revokedAt: integer('revoked_at')
	},
	(t) => [index('remediation_requests_platform_idx').on(t.platformId)]
);

/** Which findings a remediation request lets its respondent see and answer: those, and nothing else. */
export const remediationRequestFinding = sqliteTable(
	'remediation_request_findings',
	{
		requestId: integer('request_id')
			.notNull()
			.references(() => remediationRequest.id),
		findingId: integer('finding_id')
			.notNull()
			.references(() => finding.id)
	},
	(t) => [
		primaryKey({ name: 'remediation_request_findings_pk', columns: [t.requestId, t.findingId] }),
		index('remediation_request_findings_finding_idx').on(t.findingId)
	]
);

/** A remediation respondent's browser session, bound to exactly one request. */
export const remediationSession = sqliteTable(
	'remediation_sessions',
	{
		/** SHA-256 of the cookie token. */
		id: text('id').primaryKey(),
		requestId: integer('request_id')
			.notNull()
			.references(() => remediationRequest.id),
		createdAt: integer('created_at').notNull(),
		lastSeenAt: integer('last_seen_at').notNull(),
		expiresAt: integer('expires_at').notNull()
	},
	(t) => [index('remediation_sessions_request_idx').on(t.requestId)]
);

/** The platform's answer to one finding: a plan, a target date, and when they marked it done. */
export const findingResponse = sqliteTable(
	'finding_responses',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		findingId: integer('finding_id')
			.notNull()
			.references(() => finding.id),
		requestId: integer('request_id')
			.notNull()
			.references(() => remediationRequest.id),
		plan: text('plan').notNull(),
		/** YYYY-MM-DD. */
		targetOn: text('target_on'),
		/** When the respondent marked it done; the analyst verifies or reopens. */
		doneAt: integer('done_at'),
		/** Rises with every save; a stale save is caught. */
		version: integer('version').notNull().default(1),
		createdAt: integer('created_at').notNull(),
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [unique('finding_responses_unique').on(t.findingId, t.requestId)]
);

/** Evidence of a fix: a link, or a file kept in the evidence store by its SHA-256 (the store's blobs are shared with answers' evidence). */
export const findingEvidence = sqliteTable(
	'finding_evidence',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		findingId: integer('finding_id')
			.notNull()
			.references(() => finding.id),
		/** The request it came through; null when an analyst attached it. */
		requestId: integer('request_id').references(() => remediationRequest.id),
		kind: text('kind', { enum: ['file', 'link'] }).notNull(),
		url: text('url'),
		label: text('label'),
		sha256: text('sha256'),
		filename: text('filename'),
		mediaType: text('media_type'),
		size: integer('size'),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull()
	},
	(t) => [index('finding_evidence_finding_idx').on(t.findingId), index('finding_evidence_sha_idx').on(t.sha256)]
);

/**
 * A condition of a committee's "approve with conditions": free text or tied
 * to findings, with a due date. It closes when its findings close, or when
 * the chair or an admin signs it off.
 */
export const condition = sqliteTable(
	'conditions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		reviewId: integer('review_id')
			.notNull()
			.references(() => review.id),
		platformId: integer('platform_id')
			.notNull()
			.references(() => platform.id),
		text: text('text').notNull(),
		/** YYYY-MM-DD. */
		dueOn: text('due_on').notNull(),
		status: text('status', { enum: CONDITION_STATUSES }).notNull(),
		closedHow: text('closed_how', { enum: CONDITION_CLOSINGS }),
		closedBy: integer('closed_by').references(() => user.id),
		closedAt: integer('closed_at'),
		/** What the sign-off says. */
		closingNote: text('closing_note'),
		version: integer('version').notNull().default(1),
		createdBy: integer('created_by').references(() => user.id),
		createdAt: integer('created_at').notNull()
	},
	(t) => [
		index('conditions_platform_idx').on(t.platformId, t.status),
		index('conditions_review_idx').on(t.reviewId),
		index('conditions_due_idx').on(t.status, t.dueOn),
		check('conditions_status_check', sql`${t.status} in (${inList(CONDITION_STATUSES)})`),
		check('conditions_closed_how_check', sql`${t.closedHow} is null or ${t.closedHow} in (${inList(CONDITION_CLOSINGS)})`)
	]
);

/** The findings a condition waits on. */
export const conditionFinding = sqliteTable(
	'condition_findings',
	{
		conditionId: integer('condition_id')
			.notNull()
			.references(() => condition.id),
		findingId: integer('finding_id')
			.notNull()
			.references(() => finding.id)
	},
	(t) => [primaryKey({ name: 'condition_findings_pk', columns: [t.conditionId, t.findingId] }), index('condition_findings_finding_idx').on(t.findingId)]
);

export type User = typeof user.$inferSelect;
export type Session = typeof session.$inferSelect;
export type MfaCredential = typeof mfaCredential.$inferSelect;
export type MfaChallenge = typeof mfaChallenge.$inferSelect;
export type AuditEvent = typeof auditEvent.$inferSelect;
export type Template = typeof template.$inferSelect;
export type TemplateVersion = typeof templateVersion.$inferSelect;
export type WeightProfile = typeof weightProfile.$inferSelect;
export type Platform = typeof platform.$inferSelect;
export type Assessment = typeof assessment.$inferSelect;
export type AnswerRow = typeof answer.$inferSelect;
export type Evidence = typeof evidence.$inferSelect;
export type AssessmentResult = typeof assessmentResult.$inferSelect;
export type Invitation = typeof invitation.$inferSelect;
export type RespondentSession = typeof respondentSession.$inferSelect;
export type Verification = typeof verification.$inferSelect;
export type Review = typeof review.$inferSelect;
export type ReviewCandidate = typeof reviewCandidate.$inferSelect;
export type ReviewMember = typeof reviewMember.$inferSelect;
export type ReviewVote = typeof reviewVote.$inferSelect;
export type Finding = typeof finding.$inferSelect;
export type FindingEvent = typeof findingEvent.$inferSelect;
export type RemediationRequest = typeof remediationRequest.$inferSelect;
export type FindingResponse = typeof findingResponse.$inferSelect;
export type FindingEvidence = typeof findingEvidence.$inferSelect;
export type Condition = typeof condition.$inferSelect;
