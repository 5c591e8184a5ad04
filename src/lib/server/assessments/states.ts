// Moving an assessment between states (draft → in_review → final and back),
// with the figures stored when it is finalised. Part of the assessments API
// (re-exported there).
import { and, eq } from 'drizzle-orm';
import { evidenceGaps } from '../../assessments/evidence-rules';
import { verificationProgress } from '../../assessments/verified-answers';
import type { ScoreResult } from '../../scoring/index';
import { AssessmentError, assertWriter, claimedScore, claimsDocument, claimVersions, currentScore, explainCurrent, mustGet, type AssessmentDetail, type WriteAs } from './assessments';
import { record, type Actor, canonicalJson } from '../audit';
import { fourEyesRelaxed } from '../auth';
import { proposeAtFinalise } from '../findings';
import { statement, write, type Tx } from '../db/index';
import { assessment, assessmentResult, type Assessment, type AssessmentOrigin, type AssessmentState } from '../db/schema';

const spoken = (state: AssessmentState) => state.replace('_', ' ');

export interface TransitionSteps {
	/** Refusals that need only the assessment's origin (read with its state, no more): checked before the state. */
	allow?: (origin: AssessmentOrigin) => void;
	/** Refusals beyond the state that need the whole assessment, checked first (throw an AssessmentError). */
	check?: (detail: AssessmentDetail) => void;
	/** Columns to set with the move; `detail()` reads the assessment (once) when they depend on it. */
	extra?: (tx: Tx, now: number, detail: () => AssessmentDetail) => Partial<Assessment>;
	/** Other work that moves with it (once the move has succeeded); returns what the audit entry adds. */
	alongside?: (tx: Tx, now: number) => Record<string, unknown>;
}

// Raw: read by every move that needs no more (a submission): one of the write path's statements that took a bulk load from 1.37–1.50× to about 1.0× (0.89–1.08× by round) the CPU of the built-once queries (README, 2026-12-07).
const STATE = 'SELECT state, origin FROM assessments WHERE id = ?';

/**
 * Move an assessment from one state to another, in one transaction with its
 * audit entry. The assessment is read under the write lock, so the checks
 * and any figures stored with the move see exactly the answers it moves.
 */
export function transition(actor: Actor, id: number, from: AssessmentState, to: AssessmentState, action: string, steps: TransitionSteps = {}): void {
	write(actor, (tx) => {
		// Read only as far as needed: a plain move needs the state and origin, not the answers.
		let loaded: AssessmentDetail | undefined;
		const detail = () => (loaded ??= mustGet(id));
		if (steps.check) steps.check(detail());
		const row = loaded ? loaded.assessment : (statement(STATE).get(id) as Pick<Assessment, 'state' | 'origin'> | undefined);
		if (row === undefined) throw new AssessmentError('id', 'There is no such assessment.', 404);
		steps.allow?.(row.origin);
		if (row.state !== from) {
			// Another person or process moved it first: say where it is now.
			throw new AssessmentError('state', `This assessment is ${spoken(row.state)} now; only a ${spoken(from)} one can become ${spoken(to)}, so nothing was changed. Reload the page.`, 409);
		}
		const now = Date.now();
		const changes = steps.extra?.(tx, now, detail) ?? {};
		const set: Partial<Assessment> = { state: to, updatedAt: now, ...changes };
		const done = tx.update(assessment).set(set).where(and(eq(assessment.id, id), eq(assessment.state, from))).run();
		if (done.changes !== 1) throw new AssessmentError('state', 'Someone changed this assessment meanwhile, so nothing was changed; reload and try again.', 409);
		record(tx, actor, { action, entityType: 'assessment', entityId: id, details: { from, to, ...changes, ...steps.alongside?.(tx, now) } });
	});
}

/**
 * Hand the answers on for review: staff an analyst assessment, the platform
 * (through its invitation) its self-assessment.
 */
export function submit(actor: Actor, id: number, { as }: WriteAs): void {
	transition(actor, id, 'draft', 'in_review', 'assessment.submit', { allow: (origin) => assertWriter(origin, as), extra: (_tx, now) => ({ submittedAt: now, submittedBy: actor.id }) });
}

export function reopen(actor: Actor, id: number): void {
	transition(actor, id, 'in_review', 'draft', 'assessment.reopen', {
		allow: (origin) => {
			if (origin === 'self') {
				throw new AssessmentError('state', 'A self-assessment goes back to the platform only with questions: ask for clarification on the answers in doubt.');
			}
		}
	});
}

/** It is frozen with the assessment, so it must be a real date, from today, at most five years on. */
function checkValidUntil(value: string, now: number): void {
	const ms = Date.parse(`${value}T00:00:00Z`);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
		throw new AssessmentError('validUntil', 'Enter the date as YYYY-MM-DD.');
	}
	const today = new Date(now).toISOString().slice(0, 10);
	if (value < today) throw new AssessmentError('validUntil', 'The valid-until date cannot be in the past.');
	if (value > addMonths(now, 60)) throw new AssessmentError('validUntil', 'Reassess within five years: choose an earlier date.');
}

function addMonths(ms: number, months: number): string {
	const d = new Date(ms);
	d.setUTCMonth(d.getUTCMonth() + months);
	return d.toISOString().slice(0, 10);
}

// Raw: written once per finalised assessment: one of the write path's statements that took a bulk load from 1.37–1.50× to about 1.0× (0.89–1.08× by round) the CPU of the built-once queries (README, 2026-12-07).
const STORE = `INSERT INTO assessment_results (assessment_id, template_sha256, score, assured_score, answered_score, coverage, grade, band_grade, knockouts, result, claimed_score, claimed_result, computed_at)
	VALUES (@assessmentId, @templateSha256, @score, @assuredScore, @answeredScore, @coverage, @grade, @bandGrade, @knockouts, @result, @claimedScore, @claimedResult, @computedAt)
	ON CONFLICT (assessment_id) DO UPDATE SET template_sha256 = excluded.template_sha256, score = excluded.score, assured_score = excluded.assured_score,
		answered_score = excluded.answered_score, coverage = excluded.coverage, grade = excluded.grade, band_grade = excluded.band_grade, knockouts = excluded.knockouts,
		result = excluded.result, claimed_score = excluded.claimed_score, claimed_result = excluded.claimed_result, computed_at = excluded.computed_at`;

/** A final assessment's stored figures, written or (recompute) rewritten, in the caller's transaction. */
function storeResult(detail: AssessmentDetail, result: ScoreResult, now: number): void {
	const claimed = detail.assessment.origin === 'self' ? claimedScore(detail) : null;
	// Every column, so a rewrite leaves nothing of the figures it replaces.
	const figures = {
		templateSha256: detail.template.sha256,
		score: result.overall.score,
		assuredScore: result.overall.assuredScore,
		answeredScore: result.overall.answeredScore,
		coverage: result.overall.coverage,
		grade: result.overall.grade,
		bandGrade: result.overall.bandGrade,
		knockouts: result.knockouts.length,
		result: JSON.stringify(result),
		claimedScore: claimed?.overall.score ?? null,
		claimedResult: claimed ? JSON.stringify(claimed) : null,
		computedAt: now
	} satisfies Required<Omit<typeof assessmentResult.$inferInsert, 'assessmentId'>>;
	statement(STORE).run({ assessmentId: detail.assessment.id, ...figures });
}

/**
 * Lock the assessment and store its figures. Four eyes: whoever submitted it
 * does not finalise it, unless an admin has relaxed that for a one-person
 * team; and no evidence-required answer is locked without evidence or a
 * waiver. Both are judged against the rows and the setting as read under the
 * write lock, so a colleague's finalise or a setting change that commits
 * first is what decides.
 */
export function finalize(actor: Actor, id: number, options: { validUntil?: string | null; now?: number } = {}): void {
	if (options.validUntil) checkValidUntil(options.validUntil, options.now ?? Date.now());
	let sameSubmitter = false;
	let locked: AssessmentDetail | undefined;
	let finalisedAt = 0;
	transition(actor, id, 'in_review', 'final', 'assessment.finalize', {
		check: (detail) => {
			// Anything else is refused by the state check with where it is now.
			if (detail.assessment.state === 'in_review') sameSubmitter = assertFinalizable(actor, detail).sameSubmitter;
		},
		extra: (tx, now, detail) => {
			const at = (finalisedAt = options.now ?? now);
			locked = detail();
			// The snapshot goes in first: once the row is final, the triggers lock it.
			storeResult(locked, currentScore(locked), at);
			return { finalizedAt: at, finalizedBy: actor.id, validUntil: options.validUntil || addMonths(at, 12) };
		},
		alongside: (tx) => {
			// Its knock-outs and weak answers become proposed findings in the same transaction: a finalised assessment never lacks them.
			const a = locked!.assessment;
			const proposed = proposeAtFinalise(tx, { assessmentId: a.id, platformId: a.platformId, template: locked!.template.doc, explained: explainCurrent(locked!), at: finalisedAt });
			// The record says plainly when one person both submitted and finalised, and under which setting.
			return {
				...(proposed.length ? { findingsProposed: proposed } : {}),
				...(sameSubmitter ? { submittedBy: actor.id, fourEyes: 'relaxed: submitted and finalised by the same person under the one-person-team setting' } : {})
			};
		}
	});
}

/**
 * The rules a finalise checks, beyond the state: every claim decided (a
 * self-assessment), four eyes, evidence. Run inside the finalise transaction;
 * also run, read-only, by the confirmation step, so a finalise that would be
 * refused says why before anyone confirms it.
 */
export function assertFinalizable(actor: Actor, detail: AssessmentDetail): { sameSubmitter: boolean } {
	if (detail.assessment.state !== 'in_review') {
		throw new AssessmentError('state', `This assessment is ${spoken(detail.assessment.state)} now; only one in review can be finalised, so nothing was changed. Reload the page.`, 409);
	}
	if (detail.assessment.origin === 'self') assertVerified(detail);
	const sameSubmitter = actor.id !== null && detail.assessment.submittedBy === actor.id;
	if (sameSubmitter && !fourEyesRelaxed()) {
		throw new AssessmentError('fourEyes', 'You submitted this assessment for review, so another analyst must finalise it (four eyes). Nothing was changed.', 409);
	}
	assertEvidenced(detail);
	return { sameSubmitter };
}

/** The rules a submission checks, for the confirmation step (the submission itself checks them in its transaction). */
export function assertSubmittable(detail: AssessmentDetail, as: WriteAs['as']): void {
	assertWriter(detail.assessment.origin, as);
	if (detail.assessment.state !== 'draft') {
		throw new AssessmentError('state', `This assessment is ${spoken(detail.assessment.state)} now; only a draft can be submitted, so nothing was changed. Reload the page.`, 409);
	}
}

/** No evidence-required answer is locked without its evidence or a waiver saying why. */
function assertEvidenced(detail: AssessmentDetail): void {
	const gaps = evidenceGaps(detail);
	if (!gaps.length) return;
	const named = gaps.slice(0, 3).map((g) => `“${g.prompt}”`).join('; ') + (gaps.length > 3 ? ` and ${gaps.length - 3} more` : '');
	throw new AssessmentError(
		'evidence',
		`${gaps.length} evidence-required answer${gaps.length === 1 ? ' has' : 's have'} no evidence: ${named}. Attach evidence, or waive the requirement with a reason, before finalising. Nothing was changed.`
	);
}

/** A self-assessment is finalised only once every claim has a current decision and no question is open. */
function assertVerified(detail: AssessmentDetail): void {
	const progress = verificationProgress(detail.template.doc, claimsDocument(detail), detail.verifications, claimVersions(detail));
	if (progress.clarification) {
		throw new AssessmentError('verification', `${progress.clarification} answer${progress.clarification === 1 ? ' awaits' : 's await'} clarification: send the questions to the platform, or decide them, before finalising.`);
	}
	if (progress.stale.length) {
		throw new AssessmentError('verification', `The platform changed ${progress.stale.length === 1 ? 'an answer' : `${progress.stale.length} answers`} after you decided on ${progress.stale.length === 1 ? 'it' : 'them'}: decide again before finalising.`);
	}
	if (progress.undecided.length) {
		throw new AssessmentError('verification', `${progress.undecided.length} of the platform's answers ${progress.undecided.length === 1 ? 'is' : 'are'} not verified yet: accept or adjust every answer before finalising.`);
	}
}

/**
 * Re-derive a final assessment's stored figures; report and record any
 * difference. Compared with the figures as stored when the transaction
 * runs, so two recomputes at once record one repair.
 */
export function recompute(actor: Actor, id: number): { changed: boolean; before: ScoreResult | null; after: ScoreResult } {
	return write(actor, (tx) => {
		const detail = mustGet(id);
		if (detail.assessment.state !== 'final') throw new AssessmentError('state', 'Only final assessments have stored figures.');
		const after = currentScore(detail);
		const before = detail.result?.result ?? null;
		const changed = before === null || canonicalJson(before) !== canonicalJson(after) || detail.result?.templateSha256 !== detail.template.sha256;
		if (changed) storeResult(detail, after, Date.now());
		record(tx, actor, {
			action: 'assessment.recompute',
			entityType: 'assessment',
			entityId: id,
			// The whole superseded result stays on record: committees may have cited it.
			details: changed ? { changed, before, after } : { changed }
		});
		return { changed, before, after };
	});
}
