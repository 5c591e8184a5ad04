// The whole portfolio under a new weight profile, two ways:
//  - from the answers: every final assessment's stored answers (verified ones
//    for self-assessments) read in bulk and scored again by the pure engine;
//  - from the snapshots: each stored result re-weighed, as compare does live.
// Scoring the answers under the template's own weights must give back every
// stored snapshot exactly; that is checked, so the timing is of real work.
import { and, eq, inArray } from 'drizzle-orm';
import { answersDocument, type AnswerSource, type AnswerView } from '../../src/lib/server/assessments';
import { getDb } from '../../src/lib/server/db/index';
import { answer, assessment, assessmentResult, template, templateVersion, verification } from '../../src/lib/server/db/schema';
import { templateDoc } from '../../src/lib/server/template-docs';
import type { VerificationView } from '../../src/lib/assessments/verified-answers';
import { compileTemplate, type CompiledTemplate } from '../../src/lib/scoring/compile';
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

interface Loaded {
	id: number;
	platformId: number;
	finalizedAt: number;
	ct: CompiledTemplate;
	source: AnswerSource;
	stored: ScoreResult;
}

/** Every final assessment, with what scoring it needs, in three queries. */
function loadFinals(): Loaded[] {
	const db = getDb();
	const rows = db
		.select({ id: assessment.id, platformId: assessment.platformId, finalizedAt: assessment.finalizedAt, origin: assessment.origin, versionId: templateVersion.id, version: templateVersion.version, sha256: templateVersion.sha256, key: template.key, result: assessmentResult.result })
		.from(assessment)
		.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.innerJoin(assessmentResult, eq(assessmentResult.assessmentId, assessment.id))
		.where(eq(assessment.state, 'final'))
		.all();
	const answers = new Map<number, Record<string, AnswerView>>();
	for (const a of db.select().from(answer).innerJoin(assessment, and(eq(assessment.id, answer.assessmentId), eq(assessment.state, 'final'))).all().map((r) => r.answers)) {
		let of = answers.get(a.assessmentId);
		if (!of) answers.set(a.assessmentId, (of = {}));
		of[a.questionId] = { questionId: a.questionId, value: a.value === null ? null : JSON.parse(a.value), na: a.na, assurance: a.assurance, note: a.note ?? '', version: a.version, updatedAt: a.updatedAt, updatedBy: null };
	}
	const selfIds = rows.filter((r) => r.origin === 'self').map((r) => r.id);
	const decisions = new Map<number, Record<string, VerificationView>>();
	for (const v of selfIds.length ? db.select().from(verification).where(inArray(verification.assessmentId, selfIds)).all() : []) {
		let of = decisions.get(v.assessmentId);
		if (!of) decisions.set(v.assessmentId, (of = {}));
		of[v.questionId] = { questionId: v.questionId, decision: v.decision, value: v.value === null ? null : JSON.parse(v.value), na: v.na, rationale: v.rationale ?? '', comment: v.comment ?? '', claimVersion: v.claimVersion, answeredAt: v.answeredAt, decidedBy: null, decidedAt: v.decidedAt };
	}
	const compiled = new Map<string, CompiledTemplate>();
	return rows.map((r) => {
		const doc = templateDoc(r.versionId, r.sha256);
		let ct = compiled.get(r.sha256);
		if (!ct) compiled.set(r.sha256, (ct = compileTemplate(doc)));
		return {
			id: r.id,
			platformId: r.platformId,
			finalizedAt: r.finalizedAt ?? 0,
			ct,
			stored: JSON.parse(r.result) as ScoreResult,
			source: { assessment: { origin: r.origin }, template: { key: r.key, version: r.version, doc }, answers: answers.get(r.id) ?? {}, evidence: [], verifications: decisions.get(r.id) ?? {} }
		};
	});
}

export function rescorePortfolio(profile: Profile): Rescore {
	let t = performance.now();
	const finals = loadFinals();
	const rescored = finals.map((f) => score(f.ct, answersDocument(f.source), profile));
	const fromAnswersMs = performance.now() - t;

	t = performance.now();
	const reweighed = finals.map((f) => reweigh(f.stored, f.ct.template.grades, profile.sections, profile.name ?? null));
	const fromSnapshotsMs = performance.now() - t;

	// The check, outside the timings: the answers as stored reproduce every snapshot.
	const snapshotsReproduced = finals.filter((f) => JSON.stringify(score(f.ct, answersDocument(f.source))) === JSON.stringify(f.stored)).length;
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
	const gradesChanged = [...latest.values()].filter((i) => rescored[i].overall.grade !== finals[i].stored.overall.grade).length;
	return { assessments: finals.length, fromAnswersMs, fromSnapshotsMs, snapshotsReproduced, gradesChanged };
}
