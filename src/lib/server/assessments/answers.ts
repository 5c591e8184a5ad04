// Saving answers: each checked against its question and against the version
// the form started from, written with its audit event. Who may write, and
// whether the assessment still takes answers, is read in the same
// transaction. Part of the assessments API (re-exported there).
import { eq } from 'drizzle-orm';
import { toEntry, type AnswerInput } from '../../assessments/answer-input';
import { assuranceProblem } from '../../assessments/evidence-rules';
import { controlCharactersMessage, hasControlCharacters } from '../../validation/text';
import { ASSURANCE_LEVELS, validateAnswers, type Answer } from '../../scoring/index';
import { AssessmentError, ConflictError, answerView, assertAnswerable, nameOf, outline, type AnswerView, type AssessmentDetail, type WriteAs, type Writer } from './assessments';
import { recordAll, type Actor } from '../audit';
import { statement, write, type Tx } from '../db/index';
import { answer, assessment, evidence, type AnswerRow } from '../db/schema';
import { compiledTemplate } from '../templates';

/** Characters in a note or a written answer. */
const TEXT_LIMIT = 10_000;

/** What answers are checked against: the assessment's questionnaire. */
type Questionnaire = Pick<AssessmentDetail, 'template'>;

/** Check one answer against its question; the problem names the question's path. */
export function checkAnswer(detail: Questionnaire, questionId: string, input: AnswerInput): void {
	checkEntry(detail, questionId, input, false);
}

/**
 * Check a form's answers: the problem with each, by question id. The common
 * case, every answer sound, costs one validation of the whole set (answers
 * are read one by one, so the set is valid exactly when each one is); only a
 * set with a problem is checked answer by answer, to name each.
 */
function answerProblems(detail: Questionnaire, entries: BatchEntry[]): Record<string, string> {
	// No prototype: a question id is only ever a key.
	const answers: Record<string, Answer> = Object.create(null);
	for (const { questionId, input } of entries) {
		const entry = toEntry(input);
		if (entry) answers[questionId] = entry;
	}
	const distinct = new Set(entries.map((e) => e.questionId)).size === entries.length;
	const valid = distinct && validate(detail, answers).ok;
	const errors: Record<string, string> = {};
	for (const e of entries) {
		try {
			checkEntry(detail, e.questionId, e.input, valid);
		} catch (err) {
			if (err instanceof AssessmentError) errors[e.questionId] = err.message;
			else throw err;
		}
	}
	return errors;
}

/** Answers checked as a clearance-answers/1 document of the assessment's questionnaire. */
function validate(detail: Questionnaire, answers: Record<string, Answer>) {
	return validateAnswers({ format: 'clearance-answers/1', template: { key: detail.template.key, version: detail.template.version }, answers }, compiledTemplate(detail.template.doc));
}

/** One answer's checks; `alreadyValid` when its form has passed validation as a whole. */
function checkEntry(detail: Questionnaire, questionId: string, input: AnswerInput, alreadyValid: boolean): void {
	if (!compiledTemplate(detail.template.doc).questionIndex.has(questionId)) throw new AssessmentError('questionId', `The template has no question ${questionId}.`);
	if (!alreadyValid) {
		const entry = toEntry(input);
		const result = validate(detail, entry ? { [questionId]: entry } : {});
		if (!result.ok) throw new AssessmentError(questionId, result.problems[0].message);
	}
	// Checked here too: an unanswered entry carries its assurance and note past the validator.
	if (!(ASSURANCE_LEVELS as readonly string[]).includes(input.assurance)) throw new AssessmentError(questionId, 'Choose an assurance level: claimed, evidenced or verified.');
	if (typeof input.value === 'string' && input.value.length > TEXT_LIMIT) throw new AssessmentError(questionId, 'A written answer has at most 10,000 characters.');
	if (typeof input.value === 'string' && hasControlCharacters(input.value, { multiline: true })) throw new AssessmentError(questionId, controlCharactersMessage('An answer', { multiline: true }));
	if (input.note.length > TEXT_LIMIT) throw new AssessmentError(questionId, 'A note has at most 10,000 characters.');
	if (hasControlCharacters(input.note, { multiline: true })) throw new AssessmentError(questionId, controlCharactersMessage('A note', { multiline: true }));
}

// Raw: 7× faster per answer than a drizzle insert (5 vs 35 µs); a bulk load takes 1.34× as long without it (bench, 2026-12-07).
const INSERT = `INSERT INTO answers (assessment_id, question_id, value, na, assurance, note, not_applicable_to, version, updated_by, updated_at)
	VALUES (@assessmentId, @questionId, @value, @na, @assurance, @note, @notApplicableTo, @version, @updatedBy, @updatedAt)`;

/** Insert a new answer (in the caller's transaction); the row is known but for its id, so it is not read back. */
function inserted(row: Omit<AnswerRow, 'id'>): AnswerRow {
	return { id: Number(statement(INSERT).run({ ...row, na: row.na ? 1 : 0 }).lastInsertRowid), ...row };
}

/**
 * The assessment a save writes into, read in the save's transaction: it
 * must exist, still take answers, and take them from `as`.
 */
function openFor(id: number, as: Writer): Questionnaire {
	const found = outline(id);
	if (!found) throw new AssessmentError('id', 'There is no such assessment.', 404);
	assertAnswerable(found, as);
	return found;
}

// Raw: read by every save, with the touch below: one of the write path's statements that took a bulk load from 1.37–1.50× to about 1.0× (0.89–1.08× by round) the CPU of the built-once queries (README, 2026-12-07).
const CURRENT = `SELECT id, assessment_id AS assessmentId, question_id AS questionId, value, na, assurance, note, not_applicable_to AS notApplicableTo,
	version, updated_by AS updatedBy, updated_at AS updatedAt FROM answers WHERE assessment_id = ?`;
const TOUCH = 'UPDATE assessments SET updated_at = ? WHERE id = ?';

/** The assessment's answers as stored, by question id (in the caller's transaction). */
function currentAnswers(assessmentId: number): Map<string, AnswerRow> {
	const rows = statement(CURRENT).all(assessmentId) as Array<Omit<AnswerRow, 'na'> & { na: 0 | 1 }>;
	return new Map(rows.map((row) => [row.questionId, { ...row, na: row.na === 1 }]));
}

/**
 * Write answers in the caller's transaction, each checked against the version
 * its form started from, with one audit event for the set. One read of the
 * current rows serves the whole set.
 */
function writeAnswers(tx: Tx, actor: Actor, assessmentId: number, current: Map<string, AnswerRow>, entries: BatchEntry[], now: number): AnswerRow[] {
	const seen = new Set<string>();
	const planned = entries.map(({ questionId, input, expectedVersion }) => {
		if (seen.has(questionId)) throw new AssessmentError(questionId, 'This question appears twice in the form; reload the page.');
		seen.add(questionId);
		const before = current.get(questionId);
		if (!before && expectedVersion !== 0) throw new AssessmentError('version', 'This form is out of date; reload the page.');
		if (before && before.version !== expectedVersion) throw new ConflictError(answerView(before, nameOf(before.updatedBy)));
		const values = {
			value: input.na || input.value === null ? null : JSON.stringify(input.value),
			na: input.na,
			assurance: input.assurance,
			note: input.note || null,
			// Whoever saves an answer gives it: an N/A kept now is theirs, not the platform kind's.
			notApplicableTo: null,
			updatedBy: actor.id,
			updatedAt: now
		};
		return { questionId, before, values };
	});
	const rows = planned.map(({ questionId, before, values }) =>
		before ? tx.update(answer).set({ ...values, version: before.version + 1 }).where(eq(answer.id, before.id)).returning().get()! : inserted({ ...values, assessmentId, questionId, version: 1 })
	);
	const changes = planned.map(({ questionId, before, values }, i) => ({
		question: questionId,
		version: rows[i].version,
		from: before ? { value: before.value, na: before.na, assurance: before.assurance, note: before.note } : null,
		to: { value: values.value, na: values.na, assurance: values.assurance, note: values.note }
	}));
	// One event for the save, naming every answer with its before and after:
	// the same facts as an event per answer, chained once. An event per
	// answer was half the CPU of saving a form (README, Performance).
	if (changes.length) recordAll(tx, actor, [{ action: 'answer.save', entityType: 'assessment', entityId: assessmentId, details: changes.length === 1 ? changes[0] : { answers: changes } }]);
	if (planned.length) statement(TOUCH).run(now, assessmentId);
	return rows;
}

/** How many pieces of evidence each question has (in the caller's transaction): what an assurance level is checked against. */
function evidenceCounts(tx: Tx, assessmentId: number): Map<string, number> {
	const counts = new Map<string, number>();
	for (const { questionId } of tx.select({ questionId: evidence.questionId }).from(evidence).where(eq(evidence.assessmentId, assessmentId)).all()) {
		counts.set(questionId, (counts.get(questionId) ?? 0) + 1);
	}
	return counts;
}

/**
 * Save one answer. `expectedVersion` is the version the person started from
 * (0 for a question not answered before); anything else is a conflict.
 */
export function saveAnswer(actor: Actor, id: number, questionId: string, input: AnswerInput, expectedVersion: number, { as }: WriteAs): AnswerView {
	const row = write(actor, (tx) => {
		const questionnaire = openFor(id, as);
		checkAnswer(questionnaire, questionId, input);
		const problem = assuranceProblem(input, evidenceCounts(tx, id).get(questionId) ?? 0);
		if (problem) throw new AssessmentError(questionId, problem);
		return writeAnswers(tx, actor, id, currentAnswers(id), [{ questionId, input, expectedVersion }], Date.now())[0];
	});
	return answerView(row, nameOf(row.updatedBy));
}

export interface BatchEntry {
	questionId: string;
	input: AnswerInput;
	expectedVersion: number;
}

/** The form sends an answer as it stands (a never-answered question as an empty claim). */
function unchanged(stored: AnswerRow | undefined, input: AnswerInput): boolean {
	const before = stored ? { value: stored.value === null ? null : JSON.parse(stored.value), na: stored.na, assurance: stored.assurance, note: stored.note ?? '' } : { value: null, na: false, assurance: 'claimed', note: '' };
	// An N/A answer has no value, whatever the form sent with it.
	const value = input.na ? null : input.value;
	return before.na === input.na && before.assurance === input.assurance && before.note === input.note && JSON.stringify(before.value ?? null) === JSON.stringify(value ?? null);
}

/**
 * Save several answers (a section submitted without JavaScript). Unchanged
 * entries are skipped; every problem and conflict is reported, and nothing is
 * saved while any remain, so a person fixes and resubmits the whole form.
 * Called inside another write() (the respondent's own rules, checked first),
 * it runs in that transaction.
 */
export function saveAnswers(actor: Actor, id: number, entries: BatchEntry[], { as }: WriteAs): { saved: number; errors: Record<string, string>; conflicts: AnswerView[] } {
	return write(actor, (tx) => {
		const questionnaire = openFor(id, as);
		const current = currentAnswers(id);
		const changed = entries.filter((e) => !unchanged(current.get(e.questionId), e.input));
		const errors = answerProblems(questionnaire, changed);
		const counts = evidenceCounts(tx, id);
		for (const e of changed) {
			const problem = assuranceProblem(e.input, counts.get(e.questionId) ?? 0);
			if (problem) errors[e.questionId] ??= problem;
		}
		const stale = changed.filter((e) => (current.get(e.questionId)?.version ?? 0) !== e.expectedVersion);
		const conflicts = stale.flatMap((e) => {
			const row = current.get(e.questionId);
			return row ? [answerView(row, nameOf(row.updatedBy))] : [];
		});
		// A version for an answer that was never saved is a form out of step, not someone else's change.
		for (const e of stale) if (!current.has(e.questionId)) errors[e.questionId] ??= 'This form is out of date; reload the page.';
		if (Object.keys(errors).length || conflicts.length) return { saved: 0, errors, conflicts };
		writeAnswers(tx, actor, id, current, changed, Date.now());
		return { saved: changed.length, errors, conflicts };
	});
}
