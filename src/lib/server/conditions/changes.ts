// Writing conditions: set in the chair's decision (in its transaction), closed
// when their findings close, or signed off by the chair or an admin. Each
// write reads the rows its rules need inside its own transaction.
import { and, eq, inArray } from 'drizzle-orm';
import { recordAll, record, type Actor, type AuditEntry } from '../audit';
import { getDb, write, type Tx } from '../db/index';
import { condition, conditionFinding, finding, review, user } from '../db/schema';
import { conditionInput, CONDITION_LIMITS, isFindingClosed, signOffInput, type ConditionInput } from '../../findings/conditions';
import { conditionsWhere, today } from './read';
import { ConditionError } from './rules';

/** Who acts: a signed-in user, as the guard returned them. */
export type ConditionActor = Actor & { id: number };

/** What the chair wrote for one candidate, before it is checked. */
export interface CandidateConditions {
	candidateId: number;
	platformId: number;
	platformName: string;
	/** As posted; checked here. */
	conditions: unknown[];
}

/**
 * Check and insert the conditions of one candidate decided "approve with
 * conditions", inside the decision's transaction: each needs text and a due
 * date from today on, and the findings it waits on must be this platform's
 * and still open today. Problems are returned by field, none is inserted.
 */
export function checkConditions(tx: Tx, given: CandidateConditions, now: number): { inputs: ConditionInput[]; problems: Record<string, string> } {
	const problems: Record<string, string> = {};
	const inputs: ConditionInput[] = [];
	const day = today(now);
	const field = (n: number, part: string) => `condition.${given.candidateId}.${n}.${part}`;
	if (given.conditions.length === 0) {
		problems[`conditions.${given.candidateId}`] = `Approve with conditions needs at least one condition for ${given.platformName}: what it must do and by when.`;
		return { inputs, problems };
	}
	if (given.conditions.length > CONDITION_LIMITS.perCandidate) {
		problems[`conditions.${given.candidateId}`] = `At most ${CONDITION_LIMITS.perCandidate} conditions for ${given.platformName}.`;
		return { inputs, problems };
	}
	given.conditions.forEach((raw, n) => {
		const parsed = conditionInput.safeParse(raw);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const part = issue.path[0] === 'dueOn' ? 'due' : issue.path[0] === 'findingIds' ? 'findings' : 'text';
			problems[field(n, part)] = `${given.platformName}, condition ${n + 1}: ${issue.message}`;
			return;
		}
		if (parsed.data.dueOn < day) {
			problems[field(n, 'due')] = `${given.platformName}, condition ${n + 1}: choose a due date from today on.`;
			return;
		}
		const ids = [...new Set(parsed.data.findingIds)];
		if (ids.length) {
			const found = tx
				.select({ id: finding.id, platformId: finding.platformId, title: finding.title, status: finding.status, acceptanceExpiresOn: finding.acceptanceExpiresOn })
				.from(finding)
				.where(inArray(finding.id, ids))
				.all();
			const foreign = ids.filter((id) => !found.some((f) => f.id === id && f.platformId === given.platformId));
			if (foreign.length) {
				problems[field(n, 'findings')] = `${given.platformName}, condition ${n + 1}: choose findings of ${given.platformName} from the list.`;
				return;
			}
			const closed = found.filter((f) => isFindingClosed(f, day));
			if (closed.length) {
				problems[field(n, 'findings')] =
					`${given.platformName}, condition ${n + 1}: ${closed.map((f) => `“${f.title}”`).join(', ')} ${closed.length === 1 ? 'is' : 'are'} closed already; a condition waits on open findings.`;
				return;
			}
		}
		inputs.push({ ...parsed.data, findingIds: ids });
	});
	return { inputs, problems };
}

/** Insert checked conditions (in the caller's transaction) and return their audit entries. */
export function insertConditions(tx: Tx, actor: ConditionActor, reviewId: number, platformId: number, inputs: ConditionInput[], now: number): AuditEntry[] {
	return inputs.map((input) => {
		const row = tx
			.insert(condition)
			.values({ reviewId, platformId, text: input.text, dueOn: input.dueOn, status: 'open', createdBy: actor.id, createdAt: now })
			.returning({ id: condition.id })
			.get();
		if (input.findingIds.length) tx.insert(conditionFinding).values(input.findingIds.map((findingId) => ({ conditionId: row.id, findingId }))).run();
		return { action: 'condition.create', entityType: 'condition', entityId: row.id, details: { reviewId, platformId, text: input.text, dueOn: input.dueOn, findingIds: input.findingIds } };
	});
}

/**
 * Record, for the given conditions, what their findings say today: closed
 * when all have closed, open again when one reopened (a closing signed off
 * stays). Call it in any transaction that changes a finding's status, with
 * that finding's id (`settleForFindings`); a reader never waits for it, as
 * every page applies the same rule on read.
 */
export function settle(tx: Tx, actor: Actor, conditionIds: number[], now = Date.now()): void {
	if (!conditionIds.length) return;
	const entries: AuditEntry[] = [];
	for (const c of conditionsWhere(tx, inArray(condition.id, conditionIds), today(now))) {
		if (c.state.closedHow === 'signed_off') continue;
		const closed = !c.state.open;
		if (closed === (c.status === 'closed')) continue;
		tx.update(condition)
			.set({ ...(closed ? { status: 'closed', closedHow: 'findings_closed', closedAt: now } : { status: 'open', closedHow: null, closedAt: null }), closedBy: null, version: c.version + 1 })
			.where(eq(condition.id, c.id))
			.run();
		entries.push({ action: closed ? 'condition.close' : 'condition.reopen', entityType: 'condition', entityId: c.id, details: { how: closed ? 'findings_closed' : 'finding_reopened', findingIds: c.findings.map((f) => f.id) } });
	}
	recordAll(tx, actor, entries);
}

/** `settle` for every condition waiting on any of these findings: the findings' writers call this. */
export function settleForFindings(tx: Tx, actor: Actor, findingIds: number[], now = Date.now()): void {
	if (!findingIds.length) return;
	const ids = tx.selectDistinct({ id: conditionFinding.conditionId }).from(conditionFinding).where(inArray(conditionFinding.findingId, findingIds)).all();
	settle(
		tx,
		actor,
		ids.map((r) => r.id),
		now
	);
}

/**
 * The chair of the review that set it, or an admin, signs a condition off
 * with a note. The condition and the signer's role are read in the
 * transaction; a condition that changed since the page was read (its
 * findings closed or reopened, someone else signed it off) is refused with
 * 409 saying what changed.
 */
export function signOff(actor: ConditionActor, reviewId: number, raw: unknown, options: { now?: number } = {}): void {
	const parsed = signOffInput.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ConditionError(String(issue.path[0] ?? 'note'), issue.message);
	}
	const { condition: id, version, note } = parsed.data;
	const now = options.now ?? Date.now();
	write((tx) => {
		const [c] = conditionsWhere(tx, eq(condition.id, id), today(now));
		if (!c || c.reviewId !== reviewId) throw new ConditionError('condition', 'This review set no such condition.', 404);
		const chair = tx.select({ createdBy: review.createdBy }).from(review).where(eq(review.id, c.reviewId)).get();
		const signer = tx.select({ role: user.role, disabled: user.disabled }).from(user).where(eq(user.id, actor.id)).get();
		if (!signer || signer.disabled || (signer.role !== 'admin' && chair?.createdBy !== actor.id)) {
			throw new ConditionError('condition', 'Only the chair of the review that set this condition, or an admin, signs it off.', 403);
		}
		if (c.state.closedHow === 'signed_off') {
			throw new ConditionError('condition', `${c.closedBy ?? 'Someone'} signed this condition off already; nothing was changed.`, 409);
		}
		if (!c.state.open) {
			throw new ConditionError('condition', 'This condition closed meanwhile: every finding it waits on is closed. Nothing was changed.', 409);
		}
		if (c.version !== version) {
			throw new ConditionError('condition', 'This condition changed since you opened the page (a finding it waits on moved). Read it again and sign off if it still holds; nothing was changed.', 409);
		}
		tx.update(condition)
			.set({ status: 'closed', closedHow: 'signed_off', closedBy: actor.id, closedAt: now, closingNote: note, version: c.version + 1 })
			.where(and(eq(condition.id, id), eq(condition.version, c.version)))
			.run();
		record(tx, actor, { action: 'condition.sign_off', entityType: 'condition', entityId: id, details: { reviewId: c.reviewId, platformId: c.platformId, note, openFindings: c.findings.filter((f) => !isFindingClosed(f, today(now))).map((f) => f.id) } });
	});
}

/** The findings of a platform a condition may wait on: those open today, most severe first. */
export function openFindingsOf(platformIds: number[], now = Date.now()) {
	if (!platformIds.length) return [];
	const day = today(now);
	return getDb()
		.select({ id: finding.id, platformId: finding.platformId, title: finding.title, severity: finding.severity, status: finding.status, acceptanceExpiresOn: finding.acceptanceExpiresOn, dueOn: finding.dueOn })
		.from(finding)
		.where(inArray(finding.platformId, platformIds))
		.all()
		.filter((f) => !isFindingClosed(f, day));
}
