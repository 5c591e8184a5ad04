// A comparison small enough to check by hand: three platforms on two versions
// of one questionnaire. Version 2 reorders the sections, reweighs them and adds
// "ops", whose knock-out caps platform two; version 1 lacks "ops", so the
// comparison leaves it out. Scores are chosen so the means come out exact.
import type { Knockout, ScoreResult, SectionResult } from '../../../src/lib/scoring/index';
import type { CompareCandidate, CompareData, CompareTemplate, QuestionValue } from '../../../src/lib/compare/types';

export const GRADES = [
	{ grade: 'A', min: 80 },
	{ grade: 'B', min: 60 },
	{ grade: 'C', min: 0 }
];

export const V1: CompareTemplate = {
	versionId: 1,
	key: 'ci',
	version: '1.0.0',
	title: 'CI',
	grades: GRADES,
	sections: [
		{
			id: 'gov',
			title: 'Governance',
			weight: 2,
			questions: [
				{ id: 'g1', prompt: 'Owner named?', critical: true },
				{ id: 'g2', prompt: 'Board reports?', critical: false }
			]
		},
		{
			id: 'keys',
			title: 'Keys',
			weight: 1,
			questions: [
				{ id: 'k1', prompt: 'Multisig?', critical: false },
				{ id: 'k2', prompt: 'HSM?', critical: false }
			]
		}
	]
};

export const V2: CompareTemplate = {
	versionId: 2,
	key: 'ci',
	version: '2.0.0',
	title: 'CI',
	grades: GRADES,
	sections: [
		{
			id: 'keys',
			title: 'Key management',
			weight: 3,
			questions: [
				{ id: 'k1', prompt: 'Multisig with hardware signers?', critical: true },
				{ id: 'k2', prompt: 'HSM?', critical: false },
				{ id: 'k3', prompt: 'Signer vetting?', critical: false }
			]
		},
		{
			id: 'gov',
			title: 'Governance',
			weight: 1,
			questions: [
				{ id: 'g1', prompt: 'Owner named?', critical: true },
				{ id: 'g2', prompt: 'Board reports?', critical: false }
			]
		},
		{ id: 'ops', title: 'Operations', weight: 2, questions: [{ id: 'o1', prompt: 'On-call?', critical: true }] }
	]
};

/** A section as scored: assured at half the score, fully covered. */
export function section(id: string, weight: number, score: number | null): SectionResult {
	return score === null
		? { id, weight, applicable: false, score: null, assuredScore: null, answeredScore: null, coverage: null }
		: { id, weight, applicable: true, score, assuredScore: score / 2, answeredScore: score, coverage: 1 };
}

/** A stored result; its overall figures are deliberately junk, since comparing re-derives them. */
export function result(template: CompareTemplate, sections: SectionResult[], knockouts: Knockout[] = []): ScoreResult {
	return {
		template: { key: template.key, version: template.version },
		profile: null,
		overall: { score: -1, assuredScore: -1, answeredScore: -1, coverage: -1, bandGrade: 'stored', grade: 'stored' },
		sections,
		knockouts
	};
}

export const DAY_1 = Date.UTC(2025, 2, 14);

function candidate(
	platformId: number,
	platformName: string,
	template: CompareTemplate,
	scored: ScoreResult,
	questions: Record<string, QuestionValue>,
	claimed: ScoreResult | null = null
): CompareCandidate {
	const assessmentId = 10 + platformId;
	return {
		platformId,
		platformName,
		assessmentId,
		origin: claimed ? 'self' : 'analyst',
		finalizedAt: DAY_1 + platformId * 86_400_000,
		templateVersionId: template.versionId,
		result: scored,
		claimedResult: claimed,
		questions,
		trend: [{ assessmentId, finalizedAt: DAY_1, templateVersionId: template.versionId, result: scored }]
	};
}

/**
 * P1 (v1): gov 90, keys 60, and an unanswered knock-out in gov.
 * P2 (v2): keys 80, gov 50, ops 20, and a knock-out in ops.
 * P3 (v2, self-assessed): keys 75, gov 65, ops 100; it claimed keys 90, gov 80, ops 100.
 */
export function threePlatforms(): CompareData {
	const p1 = candidate(1, 'Alpha', V1, result(V1, [section('gov', 2, 90), section('keys', 1, 60)], [{ question: 'g1', section: 'gov', capGrade: 'C', reason: 'unanswered' }]), {
		g1: null,
		g2: 0,
		k1: 100,
		k2: 'na'
	});
	const p2 = candidate(
		2,
		'Bravo',
		V2,
		result(V2, [section('keys', 3, 80), section('gov', 1, 50), section('ops', 2, 20)], [{ question: 'o1', section: 'ops', capGrade: 'C', reason: 'below' }]),
		{ k1: 50, k2: 25, k3: 75, g1: 100, g2: 40, o1: 0 }
	);
	const p3 = candidate(
		3,
		'Charlie',
		V2,
		result(V2, [section('keys', 3, 75), section('gov', 1, 65), section('ops', 2, 100)]),
		{ k1: 100, k2: 25, k3: 75, g1: 100, g2: 60, o1: 100 },
		result(V2, [section('keys', 3, 90), section('gov', 1, 80), section('ops', 2, 100)])
	);
	return { candidates: [p1, p2, p3], templates: { 1: V1, 2: V2 } };
}
