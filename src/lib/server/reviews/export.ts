// A review as a self-contained record (clearance-review/1): what was pinned,
// every vote and the decision, readable and checkable without this application.
import type { ScoreResult } from '../../scoring/index';
import type { ReviewStatus } from '../db/schema';
import type { MemberView, Outcome, ReviewDetail } from './reviews';

export interface ReviewDocument {
	format: 'clearance-review/1';
	review: { id: number; title: string; mandate: string; templateKey: string; status: ReviewStatus; chair: { id: number; name: string }; createdAt: string };
	weights: { profile: string | null; sections: Record<string, number> };
	candidates: Array<{
		id: number;
		platform: { id: number; name: string };
		assessmentId: number;
		template: { key: string; version: string; sha256: string };
		finalizedAt: string;
		/** SHA-256 of JSON.stringify(result), the stored text the committee saw. */
		resultSha256: string;
		result: ScoreResult;
		claimedResult: ScoreResult | null;
		decision: Outcome | null;
	}>;
	members: MemberView[];
	votes: Array<{ candidateId: number; user: { id: number; name: string }; outcome: Outcome; rationale: string; updatedAt: string }>;
	decision: { rationale: string; decidedBy: { id: number; name: string }; decidedAt: string } | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The record of a review the viewer has already been allowed to see. */
export function reviewDocument(d: ReviewDetail): ReviewDocument {
	return {
		format: 'clearance-review/1',
		review: { id: d.id, title: d.title, mandate: d.mandate, templateKey: d.templateKey, status: d.status, chair: d.chair, createdAt: iso(d.createdAt) },
		weights: { profile: d.profileName, sections: d.weights },
		candidates: d.candidates.map((c) => ({
			id: c.id,
			platform: c.platform,
			assessmentId: c.assessmentId,
			template: { key: d.templateKey, version: d.templates[c.templateVersionId].version, sha256: d.templates[c.templateVersionId].sha256 },
			finalizedAt: iso(c.finalizedAt),
			resultSha256: c.resultSha256,
			result: c.result,
			claimedResult: c.claimedResult,
			decision: c.decision
		})),
		members: d.members,
		votes: d.votes.map((v) => ({ candidateId: v.candidateId, user: { id: v.userId, name: v.userName }, outcome: v.outcome, rationale: v.rationale, updatedAt: iso(v.updatedAt) })),
		decision:
			d.status === 'decided' && d.decidedBy && d.decidedAt !== null
				? { rationale: d.decisionRationale ?? '', decidedBy: d.decidedBy, decidedAt: iso(d.decidedAt) }
				: null
	};
}
