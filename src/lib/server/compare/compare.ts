// The compare view's data: for each picked platform, its latest final
// assessment (or the one asked for), read from stored snapshots and locked
// answers. Every figure the page shows is derived from this by the shared
// pure functions in $lib/compare, in the browser as on the server.
import { DomainError } from '../errors';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AssessmentOption, CompareCandidate, CompareData, CompareDetails, CompareSummary, CompareTemplate, PlatformOption, QuestionValue, TrendPoint } from '../../compare/types';

export type { AssessmentOption, PlatformOption };
import { compareTemplate } from '../../compare/pinned';
import type { CandidatePick } from '../../compare/url-state';
import type { ScoreResult, Template } from '../../scoring/index';
import * as assessments from '../assessments';
import { getDb } from '../db/index';
import { assessment, assessmentResult, platform, template, templateVersion } from '../db/schema';
import { isLatestFinal, isLatestResult, latestFinal, latestResult } from '../platforms';

export class CompareError extends DomainError {}

/** Every platform with a final assessment, by name: what the picker offers. */
export function platformOptions(): PlatformOption[] {
	return getDb()
		.select({ id: platform.id, name: platform.name, kind: platform.kind, templateKey: template.key, grade: latestResult.grade, score: latestResult.score })
		.from(platform)
		.leftJoin(latestFinal, isLatestFinal)
		.leftJoin(latestResult, isLatestResult)
		.innerJoin(templateVersion, eq(templateVersion.id, latestFinal.templateVersionId))
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.orderBy(sql`lower(${platform.name})`)
		.all();
}

interface FinalRow {
	id: number;
	platformId: number;
	finalizedAt: number;
	templateVersionId: number;
	origin: 'analyst' | 'self';
	version: string;
	templateKey: string;
	score: number | null;
	grade: string | null;
	result: string;
	claimedResult: string | null;
}

function finalAssessments(platformIds: number[]): FinalRow[] {
	if (!platformIds.length) return [];
	return getDb()
		.select({
			id: assessment.id,
			platformId: assessment.platformId,
			finalizedAt: assessment.finalizedAt,
			templateVersionId: assessment.templateVersionId,
			origin: assessment.origin,
			version: templateVersion.version,
			templateKey: template.key,
			score: assessmentResult.score,
			grade: assessmentResult.grade,
			result: assessmentResult.result,
			claimedResult: assessmentResult.claimedResult
		})
		.from(assessment)
		.innerJoin(assessmentResult, eq(assessmentResult.assessmentId, assessment.id))
		.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.where(and(eq(assessment.state, 'final'), inArray(assessment.platformId, platformIds)))
		.orderBy(asc(assessment.finalizedAt), asc(assessment.id))
		.all()
		// A final assessment has its finalisation time.
		.map((r) => ({ ...r, finalizedAt: r.finalizedAt! }));
}

function templateOf(versionId: number): CompareTemplate {
	const row = getDb()
		.select({ key: template.key, version: templateVersion.version, json: templateVersion.json })
		.from(templateVersion)
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.where(eq(templateVersion.id, versionId))
		.get()!;
	return compareTemplate(versionId, row.key, row.version, JSON.parse(row.json) as Template);
}

function questionValues(assessmentId: number): Record<string, QuestionValue> {
	const detail = assessments.mustGet(assessmentId);
	const explained = assessments.explainCurrent(detail);
	const values: Record<string, QuestionValue> = {};
	for (const s of explained.sections) {
		for (const q of s.questions) {
			const kind = detail.answers[q.id]?.na ? detail.answers[q.id].notApplicableTo : null;
			values[q.id] = q.na ? (kind ? { notApplicableTo: kind } : 'na') : q.r === null ? null : q.r * 100;
		}
	}
	return values;
}

/**
 * The data for comparing `picks` (2–12, distinct platforms). Throws
 * CompareError naming the field `c` when a platform has nothing final to
 * compare, an assessment is not one of its final ones, or the candidates
 * were assessed on different questionnaires.
 */
export function load(picks: CandidatePick[]): CompareData {
	const ids = picks.map((p) => p.platformId);
	const rows = finalAssessments(ids);
	const names = new Map(getDb().select({ id: platform.id, name: platform.name }).from(platform).where(inArray(platform.id, ids)).all().map((p) => [p.id, p.name]));
	const chosen: FinalRow[] = [];
	for (const pick of picks) {
		const name = names.get(pick.platformId);
		if (name === undefined) throw new CompareError('c', `There is no platform ${pick.platformId}.`);
		const own = rows.filter((r) => r.platformId === pick.platformId);
		const row = pick.assessmentId === null ? own.at(-1) : own.find((r) => r.id === pick.assessmentId);
		if (!row) {
			throw new CompareError('c', pick.assessmentId === null ? `${name} has no final assessment to compare yet.` : `Assessment ${pick.assessmentId} is not a final assessment of ${name}.`);
		}
		chosen.push(row);
	}
	const keys = [...new Set(chosen.map((r) => r.templateKey))];
	if (keys.length > 1) {
		const example = keys.map((k) => `${names.get(chosen.find((r) => r.templateKey === k)!.platformId)} on ${k}`).join(', ');
		throw new CompareError('c', `Candidates are compared on one questionnaire; these were assessed on different ones (${example}).`);
	}

	const templates: Record<number, CompareTemplate> = {};
	const candidates: CompareCandidate[] = chosen.map((row) => {
		const trend: TrendPoint[] = rows
			.filter((r) => r.platformId === row.platformId && r.templateKey === row.templateKey)
			.map((r) => ({ assessmentId: r.id, finalizedAt: r.finalizedAt, templateVersionId: r.templateVersionId, result: JSON.parse(r.result) as ScoreResult }));
		for (const point of trend) templates[point.templateVersionId] ??= templateOf(point.templateVersionId);
		return {
			platformId: row.platformId,
			platformName: names.get(row.platformId)!,
			assessmentId: row.id,
			origin: row.origin,
			finalizedAt: row.finalizedAt,
			templateVersionId: row.templateVersionId,
			result: JSON.parse(row.result) as ScoreResult,
			claimedResult: row.claimedResult === null ? null : (JSON.parse(row.claimedResult) as ScoreResult),
			questions: questionValues(row.id),
			trend
		};
	});
	return { candidates, templates };
}

/**
 * What the compare page's first view needs: the candidates' figures and the
 * template versions they were scored on. Answers and history (most of the
 * bytes at twelve candidates) are left for `details`, fetched when shown.
 */
export function summary(data: CompareData): CompareSummary {
	const templates: Record<number, CompareTemplate> = {};
	const candidates = data.candidates.map((c) => {
		templates[c.templateVersionId] = data.templates[c.templateVersionId];
		// Field by field: what the first view sends is chosen, not whatever is left.
		const { platformId, platformName, assessmentId, origin, finalizedAt, templateVersionId, result, claimedResult } = c;
		return { platformId, platformName, assessmentId, origin, finalizedAt, templateVersionId, result, claimedResult };
	});
	return { candidates, templates };
}

/** The rest of `data`: each candidate's answers and history, and the older template versions that history needs. */
export function details(data: CompareData): CompareDetails {
	const own = new Set(data.candidates.map((c) => c.templateVersionId));
	const templates: Record<number, CompareTemplate> = {};
	for (const c of data.candidates) for (const p of c.trend) if (!own.has(p.templateVersionId)) templates[p.templateVersionId] = data.templates[p.templateVersionId];
	return { candidates: data.candidates.map((c) => ({ assessmentId: c.assessmentId, questions: c.questions, trend: c.trend })), templates };
}

/** Each platform's final assessments, newest first: the choices beside "latest". */
export function assessmentOptions(platformIds: number[]): Record<number, AssessmentOption[]> {
	const rows = finalAssessments(platformIds);
	const options: Record<number, AssessmentOption[]> = {};
	for (const id of platformIds) {
		options[id] = rows
			.filter((r) => r.platformId === id)
			.reverse()
			.map((r) => ({ id: r.id, finalizedAt: r.finalizedAt, version: r.version, origin: r.origin, score: r.score, grade: r.grade }));
	}
	return options;
}
