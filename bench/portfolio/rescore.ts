// The whole portfolio under a new weight profile, two ways:
//  - from the answers: every final assessment's stored answers (verified ones
//    for self-assessments) read in bulk and scored again by the pure engine;
//  - from the snapshots: each stored result re-weighed, as compare does live.
// Scoring the answers under the template's own weights must give back every
// stored snapshot exactly; that is checked, so the timing is of real work.
//
// The bulk read is raw SQL, not drizzle: ~300k answer rows cost far more as
// JS values (a row array and a string per column, then drizzle's mapping)
// than SQLite takes to read them, and the garbage they leave dominated the
// run. So SQLite packs each assessment's answers into one JSON array text,
// one row per assessment, and one JSON.parse unpacks it. That text is what
// is kept (one flat string per assessment is cheap for the collector); the
// AnswerView objects are built from it only while that assessment is scored,
// so they die young, and the check below re-reads the very same text.
// Measured on the 5,050-assessment bench database: ~5 s before, ~0.6 s now,
// about half of it SQLite reading and packing the rows.
import { answersDocument, type AnswerSource, type AnswerView } from '../../src/lib/server/assessments';
import { handle } from '../../src/lib/server/db/index';
import { compiledTemplate, templateDoc } from '../../src/lib/server/templates/docs';
import type { VerificationView } from '../../src/lib/assessments/verified-answers';
import type { CompiledTemplate } from '../../src/lib/scoring/compile';
import { reweigh } from '../../src/lib/scoring/reweigh';
import { score } from '../../src/lib/scoring/score';
import type { Profile, ScoreResult } from '../../src/lib/scoring/types';

export interface Rescore {
	assessments: number;
	/** Read every final assessment's answers and score them under the profile. */
	fromAnswersMs: number;
	/** Re-weigh every stored result under the profile. */
	fromSnapshotsMs: number;
	/** Under the template's weights, the answers' scores equal the stored snapshots (all of them). */
	snapshotsReproduced: number;
	/** How many platforms' latest assessment changed grade under the profile. */
	gradesChanged: number;
}

interface Final {
	id: number;
	platformId: number;
	finalizedAt: number;
	origin: 'analyst' | 'self';
	template: AnswerSource['template'];
	ct: CompiledTemplate;
	/** Its answers packed by FINALS (null when it has none); `sourceOf` unpacks them. */
	answers: string | null;
	verifications: Record<string, VerificationView>;
	/** The stored result's JSON text. */
	result: string;
}

/** One answer as FINALS packs it: the columns of an AnswerView, in this order. */
type PackedAnswer = [questionId: string, value: AnswerView['value'], na: boolean, assurance: AnswerView['assurance'], note: string | null, version: number, updatedAt: number];

// `value` is JSON text already (the server writes it with JSON.stringify), so
// it is spliced in as is and read by the same JSON.parse. `na = 1` is how
// drizzle reads the boolean column.
const FINALS = `
	SELECT s.id, s.platform_id, s.finalized_at, s.origin, v.id, v.version, v.sha256, t.key, r.result,
		(SELECT '[' || group_concat(format('[%s,%s,%s,%s,%s,%d,%d]', json_quote(a.question_id), coalesce(a.value, 'null'), iif(a.na = 1, 'true', 'false'), json_quote(a.assurance), json_quote(a.note), a.version, a.updated_at), ',') || ']'
			FROM answers a WHERE a.assessment_id = s.id)
	FROM assessments s
	JOIN template_versions v ON v.id = s.template_version_id
	JOIN templates t ON t.id = v.template_id
	JOIN assessment_results r ON r.assessment_id = s.id
	WHERE s.state = 'final'
	ORDER BY s.id`;
type FinalRow = [id: number, platformId: number, finalizedAt: number | null, origin: Final['origin'], versionId: number, version: string, sha256: string, key: string, result: string, answers: string | null];

// The analyst's decisions on final self-assessments: a few thousand rows, read plainly.
const DECISIONS = `
	SELECT d.assessment_id, d.question_id, d.decision, d.value, d.na, d.rationale, d.comment, d.claim_version, d.answered_at, d.decided_at
	FROM verifications d JOIN assessments s ON s.id = d.assessment_id
	WHERE s.state = 'final' AND s.origin = 'self'`;
type DecisionRow = [assessmentId: number, questionId: string, decision: VerificationView['decision'], value: string | null, na: number, rationale: string | null, comment: string | null, claimVersion: number, answeredAt: number | null, decidedAt: number];

/** Every final assessment that has a stored result, with what scoring it needs, in two queries. */
function loadFinals(): Final[] {
	const { sqlite } = handle();
	const decisions = new Map<number, Record<string, VerificationView>>();
	for (const [assessmentId, questionId, decision, value, na, rationale, comment, claimVersion, answeredAt, decidedAt] of sqlite.prepare(DECISIONS).raw().all() as DecisionRow[]) {
		let of = decisions.get(assessmentId);
		if (!of) decisions.set(assessmentId, (of = {}));
		of[questionId] = { questionId, decision, value: value === null ? null : JSON.parse(value), na: na === 1, rationale: rationale ?? '', comment: comment ?? '', claimVersion, answeredAt, decidedBy: null, decidedAt };
	}
	return (sqlite.prepare(FINALS).raw().all() as FinalRow[]).map(([id, platformId, finalizedAt, origin, versionId, version, sha256, key, result, answers]) => {
		const doc = templateDoc(versionId, sha256);
		return { id, platformId, finalizedAt: finalizedAt ?? 0, origin, template: { key, version, doc }, ct: compiledTemplate(doc), answers, verifications: decisions.get(id) ?? {}, result };
	});
}

/** What `answersDocument` reads for one assessment: its answers unpacked into AnswerViews. */
function sourceOf(f: Final): AnswerSource {
	const answers: Record<string, AnswerView> = {};
	if (f.answers !== null) {
		for (const [questionId, value, na, assurance, note, version, updatedAt] of JSON.parse(f.answers) as PackedAnswer[]) {
			answers[questionId] = { questionId, value, na, assurance, note: note ?? '', notApplicableTo: null, version, updatedAt, updatedBy: null };
		}
	}
	return { assessment: { origin: f.origin }, template: f.template, answers, evidence: [], verifications: f.verifications };
}

export function rescorePortfolio(profile: Profile): Rescore {
	let t = performance.now();
	const finals = loadFinals();
	const rescored = finals.map((f) => score(f.ct, answersDocument(sourceOf(f)), profile));
	const fromAnswersMs = performance.now() - t;

	// Only the snapshot path and the check need the stored results as objects;
	// re-weighing is timed on parsed results, as before.
	const stored = finals.map((f) => JSON.parse(f.result) as ScoreResult);
	t = performance.now();
	const reweighed = finals.map((f, i) => reweigh(stored[i], f.ct.template.grades, profile.sections, profile.name ?? null));
	const fromSnapshotsMs = performance.now() - t;

	// The check, outside the timings: the answers as stored reproduce every snapshot.
	const snapshotsReproduced = finals.filter((f, i) => JSON.stringify(score(f.ct, answersDocument(sourceOf(f)))) === JSON.stringify(stored[i])).length;
	// And the two ways agree on the new figures.
	finals.forEach((f, i) => {
		if (rescored[i].overall.score !== reweighed[i].overall.score || rescored[i].overall.grade !== reweighed[i].overall.grade) {
			throw new Error(`assessment ${f.id}: rescoring the answers and re-weighing the snapshot disagree`);
		}
	});
	const latest = new Map<number, number>();
	finals.forEach((f, i) => {
		const seen = latest.get(f.platformId);
		if (seen === undefined || finals[seen].finalizedAt <= f.finalizedAt) latest.set(f.platformId, i);
	});
	const gradesChanged = [...latest.values()].filter((i) => rescored[i].overall.grade !== stored[i].overall.grade).length;
	return { assessments: finals.length, fromAnswersMs, fromSnapshotsMs, snapshotsReproduced, gradesChanged };
}
