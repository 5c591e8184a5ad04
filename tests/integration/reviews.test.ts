import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents } from '../../src/lib/server/audit';
import { handle } from '../../src/lib/server/db/index';
import type { Role } from '../../src/lib/server/db/schema';
import * as platforms from '../../src/lib/server/platforms';
import * as reviews from '../../src/lib/server/reviews';
import { ReviewError, type NewReview, type ReviewActor, type ReviewDetail } from '../../src/lib/server/reviews';
import * as templates from '../../src/lib/server/templates';
import * as users from '../../src/lib/server/auth/users';
import { useTempDatabase } from '../helpers/database';
import { refusalOf } from '../helpers/refusal';
import { loadEvent, type Locals } from '../helpers/request-event';
import { load as reviewPage } from '../../src/routes/(app)/reviews/[id]/+page.server';
import { load as memoPage } from '../../src/routes/(app)/reviews/[id]/memo/+page.server';
import { supportEvidence } from '../helpers/evidence';

useTempDatabase();
const cli = { id: null, label: 'cli' };

const sections = [
	{
		id: 'a',
		title: 'Section A',
		weight: 60,
		questions: [
			{ id: 'a1', prompt: 'Control one?', type: 'yes_no' },
			{ id: 'a2', prompt: 'Control two?', type: 'yes_partial_no' }
		]
	},
	{
		id: 'b',
		title: 'Section B',
		weight: 40,
		questions: [
			{ id: 'b1', prompt: 'Maturity?', type: 'maturity' },
			{ id: 'b2', prompt: 'Control three?', type: 'yes_no' }
		]
	}
];
const V1 = { format: 'clearance-template/1', key: 'rv', version: '1.0.0', title: 'Review test', sections };
/** The next version adds a section the first does not have. */
const V2 = { ...V1, version: '1.1.0', sections: [...sections, { id: 'c', title: 'Section C', weight: 20, questions: [{ id: 'c1', prompt: 'New control?', type: 'yes_no' }] }] };
const OTHER = { format: 'clearance-template/1', key: 'other', version: '1.0.0', title: 'Other questionnaire', sections: [sections[0]] };

type Answers = Record<string, string | number>;

function finalAssessment(platformId: number, answers: Answers, version = '1.0.0', key = 'rv'): number {
	const { id } = assessments.create(cli, { platformId, templateKey: key, templateVersion: version, assessorIds: [], dueDate: null }).assessment;
	for (const [q, value] of Object.entries(answers)) assessments.saveAnswer(cli, id, q, { value, na: false, assurance: 'claimed', note: '' }, 0, { as: 'staff' });
	assessments.submit(cli, id, { as: 'staff' });
	supportEvidence(cli, id);
	assessments.finalize(cli, id);
	return id;
}

function newPlatform(name: string): number {
	return platforms.create(cli, { name, kind: 'exchange', status: 'under_review', jurisdictions: [], tags: [], website: '', description: '' }).id;
}

async function person(name: string, role: Role): Promise<ReviewActor> {
	const u = await users.create(cli, { email: `${name}@example.com`, name, role, password: 'a long enough passphrase' });
	return { id: u.id, label: u.email, role: u.role };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const storedResult = (assessmentId: number) => (handle().sqlite.prepare('SELECT result FROM assessment_results WHERE assessment_id = ?').get(assessmentId) as { result: string }).result;
const count = (table: string) => (handle().sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const refusal = (fn: () => unknown) => refusalOf(fn, ReviewError);

let chair: ReviewActor, ana: ReviewActor, bo: ReviewActor, outsider: ReviewActor, admin: ReviewActor, gone: ReviewActor;
const p: Record<string, number> = {};
const a: Record<string, number> = {};

beforeAll(async () => {
	chair = await person('chair', 'analyst');
	ana = await person('ana', 'committee');
	bo = await person('bo', 'committee');
	outsider = await person('outsider', 'committee');
	admin = await person('admin', 'admin');
	gone = await person('gone', 'committee');
	users.setDisabled(cli, gone.id, true);
	templates.importDocument(cli, V1, { publish: true });
	templates.importDocument(cli, V2, { publish: true });
	templates.importDocument(cli, OTHER, { publish: true });
	for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot']) p[name] = newPlatform(name);
	a.alphaOld = finalAssessment(p.Alpha, { a1: 'no', a2: 'no', b1: 1, b2: 'no' });
	a.alpha = finalAssessment(p.Alpha, { a1: 'yes', a2: 'partial', b1: 3, b2: 'yes' });
	a.bravo = finalAssessment(p.Bravo, { a1: 'yes', a2: 'yes', b1: 2, b2: 'no' });
	a.charlie = finalAssessment(p.Charlie, { a1: 'no', a2: 'partial', b1: 4, b2: 'yes' });
	a.delta = finalAssessment(p.Delta, { a1: 'yes', a2: 'yes', b1: 4, b2: 'yes', c1: 'no' }, '1.1.0');
	a.echo = finalAssessment(p.Echo, { a1: 'yes', a2: 'yes' }, '1.0.0', 'other');
	// Foxtrot only has a draft.
	a.foxtrotDraft = assessments.create(cli, { platformId: p.Foxtrot, templateKey: 'rv', templateVersion: '1.0.0', assessorIds: [], dueDate: null }).assessment.id;
});

const base = (): NewReview => ({
	title: 'Q3 custody mandate',
	mandate: 'Choose which exchanges may hold client assets from January.',
	candidates: [{ platformId: p.Alpha }, { platformId: p.Bravo }],
	members: [ana.id, bo.id]
});

describe('opening a review', () => {
	it('refuses each bad field by name and writes nothing', () => {
		const before = { reviews: count('reviews'), candidates: count('review_candidates'), members: count('review_members'), audit: count('audit_events') };
		const cases: Array<[Partial<NewReview>, string, RegExp]> = [
			[{ title: '   ' }, 'title', /Give the review a title/],
			[{ title: 'x'.repeat(201) }, 'title', /at most 200 characters/],
			[{ mandate: '' }, 'mandate', /mandate/],
			[{ mandate: 'x'.repeat(5001) }, 'mandate', /at most 5,000 characters/],
			// Issue 8 (fuzzing): NUL and text-direction overrides were stored; a title is also one line.
			[{ title: 'Q3 custody \u202Eetadnam' }, 'title', /^A title cannot contain control characters \(such as NUL, tabs or line breaks\)/],
			[{ title: 'Q3\tcustody' }, 'title', /^A title cannot contain/],
			[{ mandate: 'Choose\u0000 which exchanges' }, 'mandate', /^The mandate cannot contain control characters \(such as NUL\)/],
			[{ title: 'Q3 custody \uD800' }, 'title', /^A title cannot contain .*lone UTF-16 surrogates/],
			[{ mandate: 'Choose \uDC00 which exchanges' }, 'mandate', /^The mandate cannot contain .*lone UTF-16 surrogates/],
			[{ candidates: [{ platformId: p.Alpha }] }, 'candidates', /at least two/],
			[{ candidates: Array.from({ length: 13 }, (_, i) => ({ platformId: i + 1 })) }, 'candidates', /at most 12/],
			[{ candidates: [{ platformId: p.Alpha }, { platformId: p.Alpha }] }, 'candidates', /Alpha is listed twice/],
			[{ candidates: [{ platformId: p.Alpha }, { platformId: p.Foxtrot }] }, 'candidates', /Foxtrot has no final assessment/],
			[{ candidates: [{ platformId: p.Alpha }, { platformId: 99_999 }] }, 'candidates', /no platform 99999/],
			[{ candidates: [{ platformId: p.Alpha }, { platformId: p.Bravo, assessmentId: a.charlie }] }, 'candidates', /not an assessment of Bravo/],
			[{ candidates: [{ platformId: p.Alpha }, { platformId: p.Foxtrot, assessmentId: a.foxtrotDraft }] }, 'candidates', /of Foxtrot is not final/],
			[{ candidates: [{ platformId: p.Alpha }, { platformId: p.Echo }] }, 'candidates', /same questionnaire.*Alpha on rv; Echo on other/],
			[{ weights: { name: 'Custody-heavy', sections: { a: 1, c: 2 } } }, 'weights', /c is not a section of every candidate/],
			[{ weights: { name: null, sections: { a: -1 } } }, 'weights', /weight from 0 to 1,000,000/],
			[{ weights: { name: null, sections: { a: Number.NaN } } }, 'weights', /weight from 0 to 1,000,000/],
			[{ weights: { name: null, sections: { a: 1e308 } } }, 'weights', /weight from 0 to 1,000,000/],
			[{ weights: { name: null, sections: { a: 0, b: 0 } } }, 'weights', /at least one section a weight above 0/],
			[{ members: [ana.id, 424_242] }, 'members', /no user 424242/],
			[{ members: [gone.id] }, 'members', /gone’s account is disabled/]
		];
		for (const [change, field, message] of cases) {
			const err = refusal(() => reviews.create(chair, { ...base(), ...change }));
			expect([err.field, err.message]).toEqual([field, expect.stringMatching(message)]);
		}
		// Several problems at once: each named, keyed by platform.
		const err = refusal(() => reviews.create(chair, { ...base(), candidates: [{ platformId: p.Foxtrot }, { platformId: 99_999 }] }));
		expect(err.problems).toEqual({ [p.Foxtrot]: expect.stringMatching(/Foxtrot/), 99999: expect.stringMatching(/no platform/) });
		// Section c is common only when every candidate has it.
		expect(refusal(() => reviews.create(chair, { ...base(), candidates: [{ platformId: p.Alpha }, { platformId: p.Delta }], weights: { name: null, sections: { c: 1 } } })).problems).toEqual({
			c: expect.stringMatching(/not a section of every candidate/)
		});
		expect({ reviews: count('reviews'), candidates: count('review_candidates'), members: count('review_members'), audit: count('audit_events') }).toEqual(before);
	});

	it('pins each candidate to the exact stored result text and its SHA-256', () => {
		const r = reviews.create(chair, { ...base(), candidates: [{ platformId: p.Alpha }, { platformId: p.Delta }, { platformId: p.Bravo, assessmentId: a.bravo }] });
		expect(r.candidates.map((c) => [c.platform.name, c.assessmentId, c.position])).toEqual([
			['Alpha', a.alpha, 0], // the latest final, not the older one
			['Delta', a.delta, 1],
			['Bravo', a.bravo, 2]
		]);
		const rows = handle().sqlite.prepare('SELECT assessment_id, result, result_sha256 FROM review_candidates WHERE review_id = ? ORDER BY position').all(r.id) as Array<{ assessment_id: number; result: string; result_sha256: string }>;
		for (const [i, row] of rows.entries()) {
			expect(row.result).toBe(storedResult(row.assessment_id));
			expect(row.result_sha256).toBe(sha256(storedResult(row.assessment_id)));
			expect(r.candidates[i].resultSha256).toBe(row.result_sha256);
			expect(r.candidates[i].result).toEqual(assessments.get(row.assessment_id)!.result!.result);
			expect(r.candidates[i].intact).toBe(true);
		}
		// Default weights: the newest version's, over the sections every candidate has (c is Delta's only).
		expect(r.weights).toEqual({ a: 60, b: 40 });
		expect(r.profileName).toBeNull();
		expect(r.templateKey).toBe('rv');
		expect(Object.keys(r.templates).map(Number).sort()).toEqual([...new Set(r.candidates.map((c) => c.templateVersionId))].sort());
		expect(r.templates[r.candidates[1].templateVersionId].doc.sections.map((s) => s.id)).toEqual(['a', 'b', 'c']);
		// The chair sits on the committee.
		expect(r.members.map((m) => m.name).sort()).toEqual(['ana', 'bo', 'chair']);
		expect([r.chair.name, r.isChair, r.isMember, r.status]).toEqual(['chair', true, true, 'open']);
		const audit = listEvents({ action: 'review.create' }).find((e) => e.entityId === String(r.id))!;
		expect(JSON.parse(audit.details).candidates.map((c: { resultSha256: string }) => c.resultSha256)).toEqual(rows.map((x) => x.result_sha256));
	});

	it('pins a profile’s weights over the template’s, keeping its name', () => {
		const r = reviews.create(chair, { ...base(), weights: { name: ' Custody-heavy ', sections: { b: 80 } } });
		expect([r.profileName, r.weights]).toEqual(['Custody-heavy', { a: 60, b: 80 }]);
	});
});

describe('the committee’s words', () => {
	it('a vote’s or a decision’s rationale with NUL or a text-direction override is refused; several lines and other scripts are kept', () => {
		const r = reviews.create(chair, base());
		const [first, second] = r.candidates.map((c) => c.id);
		expect(refusal(() => reviews.vote(ana, r.id, first, 'approve', 'Strong \u2066custody'))).toMatchObject({ field: 'rationale', message: expect.stringMatching(/^A rationale cannot contain/) });
		expect(refusal(() => reviews.decide(chair, r.id, { [first]: 'approve', [second]: 'reject' }, 'Agreed\u0000'))).toMatchObject({ field: 'rationale', message: expect.stringMatching(/^The rationale cannot contain/) });
		expect(refusal(() => reviews.vote(ana, r.id, first, 'approve', 'Strong \uD800'))).toMatchObject({ field: 'rationale', message: expect.stringMatching(/^A rationale cannot contain .*lone UTF-16 surrogates/) });
		expect(refusal(() => reviews.decide(chair, r.id, { [first]: 'approve', [second]: 'reject' }, 'Agreed \uDFFF'))).toMatchObject({ field: 'rationale', message: expect.stringMatching(/^The rationale cannot contain/) });
		expect(reviews.get(chair, r.id)!.status).toBe('open');
		reviews.vote(ana, r.id, first, 'approve', 'حفظ قوي.\nStrong custody.');
		expect(reviews.get(ana, r.id)!.votes[0].rationale).toBe('حفظ قوي.\nStrong custody.');
	});
});

describe('a decided review', () => {
	it('shows the figures the committee saw, whatever happens to the assessments later', () => {
		const r = reviews.create(chair, { ...base(), candidates: [{ platformId: p.Alpha }, { platformId: p.Bravo }, { platformId: p.Charlie }] });
		const [alpha, bravo, charlie] = r.candidates;
		reviews.vote(ana, r.id, alpha.id, 'approve', 'Strong custody controls.');
		reviews.vote(bo, r.id, alpha.id, 'conditional', 'Approve once the hiring log is evidenced.');
		reviews.vote(ana, r.id, bravo.id, 'reject', 'No maturity in section B.');
		reviews.vote(chair, r.id, charlie.id, 'conditional', 'Knock-out risk in section A.');
		reviews.decide(chair, r.id, { [alpha.id]: 'approve', [bravo.id]: 'reject', [charlie.id]: 'conditional' }, 'Alpha approved; Charlie subject to remediation.', {
			conditions: { [charlie.id]: [{ text: 'Remediate the section A knock-out.', dueOn: '2099-01-31' }] }
		});
		const seen = reviews.get(ana, r.id)!;
		const document = JSON.stringify(reviews.exportDocument(ana, r.id));
		const figures = (d: ReviewDetail) => ({
			candidates: d.candidates.map((c) => ({ id: c.id, assessmentId: c.assessmentId, resultSha256: c.resultSha256, result: c.result, claimedResult: c.claimedResult, decision: c.decision })),
			votes: d.votes,
			weights: d.weights,
			decision: [d.status, d.decisionRationale, d.decidedBy, d.decidedAt]
		});

		// Alpha is reassessed: amended and finalised with a different answer.
		const amended = assessments.amend(cli, alpha.assessmentId).assessment.id;
		assessments.saveAnswer(cli, amended, 'a1', { value: 'no', na: false, assurance: 'claimed', note: '' }, 1, { as: 'staff' });
		assessments.submit(cli, amended, { as: 'staff' });
		supportEvidence(cli, amended);
		assessments.finalize(cli, amended);
		const newer = assessments.mustGet(amended);
		expect(newer.result!.result.overall.score).not.toBe(alpha.result.overall.score);
		// Bravo's stored figures are recomputed (nothing changed), then rewritten behind the app's back.
		expect(assessments.recompute(cli, bravo.assessmentId).changed).toBe(false);
		const live = JSON.parse(storedResult(bravo.assessmentId));
		live.overall.score = 99;
		handle().sqlite.prepare('UPDATE assessment_results SET result = ?, score = 99 WHERE assessment_id = ?').run(JSON.stringify(live), bravo.assessmentId);

		const after = reviews.get(ana, r.id)!;
		expect(figures(after)).toEqual(figures(seen));
		expect(JSON.stringify(reviews.exportDocument(ana, r.id))).toBe(document);
		// What changed is flagged, not shown as the committee's figures.
		expect(after.candidates.map((c) => [c.platform.name, c.intact, c.newerAssessmentId])).toEqual([
			['Alpha', true, amended],
			['Bravo', false, null],
			['Charlie', true, null]
		]);
		// A recompute puts the true figures back: they hash to the pinned SHA again.
		expect(assessments.recompute(cli, bravo.assessmentId).changed).toBe(true);
		const restored = reviews.get(ana, r.id)!;
		expect(restored.candidates[1].intact).toBe(true);
		expect(figures(restored)).toEqual(figures(seen));
	});

	it('cannot be changed through the module or the database', () => {
		const r = reviews.create(chair, base());
		const [first, second] = r.candidates;
		reviews.vote(ana, r.id, first.id, 'approve', 'Fine.');
		const { sqlite } = handle();
		// Open: the pinned figures are fixed already, and a candidate is never removed.
		expect(() => sqlite.prepare(`UPDATE review_candidates SET result = '{}' WHERE id = ?`).run(first.id)).toThrow(/pinned assessment cannot be changed/);
		expect(() => sqlite.prepare(`UPDATE review_candidates SET assessment_id = ? WHERE id = ?`).run(a.alphaOld, first.id)).toThrow(/pinned assessment cannot be changed/);
		expect(() => sqlite.prepare(`DELETE FROM review_candidates WHERE id = ?`).run(first.id)).toThrow(/cannot be removed/);
		expect(() => sqlite.prepare(`UPDATE reviews SET weights = '{"a":1}' WHERE id = ?`).run(r.id)).toThrow(/pinned when it opens/);
		expect(() => sqlite.prepare(`INSERT INTO review_votes (review_id, candidate_id, user_id, outcome, rationale, created_at, updated_at) VALUES (?, ?, ?, 'approve', 'x', 0, 0)`).run(r.id + 1000, first.id, bo.id)).toThrow();

		reviews.decide(admin, r.id, { [first.id]: 'approve', [second.id]: 'reject' }, 'Decided by the admin standing in for the chair.');
		expect(refusal(() => reviews.vote(ana, r.id, first.id, 'reject', 'Changed my mind.')).field).toBe('status');
		expect(refusal(() => reviews.decide(chair, r.id, { [first.id]: 'reject', [second.id]: 'reject' }, 'Again.')).field).toBe('status');
		expect(refusal(() => reviews.addMember(chair, r.id, outsider.id)).field).toBe('status');
		const frozen = [
			[`UPDATE reviews SET title = 'Renamed' WHERE id = ?`, r.id],
			[`UPDATE reviews SET status = 'open' WHERE id = ?`, r.id],
			[`DELETE FROM reviews WHERE id = ?`, r.id],
			[`UPDATE review_votes SET outcome = 'reject' WHERE review_id = ?`, r.id],
			[`DELETE FROM review_votes WHERE review_id = ?`, r.id],
			[`INSERT INTO review_votes (review_id, candidate_id, user_id, outcome, rationale, created_at, updated_at) VALUES (?, ${second.id}, ${bo.id}, 'approve', 'late', 0, 0)`, r.id],
			[`UPDATE review_candidates SET decision = 'approve' WHERE review_id = ?`, r.id],
			[`UPDATE review_candidates SET result = '{}' WHERE review_id = ?`, r.id],
			[`INSERT INTO review_members (review_id, user_id, added_at) VALUES (?, ${outsider.id}, 0)`, r.id],
			[`DELETE FROM review_members WHERE review_id = ?`, r.id]
		] as const;
		for (const [statement, id] of frozen) expect(() => sqlite.prepare(statement).run(id), statement).toThrow(/a decided review cannot be changed/);
		expect(() => sqlite.prepare(`DELETE FROM review_candidates WHERE review_id = ?`).run(r.id)).toThrow(/cannot be removed/);
		const d = reviews.get(chair, r.id)!;
		expect([d.status, d.decidedBy?.name, d.candidates.map((c) => c.decision), d.votes.length]).toEqual(['decided', 'admin', ['approve', 'reject'], 1]);
	});
});

describe('who sees and does what', () => {
	it('shows a review to its members and chair, and every review to admins; to others it does not exist', () => {
		const r = reviews.create(chair, { ...base(), members: [ana.id] });
		expect(reviews.get(outsider, r.id)).toBeUndefined();
		expect(reviews.get(bo, r.id)).toBeUndefined();
		expect(reviews.get(ana, 424_242)).toBeUndefined();
		expect(reviews.exportDocument(outsider, r.id)).toBeUndefined();
		expect(reviews.get(ana, r.id)).toMatchObject({ isMember: true, isChair: false });
		expect(reviews.get(admin, r.id)).toMatchObject({ isMember: false, isChair: true });
		expect(reviews.list(outsider).map((x) => x.id)).not.toContain(r.id);
		const listed = reviews.list(ana).find((x) => x.id === r.id)!;
		expect(listed).toMatchObject({ title: 'Q3 custody mandate', status: 'open', chair: { id: chair.id, name: 'chair' }, candidateCount: 2, voteCount: 0 });
		expect(reviews.list(admin).map((x) => x.id)).toEqual(
			(handle().sqlite.prepare('SELECT id FROM reviews ORDER BY created_at DESC, id DESC').all() as Array<{ id: number }>).map((x) => x.id)
		);
	});

	it('takes votes from members only, with a reason; a member may change their vote while open', () => {
		const r = reviews.create(chair, base());
		const other = reviews.create(chair, base());
		const [alpha] = r.candidates;
		expect(refusal(() => reviews.vote(outsider, r.id, alpha.id, 'approve', 'Looks fine.'))).toMatchObject({ field: 'reviewId' });
		expect(refusal(() => reviews.vote(admin, r.id, alpha.id, 'approve', 'Looks fine.'))).toMatchObject({ field: 'member' });
		expect(refusal(() => reviews.vote(ana, r.id, alpha.id, 'maybe' as reviews.Outcome, 'Unsure.'))).toMatchObject({ field: 'outcome' });
		expect(refusal(() => reviews.vote(ana, r.id, alpha.id, 'approve', '  '))).toMatchObject({ field: 'rationale' });
		expect(refusal(() => reviews.vote(ana, r.id, alpha.id, 'approve', 'x'.repeat(2001)))).toMatchObject({ field: 'rationale' });
		expect(refusal(() => reviews.vote(ana, r.id, other.candidates[0].id, 'approve', 'Wrong review.'))).toMatchObject({ field: 'candidateId' });
		expect(reviews.get(ana, r.id)!.votes).toEqual([]);

		reviews.vote(ana, r.id, alpha.id, 'approve', 'Strong controls.');
		reviews.vote(ana, r.id, alpha.id, 'conditional', 'On reflection: evidence the hiring log first.');
		expect(reviews.get(ana, r.id)!.votes).toEqual([{ candidateId: alpha.id, userId: ana.id, userName: 'ana', outcome: 'conditional', rationale: 'On reflection: evidence the hiring log first.', updatedAt: expect.any(Number) }]);
		const audit = listEvents({ action: 'review.vote' }).filter((e) => e.entityId === String(r.id)).map((e) => JSON.parse(e.details));
		expect(audit[0]).toMatchObject({ candidateId: alpha.id, platform: 'Alpha', from: { outcome: 'approve', rationale: 'Strong controls.' }, to: { outcome: 'conditional' } });
		expect(audit[1]).toMatchObject({ from: null, to: { outcome: 'approve' } });
	});

	it('takes the decision from the chair or an admin, with an outcome for every candidate and a rationale', () => {
		const r = reviews.create(chair, base());
		const [alpha, bravo] = r.candidates;
		expect(refusal(() => reviews.decide(ana, r.id, { [alpha.id]: 'approve', [bravo.id]: 'approve' }, 'Both fine.'))).toMatchObject({ field: 'chair' });
		expect(refusal(() => reviews.decide(outsider, r.id, { [alpha.id]: 'approve', [bravo.id]: 'approve' }, 'Both fine.'))).toMatchObject({ field: 'reviewId' });
		const missing = refusal(() => reviews.decide(chair, r.id, { [alpha.id]: 'approve' }, 'Half decided.'));
		expect([missing.field, missing.message, missing.problems]).toEqual(['decisions', 'Choose approve, conditional or reject for Bravo.', { [bravo.id]: 'Choose approve, conditional or reject for Bravo.' }]);
		expect(refusal(() => reviews.decide(chair, r.id, { [alpha.id]: 'approve', [bravo.id]: 'approve' }, ''))).toMatchObject({ field: 'rationale' });
		expect(reviews.get(chair, r.id)!.status).toBe('open');

		const d = reviews.decide(chair, r.id, { [alpha.id]: 'approve', [bravo.id]: 'conditional' }, 'Alpha now; Bravo once its section B matures.', {
			now: 1_800_000_000_000,
			conditions: { [bravo.id]: [{ text: 'Section B at maturity 3 or better.', dueOn: '2099-06-30' }] }
		});
		expect([d.status, d.decisionRationale, d.decidedBy, d.decidedAt]).toEqual(['decided', 'Alpha now; Bravo once its section B matures.', { id: chair.id, name: 'chair' }, 1_800_000_000_000]);
		const audit = listEvents({ action: 'review.decide' }).find((e) => e.entityId === String(r.id))!;
		expect(JSON.parse(audit.details)).toMatchObject({
			rationale: 'Alpha now; Bravo once its section B matures.',
			decisions: [
				{ candidateId: alpha.id, platform: 'Alpha', resultSha256: alpha.resultSha256, decision: 'approve' },
				{ candidateId: bravo.id, platform: 'Bravo', resultSha256: bravo.resultSha256, decision: 'conditional' }
			]
		});
		const doc = reviews.exportDocument(chair, r.id)!;
		expect(doc.format).toBe('clearance-review/1');
		expect(doc.decision).toEqual({ rationale: 'Alpha now; Bravo once its section B matures.', decidedBy: { id: chair.id, name: 'chair' }, decidedAt: new Date(1_800_000_000_000).toISOString() });
		// Anyone holding the document can check the figures against their pinned hashes.
		for (const c of doc.candidates) expect(sha256(JSON.stringify(c.result))).toBe(c.resultSha256);
	});

	it('lets the chair seat more members while the review is open', () => {
		const r = reviews.create(chair, { ...base(), members: [] });
		expect(refusal(() => reviews.addMember(ana, r.id, bo.id)).field).toBe('reviewId');
		expect(refusal(() => reviews.addMember(chair, r.id, gone.id)).message).toMatch(/disabled/);
		expect(refusal(() => reviews.addMember(chair, r.id, chair.id)).message).toMatch(/member already/);
		expect(refusal(() => reviews.addMember(chair, r.id, 424_242)).field).toBe('userId');
		const d = reviews.addMember(chair, r.id, bo.id);
		expect(d.members.map((m) => m.name)).toEqual(['chair', 'bo']);
		reviews.vote(bo, r.id, d.candidates[0].id, 'approve', 'Seen it.');
		expect(reviews.get(bo, r.id)!.votes).toHaveLength(1);
		expect(listEvents({ action: 'review.add_member' }).some((e) => e.entityId === String(r.id) && JSON.parse(e.details).userId === bo.id)).toBe(true);
	});
});

describe('votes stay sealed until I have voted', () => {
	const localsOf = (who: ReviewActor, name: string): Locals => ({ user: { id: who.id, email: `${name}@example.com`, name, role: who.role }, session: null, mustEnrol: false, respondent: null });
	/** What the page's load sends to the browser, serialised as kit would: nothing else reaches the member. */
	const sent = (fn: typeof reviewPage | typeof memoPage, who: ReviewActor, name: string, id: number) =>
		JSON.stringify(fn(loadEvent('/(app)/reviews/[id]', { locals: localsOf(who, name), params: { id: String(id) }, path: `/reviews/${id}` }) as never));

	it('sends a member none of the others’ outcomes or reasons on a candidate until they vote on it; the chair who has not voted sees only how many are in', () => {
		const r = reviews.create(chair, base());
		const [alpha, bravo] = r.candidates;
		reviews.vote(bo, r.id, alpha.id, 'reject', 'SEALED-BO-ALPHA weak hiring controls.');
		reviews.vote(bo, r.id, bravo.id, 'approve', 'SEALED-BO-BRAVO strong custody.');

		// Ana has not voted: neither the page nor the memo nor the export carries Bo's words or outcomes.
		for (const body of [sent(reviewPage, ana, 'ana', r.id), sent(memoPage, ana, 'ana', r.id), JSON.stringify(reviews.exportDocument(ana, r.id))]) {
			expect(body).not.toContain('SEALED-BO');
			expect(body).not.toContain('"reject"');
		}
		const before = reviews.get(ana, r.id)!;
		expect([before.votes, before.sealed, before.ballots]).toEqual([
			[],
			[alpha.id, bravo.id],
			[
				{ candidateId: alpha.id, userId: bo.id },
				{ candidateId: bravo.id, userId: bo.id }
			]
		]);
		// The chair has not voted either: two votes are in, what they say is not sent.
		const chairSees = reviews.get(chair, r.id)!;
		expect([chairSees.isChair, chairSees.votes, chairSees.ballots.length]).toEqual([true, [], 2]);
		expect(sent(reviewPage, chair, 'chair', r.id)).not.toContain('SEALED-BO');
		// An admin outside the committee cannot vote, so sees the count until the decision.
		expect([reviews.get(admin, r.id)!.votes, reviews.get(admin, r.id)!.ballots.length]).toEqual([[], 2]);

		// Ana votes on Alpha: Bo's vote on Alpha opens to her, Bravo stays sealed.
		reviews.vote(ana, r.id, alpha.id, 'approve', 'Good enough.');
		const after = reviews.get(ana, r.id)!;
		expect(after.sealed).toEqual([bravo.id]);
		expect(after.votes.map((v) => [v.userName, v.candidateId, v.outcome])).toEqual([
			['ana', alpha.id, 'approve'],
			['bo', alpha.id, 'reject']
		]);
		const page = sent(reviewPage, ana, 'ana', r.id);
		expect(page).toContain('SEALED-BO-ALPHA');
		expect(page).not.toContain('SEALED-BO-BRAVO');
		// Bo, who voted on both, reads Ana's vote.
		expect(reviews.get(bo, r.id)!.votes.filter((v) => v.userId === ana.id)).toHaveLength(1);

		// Once decided, everyone reads every vote: the record is complete.
		reviews.decide(chair, r.id, { [alpha.id]: 'conditional', [bravo.id]: 'approve' }, 'Alpha on conditions; Bravo approved.', { conditions: { [alpha.id]: [{ text: 'Evidence the hiring log.', dueOn: '2099-01-31' }] } });
		for (const who of [ana, chair, admin]) expect([reviews.get(who, r.id)!.votes.length, reviews.get(who, r.id)!.sealed]).toEqual([3, []]);
		expect(sent(memoPage, ana, 'ana', r.id)).toContain('SEALED-BO-BRAVO');
		expect(reviews.exportDocument(ana, r.id)!.votes).toHaveLength(3);
	});
});
