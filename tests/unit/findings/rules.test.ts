// The findings rules that need no database: how severe a proposal is, which
// answers are weak, which moves a finding may make, who may accept which
// risk, and what status a lapsed acceptance reads as.
import { describe, expect, it } from 'vitest';
import { addMonths, defaultDueOn, isDay } from '../../../src/lib/findings/dates';
import { proposalsFor, titleFrom, TITLE_MAX } from '../../../src/lib/findings/proposals';
import { isWeakAnswer, knockoutSeverity, weakAnswerSeverity } from '../../../src/lib/findings/severity';
import { canMove, FINDING_TRANSITIONS, mayAccept } from '../../../src/lib/findings/transitions';
import { effectiveStatus, FINDING_STATUSES, isOverdue } from '../../../src/lib/findings/vocabulary';
import { DEFAULT_GRADES, explain, validateTemplate, type Template } from '../../../src/lib/scoring';

describe('severity', () => {
	it('grades a knock-out by how far down the scale it caps: D or F critical, C high, A or B medium', () => {
		expect(['A', 'B', 'C', 'D', 'F'].map((g) => knockoutSeverity(g, DEFAULT_GRADES))).toEqual(['medium', 'medium', 'high', 'critical', 'critical']);
	});

	it('reads a cap on a short scale by its position too, and an unknown cap as the worst', () => {
		const pass = [
			{ grade: 'Pass', min: 50 },
			{ grade: 'Fail', min: 0 }
		];
		expect([knockoutSeverity('Pass', pass), knockoutSeverity('Fail', pass), knockoutSeverity('Z', DEFAULT_GRADES)]).toEqual(['medium', 'critical', 'critical']);
	});

	it('grades a weak answer by its question’s weight: 5 and up high, 3–4 medium, less low', () => {
		expect([6, 5, 4, 3, 2, 0].map(weakAnswerSeverity)).toEqual(['high', 'high', 'medium', 'medium', 'low', 'low']);
	});

	it('counts an answer weak below r 0.5 on weight 3 or more; unanswered and N/A (r null) never', () => {
		expect([isWeakAnswer(0.4, 3), isWeakAnswer(0.5, 3), isWeakAnswer(0, 2), isWeakAnswer(null, 5)]).toEqual([true, false, false, false]);
	});
});

describe('proposals', () => {
	const doc = validateTemplate({
		format: 'clearance-template/1',
		key: 't',
		version: '1',
		title: 'T',
		sections: [
			{
				id: 's',
				questions: [
					{ id: 'k', prompt: 'Knocked out and weak', type: 'yes_no', weight: 5, critical: { minScore: 1, capGrade: 'C' } },
					{ id: 'u', prompt: 'Unanswered knock-out', type: 'yes_no', weight: 1, critical: { minScore: 1, capGrade: 'D' } },
					{ id: 'w', prompt: 'Weak', type: 'maturity', weight: 3 },
					{ id: 'fine', prompt: 'Fine', type: 'maturity', weight: 3 }
				]
			}
		]
	});
	if (!doc.ok) throw new Error('fixture template is invalid');
	const template = doc.value as Template;
	const answers = { format: 'clearance-answers/1' as const, template: { key: 't', version: '1' }, answers: { k: { value: 'no' }, w: { value: 1 }, fine: { value: 3 } } };

	it('proposes a question both knocked out and weak once, as the knock-out; an unanswered knock-out too; in template order', () => {
		const proposed = proposalsFor(template, explain(template, answers));
		expect(proposed.map((p) => [p.questionId, p.severity])).toEqual([
			['k', 'high'],
			['u', 'critical'],
			['w', 'medium']
		]);
		expect(proposed[1].detail).toMatch(/not answered.*capped at D/);
	});

	it('takes the title from the prompt, cut at a word with an ellipsis when long', () => {
		const long = 'Does the platform '.repeat(12).trim() + '?';
		const title = titleFrom(long);
		expect(title.length).toBeLessThanOrEqual(TITLE_MAX);
		expect(title.endsWith('…')).toBe(true);
		expect(titleFrom('  Short   prompt ')).toBe('Short prompt');
	});
});

describe('transitions', () => {
	it('lets remediation move open → sent → remediated → verified, or back to open, and nothing out of a closed status', () => {
		expect([canMove('open', 'sent'), canMove('sent', 'remediated'), canMove('remediated', 'verified'), canMove('remediated', 'open')]).toEqual([true, true, true, true]);
		expect([canMove('proposed', 'sent'), canMove('verified', 'open'), canMove('dismissed', 'open'), canMove('proposed', 'accepted')]).toEqual([false, false, false, false]);
	});

	it('names every status, and only statuses, as a source and a target', () => {
		expect(Object.keys(FINDING_TRANSITIONS).sort()).toEqual([...FINDING_STATUSES].sort());
		for (const targets of Object.values(FINDING_TRANSITIONS)) for (const t of targets) expect(FINDING_STATUSES).toContain(t);
	});

	it('lets analysts accept low and medium risks, admins any, the committee none', () => {
		expect((['critical', 'high', 'medium', 'low'] as const).map((s) => mayAccept('analyst', s))).toEqual([false, false, true, true]);
		expect((['critical', 'high'] as const).map((s) => mayAccept('admin', s))).toEqual([true, true]);
		expect(mayAccept('committee', 'low')).toBe(false);
	});
});

describe('effective status', () => {
	const accepted = { status: 'accepted' as const, acceptanceExpiresOn: '2026-06-30', dueOn: '2026-01-31' };

	it('reads an acceptance as accepted through its last day and open from the day after, when it is overdue again', () => {
		expect(effectiveStatus(accepted, '2026-06-30')).toBe('accepted');
		expect(effectiveStatus(accepted, '2026-07-01')).toBe('open');
		expect([isOverdue(accepted, '2026-06-30'), isOverdue(accepted, '2026-07-01')]).toEqual([false, true]);
	});
});

describe('dates', () => {
	it('sets the default due date by severity, and keeps a month’s last day when the target month is shorter', () => {
		expect([defaultDueOn('critical', '2026-12-01'), defaultDueOn('low', '2026-12-01')]).toEqual(['2026-12-15', '2027-05-30']);
		expect([addMonths('2026-01-31', 1), addMonths('2026-12-07', 12)]).toEqual(['2026-02-28', '2027-12-07']);
		expect([isDay('2026-02-30'), isDay('2026-2-3'), isDay('2026-02-28')]).toEqual([false, false, true]);
	});
});
