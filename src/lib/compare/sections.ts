// Candidates scored on different versions of a template are compared on the
// sections every version has; a section one version lacks would otherwise
// count for some candidates and not others.
import type { CompareSection, CompareSummary, CompareTemplate } from './types';

export interface CommonSections {
	/** In the order of the newest version, with its titles, weights and questions. */
	sections: CompareSection[];
	/** Sections some candidate's version lacks, left out of every figure. */
	dropped: Array<{ id: string; title: string }>;
	/** The newest template version among the candidates: its weights are the starting point. */
	newest: CompareTemplate;
	/** More than one template version is involved. */
	mixed: boolean;
}

export function commonSections(data: CompareSummary): CommonSections {
	const versions = [...new Set(data.candidates.map((c) => c.templateVersionId))].map((id) => data.templates[id]);
	if (versions.length === 0) throw new RangeError('no candidates');
	const newest = versions.reduce((a, b) => (b.versionId > a.versionId ? b : a));
	const everywhere = (id: string) => versions.every((t) => t.sections.some((s) => s.id === id));
	const all = new Map<string, string>();
	for (const t of [newest, ...versions]) for (const s of t.sections) if (!all.has(s.id)) all.set(s.id, s.title);
	return {
		sections: newest.sections.filter((s) => everywhere(s.id)),
		dropped: [...all].filter(([id]) => !everywhere(id)).map(([id, title]) => ({ id, title })),
		newest,
		mixed: versions.length > 1
	};
}

/** The newest version's weights for the common sections: where the comparison starts. */
export function defaultWeights(common: CommonSections): Record<string, number> {
	return Object.fromEntries(common.sections.map((s) => [s.id, s.weight]));
}
