// Upgrading a database in use to 0011_records_versions: platforms, weight
// profiles and drafts edited, committee reviews voted and decided, a final
// assessment under amendment — and, as only the older schema allowed, a
// second open amendment of the same final. The migration keeps every row,
// starts every version at 1, keeps the second amendment as a plain draft,
// and leaves the unique indexes the rules rely on in place.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { CLI_ACTOR, verifyChain } from '../../src/lib/server/audit';
import { closeDatabase, handle } from '../../src/lib/server/db/index';
import { migrate, type MigrationReport } from '../../src/lib/server/db/migrate';
import * as platforms from '../../src/lib/server/platforms';
import * as profiles from '../../src/lib/server/profiles';
import * as reviews from '../../src/lib/server/reviews';
import * as templates from '../../src/lib/server/templates';
import { installBundledContent } from '../../src/lib/server/templates/content';
import * as users from '../../src/lib/server/auth/users';
import { tempDir } from '../helpers/database';
import { columnsOf, previousRelease, userTables } from '../helpers/previous-release';
import { supportEvidence } from '../helpers/evidence';

const PREVIOUS = '0010_portfolio_indexes';

let dir = '';
let report: MigrationReport;
let before: Record<string, string[]> = {};
let beforeColumns: Record<string, string[]> = {};
let chainBefore = 0;
const ids = { final: 0, amendment: 0, duplicate: 0, platform: 0 };

/** Every row of every table, as JSON, of the given columns only. */
function rows(sqlite: Database.Database, columns: Record<string, string[]>): Record<string, string[]> {
	return Object.fromEntries(
		Object.entries(columns).map(([table, cols]) => [table, sqlite.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY rowid`).all().map((r) => JSON.stringify(r))])
	);
}

async function fill() {
	installBundledContent();
	const analyst = await users.create(CLI_ACTOR, { email: 'analyst@example.com', name: 'Amara Analyst', role: 'analyst', password: 'migration drill passphrase' });
	const member = await users.create(CLI_ACTOR, { email: 'member@example.com', name: 'Chen Committee', role: 'committee', password: 'migration drill passphrase' });
	const actor = { id: analyst.id, label: analyst.email, role: analyst.role };
	const key = 'ci-dd';
	const finals: number[] = [];
	for (const name of ['Upgrade Custody', 'Upgrade Exchange']) {
		const p = platforms.create(actor, { name, kind: 'custodian', status: 'prospect', jurisdictions: ['EU'], tags: [], website: '', description: 'Before the upgrade.' });
		platforms.update(actor, p.id, { name, kind: 'custodian', status: 'under_review', jurisdictions: ['EU'], tags: ['upgrade'], website: '', description: 'Edited before the upgrade.' }, 1);
		const a = assessments.create(actor, { platformId: p.id, templateKey: key, templateVersion: '1.0.0', assessorIds: [], dueDate: null }).assessment.id;
		assessments.saveAnswer(actor, a, 'hiring.in-person-id', { value: 'yes', na: false, assurance: 'claimed', note: '' }, 0, { as: 'staff' });
		assessments.submit(actor, a, { as: 'staff' });
		supportEvidence(actor, a);
		// Four eyes: the CLI (no person) finalises what the analyst submitted.
		assessments.finalize(CLI_ACTOR, a);
		finals.push(a);
		ids.platform = p.id;
	}
	ids.final = finals[0];
	ids.amendment = assessments.amend(actor, finals[0]).assessment.id;
	profiles.save(actor, key, { format: 'clearance-profile/1', name: 'Custody-heavy', sections: { keys: 3 } });
	const draft = templates.newDraftFrom(actor, key, '1.0.0');
	templates.saveDraft(actor, key, draft.doc.version, { ...draft.doc, title: 'Edited before the upgrade' }, draft.row.sha256);
	const r = reviews.create(actor, { title: 'Before the upgrade', mandate: 'Choose one.', candidates: finals.map((_, i) => ({ platformId: ids.platform - 1 + i })), members: [member.id] });
	reviews.vote({ id: member.id, label: member.email, role: member.role }, r.id, r.candidates[0].id, 'approve', 'Strong.');
	const decided = reviews.create(actor, { title: 'Decided before the upgrade', mandate: 'Choose one.', candidates: finals.map((_, i) => ({ platformId: ids.platform - 1 + i })), members: [member.id] });
	reviews.decide(actor, decided.id, Object.fromEntries(decided.candidates.map((c) => [c.id, 'approve'])), 'Both.');
}

/** What only the older schema allowed: a second open amendment of the same final, with an answer of its own. */
function secondAmendment(sqlite: Database.Database) {
	const cols = columnsOf(sqlite, 'assessments').filter((c) => c !== 'id');
	const list = cols.map((c) => `"${c}"`).join(', ');
	ids.duplicate = Number(sqlite.prepare(`INSERT INTO assessments (${list}) SELECT ${list} FROM assessments WHERE id = ?`).run(ids.amendment).lastInsertRowid);
	sqlite.prepare(`INSERT INTO answers (assessment_id, question_id, value, na, assurance, version, updated_at) VALUES (?, 'hiring.in-person-id', '"no"', 0, 'claimed', 1, 0)`).run(ids.duplicate);
}

beforeAll(async () => {
	dir = tempDir('clearance-migration-0011-');
	await previousRelease(dir, PREVIOUS, fill, secondAmendment);
	const { sqlite } = handle();
	beforeColumns = Object.fromEntries(userTables(sqlite).map((t) => [t, columnsOf(sqlite, t)]));
	before = rows(sqlite, beforeColumns);
	chainBefore = verifyChain().count;
	report = await migrate(handle());
});

afterAll(() => {
	closeDatabase();
	fs.rmSync(dir, { recursive: true, force: true });
});

const sql = (text: string, ...params: unknown[]) => handle().sqlite.prepare(text).all(...params);

describe(`upgrading a database in use from ${PREVIOUS}`, () => {
	it('starts from platforms, profiles, a draft, reviews with votes and a decision, and two open amendments of one final', () => {
		for (const table of ['platforms', 'weight_profiles', 'template_versions', 'reviews', 'review_members', 'review_votes', 'answers']) expect(before[table].length, table).toBeGreaterThan(0);
		expect(before.assessments.map((r) => JSON.parse(r)).filter((a) => a.amends_id === ids.final && a.state === 'draft')).toHaveLength(2);
	});

	it('applies 0011 and the ones after it (0012, answers.not_applicable_to; 0013, assessments.submitted_by; 0014, evidence_waivers; 0015, findings and conditions) after a backup', () => {
		expect(report).toMatchObject({ applied: 5, backup: expect.stringMatching(/\.pre-migrate-.*\.bak$/) });
	});

	it('starts every platform and profile at version 1 and leaves who saved last empty', () => {
		expect(sql('SELECT DISTINCT version, updated_by FROM platforms')).toEqual([{ version: 1, updated_by: null }]);
		expect(sql('SELECT DISTINCT version, updated_by FROM weight_profiles')).toEqual([{ version: 1, updated_by: null }]);
		expect(sql('SELECT DISTINCT updated_by FROM template_versions')).toEqual([{ updated_by: null }]);
	});

	it('keeps every row as it was, but for the second open amendment, which becomes a plain draft with its answers', () => {
		const after = rows(handle().sqlite, beforeColumns);
		const duplicate = (r: string) => JSON.parse(r).id === ids.duplicate;
		for (const table of Object.keys(before)) {
			if (table === 'assessments') expect(after[table].filter((r) => !duplicate(r)), table).toEqual(before[table].filter((r) => !duplicate(r)));
			else expect(after[table], table).toEqual(before[table]);
		}
		expect(sql('SELECT id, state, amends_id FROM assessments WHERE id IN (?, ?) ORDER BY id', ids.amendment, ids.duplicate)).toEqual([
			{ id: ids.amendment, state: 'draft', amends_id: ids.final },
			{ id: ids.duplicate, state: 'draft', amends_id: null }
		]);
		expect(sql('SELECT value FROM answers WHERE assessment_id = ?', ids.duplicate)).toEqual([{ value: '"no"' }]);
	});

	it('has the unique indexes the rules rely on', () => {
		const index = (table: string, name: string) => (sql(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, table) as Array<{ name: string }>).find((i) => i.name === name);
		const columns = (name: string) => sql('SELECT name FROM pragma_index_info(?) ORDER BY seqno', name).map((c) => (c as { name: string }).name);
		expect(index('assessments', 'assessments_open_amendment_unique')).toEqual({ name: 'assessments_open_amendment_unique', unique: 1, origin: 'c', partial: 1 });
		expect(columns('assessments_open_amendment_unique')).toEqual(['amends_id']);
		expect(index('review_votes', 'review_votes_member_unique')).toMatchObject({ unique: 1 });
		expect(columns('review_votes_member_unique')).toEqual(['review_id', 'candidate_id', 'user_id']);
		const seat = (sql(`SELECT name, "unique", origin FROM pragma_index_list('review_members')`) as Array<{ name: string; unique: number; origin: string }>).find((i) => i.origin === 'pk')!;
		expect(seat.unique).toBe(1);
		expect(columns(seat.name)).toEqual(['review_id', 'user_id']);
		expect(columns('weight_profiles_name_unique')).toEqual(['template_id', 'name']);
	});

	it('refuses a second open amendment of one final, and allows one once the first is final', () => {
		const { sqlite } = handle();
		const insert = (state: string) =>
			sqlite
				.prepare(`INSERT INTO assessments (platform_id, template_version_id, origin, state, assessors, amends_id, created_at, updated_at) SELECT platform_id, template_version_id, 'analyst', ?, '[]', ?, 0, 0 FROM assessments WHERE id = ?`)
				.run(state, ids.final, ids.final);
		expect(() => insert('draft')).toThrow(/UNIQUE constraint failed: assessments.amends_id/);
		expect(() => insert('in_review')).toThrow(/UNIQUE constraint failed: assessments.amends_id/);
		// A final amendment is history, not an open one: it does not block the next.
		expect(() => insert('final')).not.toThrow();
	});

	it('holds its foreign keys and its audit chain, and takes edits at the new versions', () => {
		expect(handle().sqlite.pragma('foreign_key_check')).toEqual([]);
		expect(verifyChain()).toEqual({ ok: true, count: chainBefore });
		const p = platforms.get(ids.platform)!;
		const edited = platforms.update(CLI_ACTOR, p.id, { name: p.name, kind: p.kind, status: 'approved', jurisdictions: p.jurisdictions, tags: p.tags, website: '', description: p.description ?? '' }, 1);
		expect(edited).toMatchObject({ status: 'approved', version: 2 });
	});
});
