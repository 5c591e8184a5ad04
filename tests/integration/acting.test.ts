// Who acts is checked again inside every write transaction: a request that
// began while its session was alive, its user enabled, its role the same or
// its invitation valid must not commit once any of that has changed — even
// when the change came from another server process after the hook ran.
import { describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { listEvents, record } from '../../src/lib/server/audit';
import { getDb, write } from '../../src/lib/server/db/index';
import { eq } from 'drizzle-orm';
import { platform, session, user as userTable } from '../../src/lib/server/db/schema';
import { Conflict } from '../../src/lib/server/errors';
import * as invitations from '../../src/lib/server/invitations';
import * as platforms from '../../src/lib/server/platforms';
import { createSession } from '../../src/lib/server/auth/session';
import * as users from '../../src/lib/server/auth/users';
import { actions as newPlatform } from '../../src/routes/(app)/platforms/new/+page.server';
import { useTempDatabase } from '../helpers/database';
import { refusalOf } from '../helpers/refusal';
import { formEvent, outcomeOf } from '../helpers/request-event';
import { openedSelfAssessment } from '../helpers/self-assessment';

useTempDatabase();
const admin = { id: null, label: 'admin@example.com' };
const platformCount = () => getDb().select().from(platform).all().length;

async function analystWithSession(email: string) {
	const u = await users.create(admin, { email, name: 'Ana Lyst', role: 'analyst', password: 'a long and unusual passphrase 1' });
	const { session: s } = write((tx) => createSession(tx, u.id, { ip: null, userAgent: null }));
	// The actor the guard hands a route: the session it acts through travels with it.
	const actor = { id: u.id, label: u.email, acting: { kind: 'user' as const, sessionId: s.id, userId: u.id, role: u.role } };
	return { user: u, session: s, actor };
}

const newPlatformInput = (name: string) => ({ name, kind: 'exchange' as const, status: 'prospect' as const, jurisdictions: [], tags: [], website: '', description: '' });

describe('the acting user, checked under the write lock', () => {
	it('lets a live session write', async () => {
		const { actor } = await analystWithSession('live@example.com');
		const created = platforms.create(actor, newPlatformInput('Live Exchange'));
		expect(created.name).toBe('Live Exchange');
	});

	it('refuses with 409 once the user is disabled, and writes nothing', async () => {
		const { user, actor } = await analystWithSession('disabled@example.com');
		const before = platformCount();
		// Another process disables the user while this request's body is arriving.
		users.setDisabled(admin, user.id, true);
		const err = refusalOf(() => platforms.create(actor, newPlatformInput('Too Late Ltd')), Conflict);
		expect(err.status).toBe(409);
		expect(err.message).toMatch(/disabled|session ended/);
		expect(platformCount()).toBe(before);
	});

	it('refuses once the session has ended (signed out elsewhere)', async () => {
		const { user, actor } = await analystWithSession('ended@example.com');
		const before = platformCount();
		write((tx) => tx.delete(session).run());
		const err = refusalOf(() => platforms.create(actor, newPlatformInput('Ghost Exchange')), Conflict);
		expect(err.message).toMatch(/session ended/);
		expect(platformCount()).toBe(before);
	});

	it('refuses once the role has changed', async () => {
		const { user, actor } = await analystWithSession('demoted@example.com');
		users.changeRole(admin, user.id, 'committee');
		const err = refusalOf(() => platforms.create(actor, newPlatformInput('Demoted Exchange')), Conflict);
		expect(err.message).toMatch(/role changed|session ended/);
	});

	it('refuses when the role changed by any other path than changeRole', async () => {
		const { user, actor } = await analystWithSession('rerolled@example.com');
		write((tx) => tx.update(userTable).set({ role: 'committee' }).where(eq(userTable.id, user.id)).run());
		const err = refusalOf(() => platforms.create(actor, newPlatformInput('Rerolled Exchange')), Conflict);
		expect(err.message).toMatch(/role changed to committee/);
	});

	it('answers a form action that lost the race with a 409 naming what changed, never a 500', async () => {
		const { user, session: s } = await analystWithSession('form@example.com');
		const before = platformCount();
		const event = formEvent('/(app)/platforms/new', 'default', { name: 'Raced Exchange', kind: 'exchange', status: 'prospect' }, { locals: { user, session: s, respondent: null } });
		users.setDisabled(admin, user.id, true);
		const outcome = await outcomeOf(() => newPlatform.default(event as never));
		expect(outcome.label).toBe('fail 409');
		expect(outcome.detail).toMatch(/disabled|session ended/);
		expect(platformCount()).toBe(before);
	});
});

describe('the acting check, first thing in the write transaction', () => {
	const analystAssessment = () => {
		const p = platforms.create(admin, newPlatformInput(`Checked ${Math.random().toString(36).slice(2, 8)}`));
		return assessments.create(admin, { platformId: p.id, templateKey: 'ci-dd', templateVersion: '1.0.0', assessorIds: [], dueDate: '2099-01-31' }).assessment.id;
	};
	const claim = (questionId: string) => ({ questionId, input: { value: 'yes', na: false, assurance: 'claimed' as const, note: '' }, expectedVersion: 0 });

	it('answers an ended session with its 409, not with the refusal a domain rule would give', async () => {
		const { actor } = await analystWithSession('first-check@example.com');
		// A live session asking for an assessment that does not exist is told so (404)…
		expect(refusalOf(() => assessments.saveAnswers(actor, 987_654, [claim('social.simulation')], { as: 'staff' })).status).toBe(404);
		write((tx) => tx.delete(session).run());
		// …an ended one is told its session ended: no rule is judged for it.
		const err = refusalOf(() => assessments.saveAnswers(actor, 987_654, [claim('social.simulation')], { as: 'staff' }), Conflict);
		expect(err.status).toBe(409);
		expect(err.message).toMatch(/session ended/);
	});

	it('refuses an ended session even when the write would change and record nothing', async () => {
		const { actor } = await analystWithSession('no-op@example.com');
		const id = analystAssessment();
		assessments.saveAnswers(actor, id, [claim('social.simulation')], { as: 'staff' });
		// The same answer again is no change: saved 0, nothing recorded, while the session lives.
		const eventsBefore = listEvents({ limit: 1000 }).length;
		expect(assessments.saveAnswers(actor, id, [{ ...claim('social.simulation'), expectedVersion: 1 }], { as: 'staff' }).saved).toBe(0);
		expect(listEvents({ limit: 1000 }).length).toBe(eventsBefore);
		write((tx) => tx.delete(session).run());
		const err = refusalOf(() => assessments.saveAnswers(actor, id, [{ ...claim('social.simulation'), expectedVersion: 1 }], { as: 'staff' }), Conflict);
		expect(err.message).toMatch(/session ended/);
	});

	it('checks a bulk change once, at its start: every nested change commits with it, or none when the session has ended', async () => {
		const { actor } = await analystWithSession('bulk@example.com');
		const before = platformCount();
		write(actor, () => ['Bulk One', 'Bulk Two', 'Bulk Three'].forEach((name) => platforms.create(actor, newPlatformInput(name))));
		expect(platformCount()).toBe(before + 3);
		write((tx) => tx.delete(session).run());
		const err = refusalOf(() => write(actor, () => platforms.create(actor, newPlatformInput('Bulk Four'))), Conflict);
		expect(err.message).toMatch(/session ended/);
		expect(platformCount()).toBe(before + 3);
	});

	it('still refuses through the audit record when a write() was not told who acts', async () => {
		const { actor } = await analystWithSession('untold@example.com');
		const before = listEvents({ limit: 1000 }).length;
		write((tx) => tx.delete(session).run());
		// A transaction opened without its actor: recording the change is where it is caught.
		const err = refusalOf(() => write((tx) => record(tx, actor, { action: 'platform.create', entityType: 'platform', entityId: 1 })), Conflict);
		expect(err.message).toMatch(/session ended/);
		expect(listEvents({ limit: 1000 }).length).toBe(before);
	});
});

describe('the acting respondent, checked under the write lock', () => {
	it('refuses an answer once the invitation is revoked, and records nothing', async () => {
		const { id, invitation, ctx } = openedSelfAssessment(admin, 'ci-dd');
		// The actor the respondent's routes act as: through the link's session.
		const acting = invitations.respondentActor(invitation, ctx().sessionId);
		const question = assessments.mustGet(id).template.doc.sections[0].questions[0];
		const eventsBefore = listEvents({ limit: 1000 }).length;
		// Only the N/A answers given at the start for questions of other kinds of platform.
		const answersBefore = assessments.mustGet(invitation.assessmentId).answers;
		expect(Object.values(answersBefore).every((a) => a.notApplicableTo !== null)).toBe(true);
		invitations.revoke(admin, invitation.id);
		const err = refusalOf(
			() =>
		assessments.saveAnswers(acting, id, [
			{ questionId: question.id, input: { value: null, na: false, assurance: 'claimed', note: 'Answered after the link was withdrawn.' }, expectedVersion: 0 }
		], { as: 'respondent' }),
			Conflict
		);
		expect(err.status).toBe(409);
		expect(err.message).toMatch(/withdrawn or expired/);
		expect(assessments.mustGet(invitation.assessmentId).answers).toEqual(answersBefore);
		expect(assessments.mustGet(invitation.assessmentId).answers[question.id]).toBeUndefined();
		// Only the revocation itself was recorded.
		expect(listEvents({ limit: 1000 }).length).toBe(eventsBefore + 1);
	});
});
