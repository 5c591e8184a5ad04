import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnswerInput } from '../../src/lib/assessments/answer-input';
import { sectionEntries, sectionFormProblem } from '../../src/lib/server/assessments/answer-form';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents, verifyChain } from '../../src/lib/server/audit';
import { handle } from '../../src/lib/server/db/index';
import { addLink, removeEvidence, uploadEvidence } from '../../src/lib/server/evidence';
import { evidenceDir } from '../../src/lib/server/evidence/store';
import * as platforms from '../../src/lib/server/platforms';
import { appliesToKind, type PlatformKind, type Question, type Template } from '../../src/lib/scoring/index';
import { textsOf, withTexts, type SectionTexts } from '../../src/lib/templates/texts';
import * as templates from '../../src/lib/server/templates';
import { PUT as autosave } from '../../src/routes/(app)/assessments/[id]/answers/+server';
import { load as pageLoad } from '../../src/routes/(app)/assessments/[id]/+page.server';
import { useTempDatabase } from '../helpers/database';
import { refusalOf } from '../helpers/refusal';
import { bodyEvent, loadEvent, outcomeOf } from '../helpers/request-event';
import { supportEvidence } from '../helpers/evidence';

const db = useTempDatabase();
const analyst = { id: null, label: 'analyst@example.com' };
const other = { id: null, label: 'second.analyst@example.com' };
const input = (value: AnswerInput['value'], extra: Partial<AnswerInput> = {}): AnswerInput => ({ value, na: false, assurance: 'claimed', note: '', ...extra });
const count = (table: string) => (handle().sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const files = () => (fs.existsSync(evidenceDir()) ? fs.readdirSync(evidenceDir(), { recursive: true }).filter((f) => String(f).length > 2) : []);

let platformSeq = 0;
/** These tests are about answering, not applicability: on ci-dd 1.0.0, whose questions apply to every kind. `version` null: the latest. */
function newAssessment(kind: PlatformKind = 'exchange', version: string | null = '1.0.0') {
	const p = platforms.create(analyst, { name: `Platform ${++platformSeq}`, kind, status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' });
	return assessments.create(analyst, { platformId: p.id, templateKey: 'ci-dd', templateVersion: version ?? undefined, assessorIds: [], dueDate: '2099-01-31' });
}

const staffLocals = { user: { id: 1, email: 'a@example.com', name: 'A', role: 'analyst' as const }, session: null, respondent: null };

/** The assessment page's data, as its load gives it for `query`. */
async function viewOf(id: number, query = '') {
	return (await pageLoad(loadEvent('/(app)/assessments/[id]', { locals: staffLocals, params: { id: String(id) }, path: `/assessments/${id}${query}` }) as never)) as {
		detail: { template: Record<string, unknown>; result: { result: unknown } | null };
		templateJson: string;
		texts: SectionTexts;
	};
}

describe('assessments', () => {
	it('send their page the questionnaire as JSON text that reads back as exactly the document, and the stored figures a finalised one was given', async () => {
		const a = newAssessment();
		assessments.saveAnswers(analyst, a.assessment.id, [{ questionId: 'social.simulation', input: input('yes'), expectedVersion: 0 }], { as: 'staff' });
		supportEvidence(analyst, a.assessment.id);
		assessments.submit(analyst, a.assessment.id, { as: 'staff' });
		assessments.finalize(analyst, a.assessment.id);
		const data = await viewOf(a.assessment.id);
		expect(data.detail.template).not.toHaveProperty('doc');
		// Without its questions' texts, which come one section at a time: with every section's put back, it is the document.
		const lean = JSON.parse(data.templateJson) as Template;
		expect(JSON.stringify(lean)).not.toMatch(/"(guidance|reviewGuidance|source)":/);
		const all = new Map(a.template.doc.sections.map((s) => [s.id, textsOf(s)]));
		expect(withTexts(lean, all)).toEqual(a.template.doc);
		// The raw upsert stored the figures the answers give now.
		expect(data.detail.result?.result).toEqual(assessments.currentScore(assessments.get(a.assessment.id)!));
	});

	it('send their page the texts of the open section only: the first, or the one the address names', async () => {
		const a = newAssessment('exchange', null);
		const [first, second] = a.template.doc.sections;
		const opened = await viewOf(a.assessment.id);
		expect(opened.texts.section).toBe(first.id);
		expect(Object.keys(opened.texts.questions)).toEqual(first.questions.map((q) => q.id));
		const q = first.questions.find((x) => x.reviewGuidance)!;
		expect(opened.texts.questions[q.id]).toEqual({ guidance: q.guidance, reviewGuidance: q.reviewGuidance, source: q.source });
		expect((await viewOf(a.assessment.id, `?section=${second.id}`)).texts.section).toBe(second.id);
		// An unknown section opens the first, as the page does.
		expect((await viewOf(a.assessment.id, '?section=nope')).texts.section).toBe(first.id);
	});

	it('start as a draft on the latest published template version', () => {
		const a = newAssessment('exchange', null);
		expect(a.assessment.state).toBe('draft');
		expect(a.template).toMatchObject({ key: 'ci-dd', version: '2.0.0' });
		expect(a.template.sha256).toBe(templates.latestPublished('ci-dd')!.row.sha256);
	});

	it('refuse a template version that is not published', () => {
		templates.newDraftFrom(analyst, 'ci-dd', '1.0.0');
		const p = platforms.create(analyst, { name: 'Drafty', kind: 'custodian', status: 'prospect', jurisdictions: [], tags: [], website: '', description: '' });
		expect(() => assessments.create(analyst, { platformId: p.id, templateKey: 'ci-dd', templateVersion: '1.0.1', assessorIds: [], dueDate: null })).toThrow(/published template version/);
	});

	it('save answers with rising versions, each audited', () => {
		const a = newAssessment();
		const first = assessments.saveAnswer(analyst, a.assessment.id, 'hiring.in-person-id', input('partial'), 0, { as: 'staff' });
		expect(first.version).toBe(1);
		const second = assessments.saveAnswer(analyst, a.assessment.id, 'hiring.in-person-id', input('yes', { note: 'Seen the onboarding log.' }), 1, { as: 'staff' });
		expect(second).toMatchObject({ version: 2, value: 'yes', note: 'Seen the onboarding log.' });
		expect(listEvents({ action: 'answer.save' }).filter((e) => e.entityId === String(a.assessment.id))).toHaveLength(2);
	});

	it('refuse a value that does not fit the question, naming the problem', () => {
		const a = newAssessment();
		expect(() => assessments.saveAnswer(analyst, a.assessment.id, 'hiring.in-person-id', input('maybe'), 0, { as: 'staff' })).toThrow(/expected one of "yes", "partial", "no"/);
		expect(() => assessments.saveAnswer(analyst, a.assessment.id, 'no.such.question', input('yes'), 0, { as: 'staff' })).toThrow(/no question no.such.question/);
		expect(() => assessments.saveAnswer(analyst, a.assessment.id, 'keys.signing-devices', input(null, { na: true }), 0, { as: 'staff' })).toThrow();
	});
});

describe('GET /assessments/[id]/texts', () => {
	const ROUTE = '/(app)/assessments/[id]/texts';
	const committee = { user: { id: 3, email: 'c@example.com', name: 'C', role: 'committee' as const }, session: null, respondent: null };
	async function response(id: number, query: string, headers: Record<string, string> = {}) {
		const { GET } = await import('../../src/routes/(app)/assessments/[id]/texts/+server');
		const event = loadEvent(ROUTE, { locals: committee, params: { id: String(id) }, path: `/assessments/${id}/texts${query}` });
		for (const [name, value] of Object.entries(headers)) (event.request as Request).headers.set(name, value);
		return (await GET(event as never)) as Response;
	}
	const texts = (id: number, query: string) => outcomeOf(() => response(id, query));

	it('answers one section’s texts to any role that reads the page, tagged, and 304 with no body to a page that has them', async () => {
		const a = newAssessment('exchange', null);
		const section = a.template.doc.sections[2];
		const first = await response(a.assessment.id, `?section=${section.id}`);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await first.json()).toEqual(textsOf(section));
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
		const again = await response(a.assessment.id, `?section=${section.id}`, { 'if-none-match': etag });
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		// Another section's tag is not this one's.
		expect((await response(a.assessment.id, `?section=${a.template.doc.sections[3].id}`, { 'if-none-match': etag })).status).toBe(200);
	});

	it('refuses a missing section with 400 and an unknown section or assessment with 404, each naming what is wrong', async () => {
		const a = newAssessment('exchange', null);
		expect(await texts(a.assessment.id, '')).toMatchObject({ label: 'error 400', detail: expect.stringMatching(/^section: /) });
		expect(await texts(a.assessment.id, '?section=nope')).toMatchObject({ label: 'error 404', detail: 'section: this questionnaire has no such section.' });
		expect(await texts(999_999, '?section=governance')).toMatchObject({ label: 'error 404', detail: 'There is no such assessment.' });
		expect((await texts(0, '?section=governance')).label).toBe('error 404');
	});
});

describe('two analysts on one assessment', () => {
	it('a stale save is refused with the newer answer, and nothing is overwritten', () => {
		const a = newAssessment();
		const id = a.assessment.id;
		// Both opened the question at version 0; the first to save wins.
		assessments.saveAnswer(analyst, id, 'social.simulation', input('yes', { note: 'Tenderly simulation attached to every request.' }), 0, { as: 'staff' });
		const err = refusalOf(() => assessments.saveAnswer(other, id, 'social.simulation', input('no'), 0, { as: 'staff' }), assessments.ConflictError);
		expect(err.current).toMatchObject({ value: 'yes', version: 1, note: 'Tenderly simulation attached to every request.' });
		expect(err.message).toMatch(/changed this answer meanwhile/);
		expect(assessments.get(id)!.answers['social.simulation']).toMatchObject({ value: 'yes', version: 1 });
		// Having seen theirs, the second analyst saves on top of version 1.
		expect(assessments.saveAnswer(other, id, 'social.simulation', input('partial'), 1, { as: 'staff' }).version).toBe(2);
	});

	it('a version for an answer that was never saved is refused cleanly, not with a crash', () => {
		const a = newAssessment();
		expect(() => assessments.saveAnswer(analyst, a.assessment.id, 'hiring.in-person-id', input('yes'), 3, { as: 'staff' })).toThrow(/out of date/);
	});

	it('a section save with one stale answer saves none of it', () => {
		const a = newAssessment();
		const id = a.assessment.id;
		assessments.saveAnswer(analyst, id, 'keys.grant-revoke', input('yes'), 0, { as: 'staff' });
		const outcome = assessments.saveAnswers(other, id, [
			{ questionId: 'keys.grant-revoke', input: input('no'), expectedVersion: 0 },
			{ questionId: 'keys.signing-devices', input: input(null), expectedVersion: 0 }
		], { as: 'staff' });
		expect(outcome.saved).toBe(0);
		expect(outcome.conflicts.map((c) => c.questionId)).toEqual(['keys.grant-revoke']);
		expect(assessments.get(id)!.answers['keys.grant-revoke'].value).toBe('yes');
	});

	it('a form naming one question twice saves nothing', () => {
		const a = newAssessment();
		const id = a.assessment.id;
		expect(() =>
			assessments.saveAnswers(analyst, id, [
				{ questionId: 'social.simulation', input: input('yes'), expectedVersion: 0 },
				{ questionId: 'keys.grant-revoke', input: input('yes'), expectedVersion: 0 },
				{ questionId: 'social.simulation', input: input('no'), expectedVersion: 0 }
			], { as: 'staff' })
		).toThrow(/appears twice/);
		expect(assessments.get(id)!.answers).toEqual({});
	});

	it('a section save names each answer the questionnaire refuses, and saves none of the form', () => {
		const a = newAssessment();
		const id = a.assessment.id;
		const outcome = assessments.saveAnswers(analyst, id, [
			{ questionId: 'social.simulation', input: input('yes'), expectedVersion: 0 },
			{ questionId: 'keys.grant-revoke', input: input('perhaps'), expectedVersion: 0 },
			{ questionId: 'hiring.in-person-id', input: input('yes'), expectedVersion: 0 },
			{ questionId: 'no.such-question', input: input('yes'), expectedVersion: 0 }
		], { as: 'staff' });
		expect(outcome.saved).toBe(0);
		expect(Object.keys(outcome.errors).sort()).toEqual(['keys.grant-revoke', 'no.such-question']);
		// Word for word what a single save of that answer says.
		expect(() => assessments.checkAnswer(a, 'keys.grant-revoke', input('perhaps'))).toThrow(outcome.errors['keys.grant-revoke']);
		expect(outcome.errors['keys.grant-revoke']).toBe('expected one of "yes", "partial", "no"');
		expect(outcome.errors['no.such-question']).toBe('The template has no question no.such-question.');
		expect(assessments.get(id)!.answers).toEqual({});
	});

	it('a batch writes every answer with one audit event naming each, in order, with its before and after', () => {
		const a = newAssessment();
		const id = a.assessment.id;
		const before = listEvents({ action: 'answer.save' }).length;
		const ids = ['social.simulation', 'keys.grant-revoke', 'hiring.in-person-id'];
		expect(assessments.saveAnswers(analyst, id, ids.map((questionId) => ({ questionId, input: input('yes'), expectedVersion: 0 })), { as: 'staff' }).saved).toBe(3);
		expect(listEvents({ action: 'answer.save' }).length).toBe(before + 1);
		const [event] = listEvents({ action: 'answer.save' });
		expect(event.entityId).toBe(String(id));
		expect(JSON.parse(event.details).answers).toEqual(
			ids.map((question) => ({ question, version: 1, from: null, to: { value: '"yes"', na: false, assurance: 'claimed', note: null } }))
		);
		// Found by any question it names, as an event per answer was.
		expect(listEvents({ action: 'answer.save', q: 'keys.grant-revoke' })[0].seq).toBe(event.seq);
		// A second save of one of them: its own event, from the first save's answer.
		expect(assessments.saveAnswers(analyst, id, [{ questionId: 'keys.grant-revoke', input: input('no'), expectedVersion: 1 }], { as: 'staff' }).saved).toBe(1);
		expect(JSON.parse(listEvents({ action: 'answer.save' })[0].details)).toMatchObject({ question: 'keys.grant-revoke', version: 2, from: { value: '"yes"' }, to: { value: '"no"' } });
		expect(verifyChain()).toMatchObject({ ok: true });
		expect(Object.values(assessments.get(id)!.answers).map((x) => [x.questionId, x.version, x.value]).sort()).toEqual(ids.map((q) => [q, q === 'keys.grant-revoke' ? 2 : 1, q === 'keys.grant-revoke' ? 'no' : 'yes']).sort());
	});
});

describe('finalising', () => {
	function finalised() {
		const a = newAssessment();
		const id = a.assessment.id;
		assessments.saveAnswer(analyst, id, 'hiring.in-person-id', input('yes', { assurance: 'verified', note: 'Saw the onboarding records.' }), 0, { as: 'staff' });
		assessments.saveAnswer(analyst, id, 'insider.revoke-hours', input(8), 0, { as: 'staff' });
		assessments.saveAnswer(analyst, id, 'governance.programme-maturity', input(3), 0, { as: 'staff' });
		assessments.submit(analyst, id, { as: 'staff' });
		supportEvidence(analyst, id);
		assessments.finalize(analyst, id, { now: Date.parse('2026-05-01T12:00:00Z') });
		return assessments.mustGet(id);
	}

	it('stores the figures as a snapshot equal to scoring the answers, and a valid-until 12 months on', () => {
		const f = finalised();
		expect(f.assessment.state).toBe('final');
		expect(f.assessment.validUntil).toBe('2027-05-01');
		expect(f.result!.result).toEqual(assessments.currentScore(f));
		expect(f.result!.templateSha256).toBe(f.template.sha256);
	});

	it('refuses a valid-until date that is not a real date, in the past, or decades away', () => {
		for (const validUntil of ['2027-02-30', '2020-01-01', '2099-01-01', '9999-99-99']) {
			const a = newAssessment();
			assessments.submit(analyst, a.assessment.id, { as: 'staff' });
			expect(() => assessments.finalize(analyst, a.assessment.id, { validUntil }), validUntil).toThrow(assessments.AssessmentError);
			expect(assessments.get(a.assessment.id)!.assessment.state).toBe('in_review');
		}
	});

	it('locks the assessment on the server', () => {
		const f = finalised();
		const id = f.assessment.id;
		expect(() => assessments.saveAnswer(analyst, id, 'hiring.in-person-id', input('no'), 1, { as: 'staff' })).toThrow(/final and locked/);
		expect(() => assessments.saveAnswers(analyst, id, [], { as: 'staff' })).toThrow(/final and locked/);
		expect(() => addLink(analyst, id, 'hiring.in-person-id', 'https://example.com/x', '')).toThrow(/final and locked/);
		expect(() => assessments.reopen(analyst, id)).toThrow(/only a in review one/);
	});

	it('and in the database, whatever path tries', () => {
		const f = finalised();
		const { sqlite } = handle();
		expect(() => sqlite.prepare(`UPDATE answers SET value = '"no"' WHERE assessment_id = ?`).run(f.assessment.id)).toThrow(/final assessment cannot be changed/);
		expect(() => sqlite.prepare(`DELETE FROM answers WHERE assessment_id = ?`).run(f.assessment.id)).toThrow(/final assessment cannot be changed/);
		expect(() => sqlite.prepare(`INSERT INTO answers (assessment_id, question_id, version, updated_at) VALUES (?, 'x', 1, 0)`).run(f.assessment.id)).toThrow(/final/);
		expect(() => sqlite.prepare(`UPDATE assessments SET state = 'draft' WHERE id = ?`).run(f.assessment.id)).toThrow(/final assessment cannot be changed/);
	});

	it('the exported answers, scored by the CLI against the exported template, equal the stored snapshot', () => {
		const f = finalised();
		const dir = db.dir();
		const templateFile = path.join(dir, 'ci-dd.json');
		const answersFile = path.join(dir, 'answers.json');
		fs.writeFileSync(templateFile, templates.exportJson('ci-dd', '1.0.0'));
		fs.writeFileSync(answersFile, JSON.stringify(assessments.answersDocument(f)));
		const r = spawnSync('node', ['src/cli/bin.js', 'score', '--template', templateFile, '--answers', answersFile], { encoding: 'utf8' });
		expect(r.stderr).toBe('');
		expect(JSON.parse(r.stdout)).toEqual(f.result!.result);
	});

	it('"amend" starts a linked draft with the same answers; the final one stays as it was', () => {
		const f = finalised();
		const amended = assessments.amend(analyst, f.assessment.id);
		expect(amended.assessment).toMatchObject({ state: 'draft', amendsId: f.assessment.id });
		expect(amended.answers['insider.revoke-hours']).toMatchObject({ value: 8, version: 1 });
		assessments.saveAnswer(analyst, amended.assessment.id, 'insider.revoke-hours', input(48), 1, { as: 'staff' });
		expect(assessments.get(f.assessment.id)!.answers['insider.revoke-hours'].value).toBe(8);
	});

	it('the final assessment points to its open amendment until that one is final, so nobody starts a second', () => {
		const f = finalised();
		expect(assessments.openAmendment(f.assessment.id)).toBeNull();
		const amended = assessments.amend(analyst, f.assessment.id);
		expect(assessments.openAmendment(f.assessment.id)).toEqual({ id: amended.assessment.id, state: 'draft' });
		assessments.submit(analyst, amended.assessment.id, { as: 'staff' });
		expect(assessments.openAmendment(f.assessment.id)).toEqual({ id: amended.assessment.id, state: 'in_review' });
		supportEvidence(analyst, amended.assessment.id);
		assessments.finalize(analyst, amended.assessment.id);
		expect(assessments.openAmendment(f.assessment.id)).toBeNull();
	});

	it('recompute reports no difference when the snapshot is right, and repairs one that is not', () => {
		const f = finalised();
		expect(assessments.recompute(analyst, f.assessment.id).changed).toBe(false);
		handle().sqlite.prepare(`UPDATE assessment_results SET score = 99, result = '{}' WHERE assessment_id = ?`).run(f.assessment.id);
		const repaired = assessments.recompute(analyst, f.assessment.id);
		expect(repaired.changed).toBe(true);
		expect(assessments.get(f.assessment.id)!.result!.result).toEqual(repaired.after);
		// Every stored figure is rewritten, not only the result.
		expect(handle().sqlite.prepare('SELECT score, grade FROM assessment_results WHERE assessment_id = ?').get(f.assessment.id)).toEqual({ score: repaired.after.overall.score, grade: repaired.after.overall.grade });
	});
});

describe('evidence files', () => {
	const file = (bytes: Uint8Array | string, name: string) => new File([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes)], name);

	it('accepts a PDF by its content, stores it once under its SHA-256, and removes it with its last reference', async () => {
		const a = newAssessment();
		const pdf = file('%PDF-1.7\n1 0 obj <<>> endobj\n', 'policy.pdf');
		const saved = await uploadEvidence(analyst, a.assessment.id, 'hiring.in-person-id', pdf);
		expect(saved).toMatchObject({ kind: 'file', mediaType: 'application/pdf', filename: 'policy.pdf' });
		expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(fs.existsSync(path.join(evidenceDir(), saved.sha256!.slice(0, 2), saved.sha256!))).toBe(true);
		removeEvidence(analyst, a.assessment.id, saved.id);
		expect(fs.existsSync(path.join(evidenceDir(), saved.sha256!.slice(0, 2), saved.sha256!))).toBe(false);
	});

	it('judges by content, not name: an executable called report.pdf is refused, leaving no file and no row', async () => {
		const a = newAssessment();
		const before = [count('evidence'), files().length];
		const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0xff, 0xff]);
		await expect(uploadEvidence(analyst, a.assessment.id, 'hiring.in-person-id', file(exe, 'report.pdf'))).rejects.toThrow(/not an accepted kind of file/);
		const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00]);
		await expect(uploadEvidence(analyst, a.assessment.id, 'hiring.in-person-id', file(zip, 'notes.txt'))).rejects.toThrow(/not an accepted kind/);
		expect([count('evidence'), files().length]).toEqual(before);
	});

	it('refuses an 11 MB file, leaving no file and no row', async () => {
		const a = newAssessment();
		const before = [count('evidence'), files().length];
		const big = new Uint8Array(11 * 1024 * 1024);
		big.set(new TextEncoder().encode('%PDF-1.7\n'));
		await expect(uploadEvidence(analyst, a.assessment.id, 'hiring.in-person-id', file(big, 'big.pdf'))).rejects.toThrow(/at most 10 MB/);
		expect([count('evidence'), files().length]).toEqual(before);
	});

	it('an upload to a final assessment is refused and its file removed', async () => {
		const a = newAssessment();
		assessments.submit(analyst, a.assessment.id, { as: 'staff' });
		supportEvidence(analyst, a.assessment.id);
		assessments.finalize(analyst, a.assessment.id);
		const before = files().length;
		await expect(uploadEvidence(analyst, a.assessment.id, 'hiring.in-person-id', file('plain text evidence, unique 8c1d', 'n.txt'))).rejects.toThrow(/final and locked/);
		expect(files().length).toBe(before);
	});
});

// Issue 8 (fuzzing) found notes, written answers and link labels stored with
// NUL or bidi overrides, megabyte answers through the plain form, and an
// unknown assurance level quietly read as "claimed".
describe('answers that hide or misstate what they say', () => {
	const textQuestion = () => newAssessment().template.doc.sections.flatMap((s) => s.questions).find((q) => q.type === 'text')!.id;

	it('a note or written answer with NUL or a text-direction override is refused, naming the question; other scripts and line breaks are kept', () => {
		const a = newAssessment();
		const id = a.assessment.id;
		expect(() => assessments.saveAnswer(analyst, id, 'hiring.in-person-id', input('yes', { note: 'Seen the log \u202Efdp.exe' }), 0, { as: 'staff' })).toThrow(/^A note cannot contain control characters/);
		expect(() => assessments.saveAnswer(analyst, id, 'hiring.in-person-id', input('yes', { note: 'Seen\u0000' }), 0, { as: 'staff' })).toThrow(/^A note cannot contain/);
		const text = textQuestion();
		expect(() => assessments.saveAnswer(analyst, id, text, input('Reviewed\u2067 yearly'), 0, { as: 'staff' })).toThrow(/^An answer cannot contain/);
		// Half a surrogate pair, as JSON's "\ud800" makes: SQLite stored it as invalid UTF-8.
		expect(() => assessments.saveAnswer(analyst, id, 'hiring.in-person-id', input('yes', { note: 'Seen \uD800' }), 0, { as: 'staff' })).toThrow(/^A note cannot contain .* or broken characters \(lone UTF-16 surrogates\)\.$/);
		expect(() => assessments.saveAnswer(analyst, id, text, input('Reviewed \uDC00 yearly'), 0, { as: 'staff' })).toThrow(/^An answer cannot contain .*lone UTF-16 surrogates/);
		expect(assessments.get(id)!.answers).toEqual({});
		const note = 'ראיתי את היומן.\nتم التحقق.';
		expect(assessments.saveAnswer(analyst, id, 'hiring.in-person-id', input('yes', { note }), 0, { as: 'staff' }).note).toBe(note);
	});

	it('a note or written answer sent as JSON with a lone surrogate is refused, naming the question', async () => {
		const a = newAssessment();
		const locals = { user: { id: 1, email: 'a@example.com', name: 'A', role: 'analyst' as const }, session: null, respondent: null };
		const put = (body: Record<string, unknown>) =>
			outcomeOf(() => autosave(bodyEvent('/(app)/assessments/[id]/answers', 'PUT', JSON.stringify({ na: false, assurance: 'claimed', note: '', expectedVersion: 0, ...body }), 'application/json', { locals, params: { id: String(a.assessment.id) } }) as never));
		// JSON.stringify writes the lone surrogate as the escape "\ud800", which JSON.parse turns back into one.
		expect(await put({ questionId: 'hiring.in-person-id', value: 'yes', note: 'Log \uD800 seen' })).toMatchObject({ kind: 'refused', label: 'response 400', data: { field: 'hiring.in-person-id', message: expect.stringMatching(/^A note cannot contain/) } });
		expect(await put({ questionId: textQuestion(), value: '\uDFFF' })).toMatchObject({ kind: 'refused', label: 'response 400', data: { message: expect.stringMatching(/^An answer cannot contain/) } });
		expect(assessments.get(a.assessment.id)!.answers).toEqual({});
	});

	it('an assurance level that is none of the three is refused, however it arrives', async () => {
		const a = newAssessment();
		const levels = /claimed.*evidenced.*verified/;
		expect(() => assessments.saveAnswer(analyst, a.assessment.id, 'hiring.in-person-id', input('yes', { assurance: 'toString' as never }), 0, { as: 'staff' })).toThrow(levels);
		// Unanswered, the entry never reaches the validator: checked all the same.
		expect(() => assessments.saveAnswer(analyst, a.assessment.id, 'hiring.in-person-id', input(null, { assurance: 'toString' as never, note: 'Asked for the log.' }), 0, { as: 'staff' })).toThrow(/^Choose an assurance level/);
		const hiring = a.template.doc.sections.find((s) => s.id === 'hiring')!;
		const form = new FormData();
		form.append('section', 'hiring');
		form.append('value:hiring.in-person-id', 'yes');
		form.append('assurance:hiring.in-person-id', '__proto__');
		const outcome = assessments.saveAnswers(analyst, a.assessment.id, sectionEntries(hiring, form), { as: 'staff' });
		expect(outcome).toMatchObject({ saved: 0, errors: { 'hiring.in-person-id': expect.stringMatching(levels) } });
		const put = await outcomeOf(() =>
			autosave(bodyEvent('/(app)/assessments/[id]/answers', 'PUT', JSON.stringify({ questionId: 'hiring.in-person-id', value: 'yes', na: false, assurance: 'bogus', note: '', expectedVersion: 0 }), 'application/json', {
				locals: { user: { id: 1, email: 'a@example.com', name: 'A', role: 'analyst' }, session: null, respondent: null },
				params: { id: String(a.assessment.id) }
			}) as never)
		);
		expect(put).toMatchObject({ kind: 'refused', label: 'response 400', data: { field: 'assurance' } });
		expect(assessments.get(a.assessment.id)!.answers).toEqual({});
	});

	it('a written answer over 10,000 characters is refused from the plain form too', () => {
		const a = newAssessment();
		const text = textQuestion();
		const section = a.template.doc.sections.find((s) => s.questions.some((q) => q.id === text))!;
		const form = new FormData();
		form.append('section', section.id);
		form.append(`value:${text}`, 'x'.repeat(10_001));
		expect(assessments.saveAnswers(analyst, a.assessment.id, sectionEntries(section, form), { as: 'staff' })).toMatchObject({ saved: 0, errors: { [text]: 'A written answer has at most 10,000 characters.' } });
	});

	it('a plain form that sends an answer twice, or a file as a note, is refused whole', () => {
		const hiring = newAssessment().template.doc.sections.find((s) => s.id === 'hiring')!;
		const twice = new FormData();
		twice.append('value:hiring.in-person-id', 'yes');
		twice.append('value:hiring.in-person-id', 'no');
		expect(sectionFormProblem(hiring, twice)).toMatchObject({ field: 'value:hiring.in-person-id' });
		const filed = new FormData();
		filed.append('note:hiring.in-person-id', new File(['x'], 'x.txt'));
		expect(sectionFormProblem(hiring, filed)).toMatchObject({ field: 'note:hiring.in-person-id' });
	});

	it('a link or its label with NUL or a text-direction override is refused', () => {
		const a = newAssessment();
		expect(() => addLink(analyst, a.assessment.id, 'hiring.in-person-id', 'https://evidence.example/\u202Efdp.exe', 'Report')).toThrow(/^A link cannot contain/);
		expect(() => addLink(analyst, a.assessment.id, 'hiring.in-person-id', 'https://evidence.example/report.pdf', 'Board\u0000minutes')).toThrow(/^A link label cannot contain/);
		expect(() => addLink(analyst, a.assessment.id, 'hiring.in-person-id', 'https://evidence.example/\uD800.pdf', 'Report')).toThrow(/^A link cannot contain/);
		expect(() => addLink(analyst, a.assessment.id, 'hiring.in-person-id', 'https://evidence.example/report.pdf', 'Board \uDC00')).toThrow(/^A link label cannot contain/);
		expect(addLink(analyst, a.assessment.id, 'hiring.in-person-id', 'https://evidence.example/report.pdf', 'محضر المجلس').label).toBe('محضر المجلس');
	});
});

describe('questions for other kinds of platform (spec §6)', () => {
	const custodyOnly = (doc: ReturnType<typeof newAssessment>['template']['doc']) =>
		doc.sections.flatMap((s) => s.questions.filter((q) => !appliesToKind(s, q, 'defi')).map((q) => q.id));

	it('a DeFi protocol’s new assessment has every question for other kinds answered N/A, naming its kind, in the transaction that creates it', () => {
		const a = newAssessment('defi', null);
		const expected = custodyOnly(a.template.doc);
		expect(expected).toEqual(expect.arrayContaining(['custody.withdrawal-policy', 'custody.hot-wallet-cap', 'keys.ccss-level']));
		const given = Object.values(a.answers);
		expect(given.map((x) => x.questionId).sort()).toEqual([...expected].sort());
		for (const x of given) {
			expect(x).toMatchObject({ na: true, value: null, notApplicableTo: 'defi', version: 1 });
			expect(x.note).toMatch(/^Not applicable to DeFi protocol: this question applies to .*centralised exchanges.* only\.$/);
		}
		expect(a.answers['custody.insurance'].note).toBe('Not applicable to DeFi protocol: this question applies to centralised exchanges, custodians and platforms of other kinds only.');
		// The protocol questions are asked: none is answered yet.
		expect(a.answers['protocol.upgrade-timelock']).toBeUndefined();
		const created = listEvents({ action: 'assessment.create' }).find((e) => e.entityId === String(a.assessment.id))!;
		expect(JSON.parse(created.details)).toMatchObject({ version: '2.0.0', notApplicable: { kind: 'defi', questions: expected } });
		// Dropped out of the figures as any N/A: the custody section is not applicable, and its knock-outs are not checked.
		const result = assessments.currentScore(assessments.mustGet(a.assessment.id));
		expect(result.sections.find((s) => s.id === 'custody')).toMatchObject({ applicable: false, score: null });
		expect(result.knockouts.map((k) => k.question)).not.toContain('custody.withdrawal-policy');
	});

	it('an exchange gets the DeFi protocol questions as N/A, and a platform of another kind is asked everything', () => {
		const exchange = newAssessment('exchange', null);
		expect(exchange.answers['protocol.upgrade-timelock']).toMatchObject({ na: true, notApplicableTo: 'exchange' });
		expect(exchange.answers['custody.withdrawal-policy']).toBeUndefined();
		expect(Object.keys(newAssessment('other', null).answers)).toEqual([]);
		// ci-dd 1.0.0 has no appliesTo: nothing is answered for anyone.
		expect(Object.keys(newAssessment('defi').answers)).toEqual([]);
	});

	it('a self-assessment starts the same way, and the platform may keep or replace those answers', () => {
		const p = platforms.create(analyst, { name: `Platform ${++platformSeq}`, kind: 'defi', status: 'prospect', jurisdictions: [], tags: [], website: '', description: '' });
		const self = assessments.create(analyst, { platformId: p.id, templateKey: 'ci-dd', assessorIds: [], dueDate: null }, { origin: 'self' });
		expect(self.answers['custody.withdrawal-policy']).toMatchObject({ na: true, notApplicableTo: 'defi' });
	});

	it('changing the platform’s kind rewrites nothing; a person saving the answer makes it theirs', () => {
		const a = newAssessment('defi', null);
		const before = assessments.mustGet(a.assessment.id).answers;
		const p = platforms.get(a.assessment.platformId)!;
		platforms.update(analyst, p.id, { name: p.name, kind: 'exchange', status: p.status, jurisdictions: [], tags: [], website: '', description: '' }, p.version);
		const after = assessments.mustGet(a.assessment.id);
		expect(after.platform.kind).toBe('exchange');
		expect(after.answers).toEqual(before);
		// A person's N/A on a question limited to some kinds is accepted, and is theirs.
		const saved = assessments.saveAnswer(other, a.assessment.id, 'custody.withdrawal-policy', input(null, { na: true, note: 'Checked: no hot wallet at all.' }), 1, { as: 'staff' });
		expect(saved).toMatchObject({ na: true, notApplicableTo: null, version: 2 });
		const answered = assessments.saveAnswer(other, a.assessment.id, 'custody.hot-wallet-cap', input('none'), 1, { as: 'staff' });
		expect(answered).toMatchObject({ na: false, notApplicableTo: null });
	});

	it('an amendment keeps the N/A given for the kind as it was', () => {
		const a = newAssessment('defi', null);
		const doc = a.template.doc;
		// Answer everything that applies, at its first option, and finalise.
		const entries = doc.sections.flatMap((s) =>
			s.questions
				.filter((q) => appliesToKind(s, q, 'defi') && q.type !== 'text')
				.map((q) => ({ questionId: q.id, input: input(firstValue(q)), expectedVersion: 0 }))
		);
		const saved = assessments.saveAnswers(analyst, a.assessment.id, entries, { as: 'staff' });
		expect(saved.errors).toEqual({});
		assessments.submit(analyst, a.assessment.id, { as: 'staff' });
		supportEvidence(analyst, a.assessment.id);
		assessments.finalize(analyst, a.assessment.id, {});
		const amended = assessments.amend(analyst, a.assessment.id);
		expect(amended.answers['custody.withdrawal-policy']).toMatchObject({ na: true, notApplicableTo: 'defi' });
		expect(amended.answers['protocol.upgrade-timelock']).toMatchObject({ notApplicableTo: null });
	});
});

function firstValue(q: Question): AnswerInput['value'] {
	switch (q.type) {
		case 'yes_no':
		case 'yes_partial_no':
			return 'yes';
		case 'maturity':
			return 3;
		case 'choice':
			return q.options[0].value;
		case 'multi_choice':
			return [q.options[0].value];
		case 'number':
		case 'percent':
			return 10;
		default:
			return 'text';
	}
}
