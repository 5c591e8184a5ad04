// The compare shape from template documents and pinned results: what a
// committee review shows, built from the figures it pinned, never live ones.
import type { ScoreResult, Template } from '../scoring/types';
import type { CompareData, CompareTemplate } from './types';

export function compareTemplate(versionId: number, key: string, version: string, doc: Template): CompareTemplate {
	return {
		versionId,
		key,
		version,
		title: doc.title,
		grades: doc.grades,
		sections: doc.sections.map((s) => ({
			id: s.id,
			title: s.title ?? s.id,
			weight: s.weight,
			questions: s.questions.filter((q) => q.type !== 'text').map((q) => ({ id: q.id, prompt: q.prompt ?? q.id, critical: q.critical !== undefined }))
		}))
	};
}

export interface PinnedCandidate {
	platform: { id: number; name: string };
	assessmentId: number;
	templateVersionId: number;
	finalizedAt: number;
	result: ScoreResult;
	claimedResult: ScoreResult | null;
}

/** A review's candidates as comparison data: pinned figures only, so no question values or trend. */
export function pinnedComparison(key: string, candidates: readonly PinnedCandidate[], templates: Readonly<Record<number, { version: string; doc: Template }>>): CompareData {
	return {
		candidates: candidates.map((c) => ({
			platformId: c.platform.id,
			platformName: c.platform.name,
			assessmentId: c.assessmentId,
			origin: c.claimedResult ? 'self' : 'analyst',
			finalizedAt: c.finalizedAt,
			templateVersionId: c.templateVersionId,
			result: c.result,
			claimedResult: c.claimedResult,
			questions: {},
			trend: []
		})),
		templates: Object.fromEntries(Object.entries(templates).map(([id, t]) => [id, compareTemplate(Number(id), key, t.version, t.doc)]))
	};
}
