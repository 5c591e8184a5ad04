// The demo's findings at every stage, on the platform whose finalised
// assessments proposed the most: some left proposed for triage, one confirmed
// long enough ago to be overdue, one accepted as a risk until an expiry, and
// three sent to the platform through a remediation link (one still with the
// platform, one it marked done waiting for verification, one verified).
// Everything goes through the same domain functions the pages call, dated
// in the past where the story needs it.
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../audit';
import { getDb } from '../db/index';
import { finding, remediationRequest } from '../db/schema';
import * as findings from '../findings';
import * as remediation from '../remediation';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const SEVERITY_ORDER = sql`case ${finding.severity} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;

type Staff = Actor & { id: number };

/** Returns the platform the story is told on, or null when there is nothing to tell it with. */
export function seedDemoFindings(analyst: Staff, admin: Staff, now = Date.now()): number | null {
	const db = getDb();
	// Seeded once: a remediation request means this already ran.
	if (db.select({ id: remediationRequest.id }).from(remediationRequest).limit(1).get()) return null;
	const busiest = db
		.select({ platformId: finding.platformId, n: sql<number>`count(*)` })
		.from(finding)
		.where(eq(finding.status, 'proposed'))
		.groupBy(finding.platformId)
		.orderBy(sql`count(*) desc`)
		.limit(1)
		.get();
	if (!busiest || busiest.n < 7) return null;
	const platformId = busiest.platformId;
	const proposed = () =>
		db
			.select()
			.from(finding)
			.where(and(eq(finding.platformId, platformId), eq(finding.status, 'proposed')))
			.orderBy(SEVERITY_ORDER, finding.id)
			.all();
	const [first, second, third, fourth, fifth, sixth] = proposed();

	// Confirmed 45 days ago with the default due date: a critical or high one is overdue now.
	findings.confirm(analyst, first.id, { version: first.version, dueOn: null }, now - 45 * DAY);
	// Accepted as a risk by the admin (whatever its severity) until three months from now.
	const accepted = findings.confirm(analyst, second.id, { version: second.version, dueOn: null }, now - 20 * DAY);
	findings.accept(
		admin,
		accepted.id,
		{
			version: accepted.version,
			rationale: 'Compensating control: withdrawals above USD 250k need a second approver in another jurisdiction until the platform’s fix ships in Q2.',
			expiresOn: dayOf(now + 90 * DAY)
		},
		now - 19 * DAY
	);
	// Three confirmed and sent to the platform's security lead.
	const sent = [third, fourth, fifth].map((f) => findings.confirm(analyst, f.id, { version: f.version, dueOn: null }, now - 10 * DAY));
	const { token } = remediation.send(analyst, {
		platformId,
		findingIds: sent.map((f) => f.id),
		respondentName: 'Priya Raman',
		respondentEmail: 'priya.raman@platform.example',
		message: 'These came out of our assessment. Please tell us how and by when you will fix each, with evidence when done.',
		expiresInDays: 14
	});
	const opened = remediation.redeem(token, '192.0.2.10');
	if (!opened.ok) return platformId;
	const ctx = remediation.validateRemediator(opened.sessionToken);
	if (!ctx) return platformId;
	const target = dayOf(now + 30 * DAY);
	// Still with the platform: a plan, not done yet.
	remediation.saveResponse(ctx, sent[0].id, { plan: 'Procedure drafted; the change board reviews it next week, then we roll it out to every team.', targetOn: target, version: 0 });
	// Done by the platform, waiting for the analyst to verify.
	remediation.addLink(ctx, sent[1].id, 'https://platform.example/security/hiring-policy-2026.pdf', 'Hiring policy, December 2026');
	remediation.markDone(ctx, sent[1].id, { plan: 'Done: the control is in place for every new hire since 1 December; the policy and the first month’s log are linked.', targetOn: dayOf(now), version: 0 });
	// Done and verified.
	remediation.addLink(ctx, sent[2].id, 'https://platform.example/security/retest-2026-12.pdf', 'Re-test report, December 2026');
	remediation.markDone(ctx, sent[2].id, { plan: 'Fixed and re-tested by our external pentester; report attached.', targetOn: dayOf(now), version: 0 });
	remediation.verify(analyst, ctx.request.id, sent[2].id, 'Re-test report read: the issue is closed and the evidence is kept.');
	// One left proposed on purpose beside the rest, and one dismissed with its reason.
	if (sixth) findings.dismiss(analyst, sixth.id, { version: sixth.version, reason: 'Duplicate of a finding raised in the previous cycle; followed there.' }, now);
	return platformId;
}
