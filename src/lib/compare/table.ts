// The comparison as one rectangular table: what the CSV export writes, and
// what a spreadsheet user gets to check the ranking by hand.
import type { CandidateFigures } from './figures';
import type { CommonSections } from './sections';
import type { CompareData } from './types';

const fixed = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? '' : x.toFixed(digits));

export function comparisonTable(data: CompareData, common: CommonSections, rows: readonly CandidateFigures[], weights: Readonly<Record<string, number>>): string[][] {
	const header = [
		'rank',
		'platform',
		'assessment_id',
		'finalized',
		'template',
		'origin',
		'score',
		'assured_score',
		'coverage',
		'grade',
		'band_grade',
		'knockouts',
		...common.sections.map((s) => `${s.title} (weight ${weights[s.id]})`),
		'self_reported_score',
		'trust_gap'
	];
	const body = rows.map((r) => {
		const t = data.templates[r.candidate.templateVersionId];
		return [
			String(r.rank),
			r.candidate.platformName,
			String(r.candidate.assessmentId),
			new Date(r.candidate.finalizedAt).toISOString().slice(0, 10),
			`${t.key} ${t.version}`,
			r.candidate.origin,
			fixed(r.result.overall.score),
			fixed(r.result.overall.assuredScore),
			fixed(r.result.overall.coverage, 4),
			r.result.overall.grade ?? '',
			r.result.overall.bandGrade ?? '',
			r.result.knockouts.map((k) => `${k.question} caps at ${k.capGrade} (${k.reason})`).join('; '),
			...common.sections.map((s) => fixed(r.result.sections.find((x) => x.id === s.id)?.score)),
			fixed(r.claimed?.overall.score),
			fixed(r.gap)
		];
	});
	return [header, ...body];
}
