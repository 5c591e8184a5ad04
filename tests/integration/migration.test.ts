// Upgrading a database that holds a year of work: a file at the schema of
// the previous release, with every table filled through the data modules (as
// real use would; see helpers/previous-release), then the current migrations
// applied, proving nothing already there changed, foreign keys hold and the
// audit chain still verifies. Columns a migration adds to an existing table
// are listed below; everything else about the old rows stays as it was.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { CLI_ACTOR, verifyChain } from '../../src/lib/server/audit';
import { login } from '../../src/lib/server/auth/sign-in';
import { installBundledContent } from '../../src/lib/server/templates/content';
import { closeDatabase, handle, write } from '../../src/lib/server/db/index';
import { migrate } from '../../src/lib/server/db/migrate';
import { createSession } from '../../src/lib/server/auth/session';
import { seedPortfolio } from '../../src/lib/server/demo/portfolio';
import { addLink, uploadEvidence } from '../../src/lib/server/evidence';
import * as invitations from '../../src/lib/server/invitations';
import * as platforms from '../../src/lib/server/platforms';
import * as profiles from '../../src/lib/server/profiles';
import * as reviews from '../../src/lib/server/reviews';
import * as templates from '../../src/lib/server/templates';
import * as users from '../../src/lib/server/auth/users';
import { tempDir } from '../helpers/database';
import { columnsOf, previousRelease, userTables } from '../helpers/previous-release';

/** The last migration of the previous release; everything after it is what an upgrade applies. */
const PREVIOUS = '0007_verifications';
/** Columns later migrations add to tables the previous release has, with the value every existing row gets. */
/** A column filled from other rows (its own test below), not given one starting value. */
const BACKFILLED = Symbol('backfilled');
const ADDED_COLUMNS: Record<string, Record<string, unknown>> = {
	platforms: { version: 1, updated_by: null },
	template_versions: { updated_by: null },
	weight_profiles: { version: 1, updated_by: null },
	// Every answer saved before 0012 was given by a person.
	answers: { not_applicable_to: null },
	assessments: { submitted_by: BACKFILLED }
};
const PASSWORD = 'migration drill passphrase';

interface TableState {
	rows: number;
	sha256: string;
}
type Snapshot = Record<string, TableState>;

let dir = '';
let before: Snapshot = {};
let beforeColumns: Record<string, string[]> = {};
let beforeSchema: Record<string, string> = {};
let beforeChain = 0;
let report: Awaited<ReturnType<typeof migrate>>;

/** Row count and a hash of every row's content, in rowid order, per table; of `columns` alone where given. */
function snapshot(sqlite: Database.Database, columns: Record<string, string[]> = {}): Snapshot {
	const out: Snapshot = {};
	for (const name of userTables(sqlite)) {
		const hash = createHash('sha256');
		let rows = 0;
		const list = columns[name]?.map((c) => `"${c}"`).join(', ') ?? '*';
		for (const row of sqlite.prepare(`SELECT ${list} FROM "${name}" ORDER BY rowid`).iterate()) {
			hash.update(JSON.stringify(row)).update('\n');
			rows++;
		}
		out[name] = { rows, sha256: hash.digest('hex') };
	}
	return out;
}

/** The SQL of every table, index and trigger, so a migration that rebuilt an old table shows. */
function schemaOf(sqlite: Database.Database): Record<string, string> {
	const rows = sqlite.prepare(`SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name`).all() as Array<{ type: string; name: string; sql: string }>;
	return Object.fromEntries(rows.map((r) => [`${r.type} ${r.name}`, r.sql]));
}

/** Real use at the previous schema: accounts, sign-ins, questionnaires, the demo portfolio with self-assessments, evidence, an open invitation. */
async function fillPreviousRelease() {
	const admin = await users.create(CLI_ACTOR, { email: 'admin@example.com', name: 'Ada Admin', role: 'admin', password: PASSWORD });
	const analyst = await users.create(CLI_ACTOR, { email: 'analyst@example.com', name: 'Amara Analyst', role: 'analyst', password: PASSWORD });
	await users.create(CLI_ACTOR, { email: 'committee@example.com', name: 'Chen Committee', role: 'committee', password: PASSWORD });
	users.setDisabled({ id: admin.id, label: admin.email }, (await users.create(CLI_ACTOR, { email: 'left@example.com', name: 'Former Analyst', role: 'analyst', password: PASSWORD })).id, true);
	const client = { ip: '203.0.113.7', userAgent: 'migration-test', replacesSessionId: null };
	// A session as a sign-in leaves one.
	write((tx) => createSession(tx, analyst.id, { ip: client.ip, userAgent: client.userAgent }));
	expect((await login({ email: 'committee@example.com', password: 'not the password' }, client)).ok).toBe(false);

	const actor = { id: analyst.id, label: analyst.email };
	await seedPortfolio({ analystId: analyst.id, analystLabel: analyst.email, finaliser: { id: admin.id, label: admin.email }, selfAssessments: true });
	profiles.save(actor, 'ci-dd', { format: 'clearance-profile/1', name: 'Custody-heavy', sections: { keys: 3, insider: 2 } });
	templates.newDraftFrom(actor, 'ci-dd', '1.0.0');

	const p = platforms.create(actor, { name: 'Upgrade Exchange', kind: 'exchange', status: 'prospect', jurisdictions: ['EU'], tags: ['upgrade'], website: '', description: 'Draft work in progress when the upgrade ran.' });
	const draft = assessments.create(actor, { platformId: p.id, templateKey: 'ci-dd', templateVersion: '1.0.0', assessorIds: [analyst.id], dueDate: null });
	addLink(actor, draft.assessment.id, 'hiring.in-person-id', 'https://evidence.example/hiring-policy', 'Hiring policy');
	await uploadEvidence(actor, draft.assessment.id, 'keys.keyholder-vetting', new File(['Keyholder vetting log, 2026 Q3.\n'], 'vetting.txt', { type: 'text/plain' }));
	// A respondent half-way through a self-assessment when the upgrade ran.
	const { token } = invitations.invite(actor, { platformId: p.id, templateKey: 'ci-dd', templateVersion: '1.0.0', respondentName: 'Rita', respondentEmail: 'rita@upgrade.example', message: '', expiresInDays: 14 });
	expect(invitations.redeem(token, '198.51.100.9').ok).toBe(true);
}

beforeAll(async () => {
	dir = tempDir('clearance-migration-');
	await previousRelease(dir, PREVIOUS, async () => {
		installBundledContent();
		await fillPreviousRelease();
	});
	const h = handle();
	before = snapshot(h.sqlite);
	beforeColumns = Object.fromEntries(Object.keys(before).map((t) => [t, columnsOf(h.sqlite, t)]));
	beforeSchema = schemaOf(h.sqlite);
	const chain = verifyChain();
	expect(chain.ok).toBe(true);
	beforeChain = chain.count;

	const started = performance.now();
	report = await migrate(h);
	const ms = performance.now() - started;
	const after = snapshot(h.sqlite, beforeColumns);
	const rows = Object.keys({ ...before, ...after }).map((t) => `  ${t.padEnd(22)} ${String(before[t]?.rows ?? '—').padStart(6)} → ${String(after[t]?.rows).padStart(6)}`);
	console.log(
		[
			`migration from ${PREVIOUS}: applied ${report.applied} migration(s) in ${ms.toFixed(0)} ms (backup ${path.basename(report.backup ?? 'none')})`,
			`  ${'table'.padEnd(22)} ${'before'.padStart(6)}   ${'after'.padStart(6)}`,
			...rows,
			`  ${Object.keys(before).length} tables and ${Object.values(before).reduce((n, t) => n + t.rows, 0)} rows before; ${beforeChain} audit events`
		].join('\n')
	);
});

afterAll(() => {
	closeDatabase();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe(`upgrading a database from ${PREVIOUS}`, () => {
	it('starts from a database with rows in every table of the previous schema', () => {
		expect(Object.keys(before)).toEqual(
			expect.arrayContaining(['users', 'platforms', 'templates', 'template_versions', 'assessments', 'assessment_results', 'answers', 'evidence', 'invitations', 'verifications', 'audit_events'])
		);
		for (const [table, state] of Object.entries(before)) expect(state.rows, `${table} is empty`).toBeGreaterThan(0);
		const count = (sql: string) => (handle().sqlite.prepare(sql).get() as { n: number }).n;
		expect(count(`SELECT count(*) AS n FROM assessments a JOIN assessment_results r ON r.assessment_id = a.id WHERE a.state = 'final'`)).toBeGreaterThan(0);
		expect(count(`SELECT count(*) AS n FROM assessments WHERE origin = 'self' AND state = 'final'`)).toBeGreaterThan(0);
		expect(count(`SELECT count(*) AS n FROM assessments WHERE state = 'draft'`)).toBeGreaterThan(0);
	});

	it('applies the newer migrations, backing the database up first', () => {
		expect(report.applied).toBeGreaterThan(0);
		expect(report.backup).toMatch(/\.pre-migrate-.*\.bak$/);
		const backup = new Database(report.backup!, { readonly: true });
		try {
			expect(snapshot(backup)).toEqual(before);
		} finally {
			backup.close();
		}
	});

	it('keeps every row of every table that existed, unchanged', () => {
		const after = snapshot(handle().sqlite, beforeColumns);
		for (const [table, state] of Object.entries(before)) expect(after[table], table).toEqual(state);
	});

	it('gives the rows of a table that gained columns their starting values', () => {
		const { sqlite } = handle();
		for (const [table, added] of Object.entries(ADDED_COLUMNS)) {
			expect(columnsOf(sqlite, table), table).toEqual([...beforeColumns[table], ...Object.keys(added)]);
			for (const [column, value] of Object.entries(added)) {
				if (value === BACKFILLED) continue;
				const differing = sqlite.prepare(`SELECT count(*) AS n FROM "${table}" WHERE "${column}" IS NOT ?`).get(value) as { n: number };
				expect(differing.n, `${table}.${column}`).toBe(0);
			}
		}
	});

	it('names who submitted each assessment in review, from the audit trail, and no one for the rest', () => {
		const rows = handle()
			.sqlite.prepare(
				`SELECT a.state, a.origin, a.submitted_by AS submittedBy,
					(SELECT actor_id FROM audit_events e WHERE e.action = 'assessment.submit' AND e.entity_id = CAST(a.id AS TEXT) ORDER BY seq DESC LIMIT 1) AS audited
				FROM assessments a`
			)
			.all() as Array<{ state: string; origin: string; submittedBy: number | null; audited: number | null }>;
		const inReview = rows.filter((r) => r.state === 'in_review');
		expect(inReview.some((r) => r.submittedBy !== null)).toBe(true);
		for (const r of inReview) expect(r.submittedBy).toBe(r.audited);
		for (const r of rows.filter((r) => r.state !== 'in_review')) expect(r.submittedBy).toBeNull();
	});

	it('leaves the old tables, indexes and triggers as they were, and adds the new tables empty', () => {
		const afterSchema = schemaOf(handle().sqlite);
		for (const [object, sql] of Object.entries(beforeSchema)) {
			// ALTER TABLE … ADD writes each new column's definition after the last old one.
			const added = object.startsWith('table ') ? Object.keys(ADDED_COLUMNS[object.slice('table '.length)] ?? {}) : [];
			const without = added.reduce((text, column) => text.replace(new RegExp(`, \`${column}\`[^,\n]*`), ''), afterSchema[object]);
			expect(without, object).toBe(sql);
		}
		const added = Object.keys(snapshot(handle().sqlite)).filter((t) => !(t in before));
		expect(added.length).toBeGreaterThan(0);
		for (const table of added) expect(handle().sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get(), table).toEqual({ n: 0 });
	});

	it('holds its foreign keys and passes the integrity check', () => {
		const { sqlite } = handle();
		expect(sqlite.pragma('foreign_key_check')).toEqual([]);
		expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
	});

	it('keeps an audit chain that verifies, with no event lost or added', () => {
		expect(verifyChain()).toEqual({ ok: true, count: beforeChain });
	});

	it('has nothing left to apply afterwards', async () => {
		expect(await migrate(handle())).toEqual({ applied: 0, backup: null });
	});

	it('lets a committee review cite assessments finalised before the upgrade', () => {
		const analyst = users.findByEmail('analyst@example.com')!;
		const committee = users.findByEmail('committee@example.com')!;
		const finalists = platforms.list({ pageSize: 200 }).rows.filter((r) => r.assessmentId !== null).slice(0, 2);
		expect(finalists).toHaveLength(2);
		const opened = reviews.create(
			{ id: analyst.id, label: analyst.email, role: analyst.role },
			{ title: 'First review after the upgrade', mandate: 'Choose a custodian.', candidates: finalists.map((r) => ({ platformId: r.id })), members: [committee.id] }
		);
		const stored = handle().sqlite.prepare('SELECT result FROM assessment_results WHERE assessment_id = ?');
		for (const c of handle().sqlite.prepare('SELECT assessment_id AS id, result FROM review_candidates WHERE review_id = ?').all(opened.id) as Array<{ id: number; result: string }>) {
			expect(c.result).toBe((stored.get(c.id) as { result: string }).result);
		}
		expect(verifyChain()).toEqual({ ok: true, count: beforeChain + 1 });
	});
});
