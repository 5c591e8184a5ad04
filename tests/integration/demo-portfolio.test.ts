import { beforeAll, describe, expect, it } from 'vitest';
import * as assessments from '../../src/lib/server/assessments';
import { verifyChain } from '../../src/lib/server/audit';
import { appliesToKind } from '../../src/lib/scoring/index';
import { seedPortfolio } from '../../src/lib/server/demo/portfolio';
import * as platforms from '../../src/lib/server/platforms';
import { useTempDatabase } from '../helpers/database';

useTempDatabase();

const DAY = 86_400_000;
let seeded: { platforms: number; assessments: number };
let seconds = 0;

const portfolio = () => platforms.list({ pageSize: 200 }).rows;
const history = (platformId: number) => assessments.listForPlatform(platformId);
const finals = (platformId: number) => history(platformId).filter((a) => a.state === 'final');

beforeAll(async () => {
	const started = performance.now();
	seeded = await seedPortfolio({ analystId: null, analystLabel: 'cli' });
	seconds = (performance.now() - started) / 1000;
	console.log(`demo portfolio seeded in ${seconds.toFixed(2)} s`);
});

describe('demo portfolio', () => {
	it('seeds thirteen platforms of at least five kinds, twelve of them comparable', () => {
		const rows = portfolio();
		expect(seeded.platforms).toBe(13);
		expect(rows).toHaveLength(13);
		expect(rows.filter((r) => r.assessmentId !== null)).toHaveLength(12);
		expect(new Set(rows.map((r) => r.kind)).size).toBeGreaterThanOrEqual(5);
		expect(new Set(rows.map((r) => r.status)).size).toBe(5);
	});

	it('gives each platform one to three final assessments, except one still in progress', () => {
		const rows = portfolio();
		const withoutFinal = rows.filter((r) => finals(r.id).length === 0);
		expect(withoutFinal.length).toBeLessThanOrEqual(1);
		for (const r of withoutFinal) expect(history(r.id).some((a) => a.state !== 'final')).toBe(true);
		for (const r of rows) expect(finals(r.id).length).toBeLessThanOrEqual(3);
		expect(rows.filter((r) => finals(r.id).length >= 1).length).toBeGreaterThanOrEqual(6);
		expect(seeded.assessments).toBe(rows.reduce((n, r) => n + history(r.id).length, 0));
	});

	it('spreads final assessments over two years, so trends move', () => {
		const dates = portfolio().flatMap((r) => finals(r.id).map((a) => a.finalizedAt!));
		expect(Date.now() - Math.min(...dates)).toBeGreaterThan(24 * 30 * DAY);
		expect(Date.now() - Math.max(...dates)).toBeLessThan(6 * 30 * DAY);
		const moved = portfolio().filter((r) => new Set(finals(r.id).map((a) => a.score!.toFixed(0))).size > 1);
		expect(moved.length).toBeGreaterThanOrEqual(4);
	});

	it('shows a grade and figures for every platform with a final assessment', () => {
		for (const r of portfolio().filter((r) => r.assessmentId !== null)) {
			expect(r.grade).toMatch(/^[A-F]$/);
			expect(r.score).not.toBeNull();
			expect(r.coverage).toBeGreaterThanOrEqual(0.85);
			expect(r.validUntil).toMatch(/^\d{4}-\d\d-\d\d$/);
		}
	});

	it('has a grade A without knock-outs and at least two platforms capped by knock-outs', () => {
		const rows = portfolio();
		expect(rows.some((r) => r.grade === 'A' && r.knockouts === 0)).toBe(true);
		expect(rows.filter((r) => (r.knockouts ?? 0) > 0).length).toBeGreaterThanOrEqual(2);
	});

	it('leaves some latest assessments due for reassessment within 60 days or overdue', () => {
		const soon = new Date(Date.now() + 60 * DAY).toISOString().slice(0, 10);
		expect(portfolio().filter((r) => r.validUntil !== null && r.validUntil <= soon).length).toBeGreaterThanOrEqual(2);
	});

	it('writes analyst notes on at least a fifth of the answers, without repeating itself', () => {
		// Not the N/A answers Clearance gives for questions of other kinds of platform: their note is its own, not an analyst's.
		const answers = portfolio().flatMap((r) => history(r.id).flatMap((a) => Object.values(assessments.get(a.id)!.answers).filter((x) => x.notApplicableTo === null)));
		const notes = answers.map((a) => a.note).filter(Boolean);
		expect(notes.length / answers.length).toBeGreaterThanOrEqual(0.2);
		const repeats = notes.length - new Set(notes).size;
		expect(repeats / notes.length).toBeLessThan(0.1);
	});

	it('marks optional questions N/A only where they allow it or do not apply to the kind, and never leaves a knock-out that applies unanswered in a final', () => {
		for (const r of portfolio()) {
			for (const a of finals(r.id)) {
				const detail = assessments.get(a.id)!;
				for (const section of detail.template.doc.sections) {
					for (const q of section.questions) {
						const answer = detail.answers[q.id];
						const applies = appliesToKind(section, q, r.kind);
						if (!applies) expect(answer).toMatchObject({ na: true, notApplicableTo: r.kind });
						else if (answer?.na) expect({ q: q.id, allowNA: q.allowNA, notApplicableTo: answer.notApplicableTo }).toEqual({ q: q.id, allowNA: true, notApplicableTo: null });
						if (q.critical && applies) expect(answer?.value ?? null).not.toBeNull();
					}
				}
				expect(detail.result!.result.knockouts.every((k) => k.reason === 'below')).toBe(true);
			}
		}
	});

	it('does the last year’s work on ci-dd 2.0.0 and keeps older final assessments on 1.0.0, so compare meets both', () => {
		const all = portfolio().flatMap((r) => history(r.id));
		const recent = all.filter((a) => (a.finalizedAt ?? a.createdAt) > Date.now() - 12 * 30.44 * DAY);
		expect(recent.length).toBeGreaterThan(0);
		expect(recent.every((a) => a.templateVersion === '2.0.0')).toBe(true);
		const older = all.filter((a) => a.templateVersion === '1.0.0');
		expect(older.every((a) => a.state === 'final')).toBe(true);
		expect(new Set(older.map((a) => a.id)).size).toBeGreaterThanOrEqual(3);
		// Some platforms' latest final is on each version: compare's default picks then span both.
		const latest = portfolio().flatMap((r) => finals(r.id).slice(0, 1));
		expect(new Set(latest.map((a) => a.templateVersion))).toEqual(new Set(['1.0.0', '2.0.0']));
	});

	it('adds nothing when run again', async () => {
		const before = portfolio().map((r) => [r.id, history(r.id).length]);
		expect(await seedPortfolio({ analystId: null, analystLabel: 'cli' })).toEqual({ platforms: 0, assessments: 0 });
		expect(portfolio().map((r) => [r.id, history(r.id).length])).toEqual(before);
	});

	it('keeps the audit trail verifiable', () => {
		expect(verifyChain()).toMatchObject({ ok: true });
	});
});
