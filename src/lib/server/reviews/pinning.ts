// What a new review pins, checked before anything is written: the final
// assessment each candidate stands for, the weights over the sections they
// all share, and the committee's members.
import { and, desc, eq, inArray } from 'drizzle-orm';
import { MAX_WEIGHT, type Template as TemplateDoc } from '../../scoring/index';
import { getDb } from '../db/index';
import { assessment, assessmentResult, platform, template, templateVersion, user } from '../db/schema';
import { LIMITS, problemsError, ReviewError } from './rules';
import type { NewReview } from './reviews';

export interface Resolved {
	platformId: number;
	platformName: string;
	assessmentId: number;
	templateVersionId: number;
	templateKey: string;
	finalizedAt: number;
}

/** The final assessment a candidate stands for, or the reason it cannot. */
function resolveCandidate(input: { platformId: number; assessmentId?: number | null }): Resolved | string {
	const db = getDb();
	const p = db.select({ id: platform.id, name: platform.name }).from(platform).where(eq(platform.id, input.platformId)).get();
	if (!p) return `There is no platform ${input.platformId}.`;
	const chosen = input.assessmentId ?? null;
	const row = db
		.select({
			id: assessment.id,
			platformId: assessment.platformId,
			state: assessment.state,
			finalizedAt: assessment.finalizedAt,
			templateVersionId: assessment.templateVersionId,
			templateKey: template.key,
			stored: assessmentResult.assessmentId
		})
		.from(assessment)
		.innerJoin(templateVersion, eq(templateVersion.id, assessment.templateVersionId))
		.innerJoin(template, eq(template.id, templateVersion.templateId))
		.leftJoin(assessmentResult, eq(assessmentResult.assessmentId, assessment.id))
		.where(chosen === null ? and(eq(assessment.platformId, p.id), eq(assessment.state, 'final')) : eq(assessment.id, chosen))
		.orderBy(desc(assessment.finalizedAt), desc(assessment.id))
		.get();
	if (!row) return chosen === null ? `${p.name} has no final assessment to review yet.` : `There is no assessment ${chosen}.`;
	if (row.platformId !== p.id) return `Assessment ${row.id} is not an assessment of ${p.name}.`;
	if (row.state !== 'final' || row.finalizedAt === null) return `Assessment ${row.id} of ${p.name} is not final: a committee reviews finalised figures only.`;
	if (row.stored === null) return `Assessment ${row.id} of ${p.name} has no stored figures.`;
	return { platformId: p.id, platformName: p.name, assessmentId: row.id, templateVersionId: row.templateVersionId, templateKey: row.templateKey, finalizedAt: row.finalizedAt };
}

export function resolveCandidates(input: unknown): Resolved[] {
	if (!Array.isArray(input)) throw new ReviewError('candidates', 'Choose the candidates to review.');
	if (input.length < LIMITS.minCandidates) throw new ReviewError('candidates', 'Choose at least two candidates: a review compares them.');
	if (input.length > LIMITS.maxCandidates) throw new ReviewError('candidates', `A review compares at most ${LIMITS.maxCandidates} candidates.`);
	const problems: Record<string, string> = {};
	const resolved: Resolved[] = [];
	for (const c of input as NewReview['candidates']) {
		const assessmentId = c?.assessmentId ?? null;
		if (!Number.isInteger(c?.platformId) || (assessmentId !== null && !Number.isInteger(assessmentId))) {
			throw new ReviewError('candidates', 'Choose each candidate by its platform (and, optionally, one of its final assessments).');
		}
		const key = String(c.platformId);
		if (resolved.some((r) => r.platformId === c.platformId)) {
			problems[key] = `Each platform is a candidate once: ${resolved.find((r) => r.platformId === c.platformId)!.platformName} is listed twice.`;
			continue;
		}
		const found = resolveCandidate({ platformId: c.platformId, assessmentId });
		if (typeof found === 'string') problems[key] ??= found;
		else resolved.push(found);
	}
	if (Object.keys(problems).length) throw problemsError('candidates', problems, (n) => `${n} candidates have problems; nothing was saved.`);
	const keys = [...new Set(resolved.map((r) => r.templateKey))];
	if (keys.length > 1) {
		const groups = keys.map((k) => `${resolved.filter((r) => r.templateKey === k).map((r) => r.platformName).join(', ')} on ${k}`);
		throw new ReviewError('candidates', `Every candidate must be assessed on the same questionnaire; these are not: ${groups.join('; ')}.`);
	}
	return resolved;
}

export interface PinnedWeights {
	name: string | null;
	sections: Record<string, number>;
}

/**
 * The weights the committee compares with, over the sections every
 * candidate's questionnaire version has. The default is the newest version's
 * template weights; a profile overrides some or all of them, as in scoring.
 */
export function pinWeights(input: NewReview['weights'], candidates: Resolved[]): PinnedWeights {
	const versions = getDb()
		.select({ id: templateVersion.id, json: templateVersion.json, publishedAt: templateVersion.publishedAt })
		.from(templateVersion)
		.where(inArray(templateVersion.id, [...new Set(candidates.map((c) => c.templateVersionId))]))
		.all()
		.map((v) => ({ ...v, doc: JSON.parse(v.json) as TemplateDoc }))
		.sort((a, b) => (b.publishedAt ?? 0) - (a.publishedAt ?? 0) || b.id - a.id);
	const common = versions[0].doc.sections.filter((s) => versions.every((v) => v.doc.sections.some((x) => x.id === s.id)));
	if (!common.length) throw new ReviewError('candidates', 'The candidates’ questionnaire versions share no section, so they cannot be weighed together.');
	const sections: Record<string, number> = Object.fromEntries(common.map((s) => [s.id, s.weight]));
	if (input == null) return { name: null, sections };
	if (typeof input !== 'object' || input.sections === null || typeof input.sections !== 'object') {
		throw new ReviewError('weights', 'Give the weights as section id → weight.');
	}
	const name = typeof input.name === 'string' && input.name.trim() ? input.name.trim() : null;
	if (name !== null && name.length > LIMITS.profileName) throw new ReviewError('weights', `A profile name has at most ${LIMITS.profileName} characters.`);
	const problems: Record<string, string> = {};
	for (const [id, weight] of Object.entries(input.sections)) {
		if (!Object.hasOwn(sections, id)) problems[id] = `${id} is not a section of every candidate’s questionnaire.`;
		else if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > MAX_WEIGHT) problems[id] = `Give section ${id} a weight from 0 to 1,000,000.`;
		else sections[id] = weight;
	}
	if (Object.keys(problems).length) throw problemsError('weights', problems, (n) => `${n} weights have problems; nothing was saved.`);
	if (!Object.values(sections).some((w) => w > 0)) throw new ReviewError('weights', 'Give at least one section a weight above 0.');
	return { name, sections };
}

/** Existing, enabled users; the chair first. */
export function checkMembers(input: unknown, chairId: number): number[] {
	if (!Array.isArray(input) || !input.every((id) => Number.isInteger(id))) throw new ReviewError('members', 'Choose the committee’s members from the users.');
	const ids = [...new Set([chairId, ...(input as number[])])];
	const rows = new Map(getDb().select({ id: user.id, name: user.name, disabled: user.disabled }).from(user).where(inArray(user.id, ids)).all().map((u) => [u.id, u]));
	const problems: Record<string, string> = {};
	for (const id of ids) {
		const u = rows.get(id);
		if (!u) problems[id] = `There is no user ${id}.`;
		else if (u.disabled) problems[id] = `${u.name}’s account is disabled: they cannot sit on the committee.`;
	}
	if (Object.keys(problems).length) throw problemsError('members', problems, (n) => `${n} of the members cannot sit on the committee; nothing was saved.`);
	return ids;
}

