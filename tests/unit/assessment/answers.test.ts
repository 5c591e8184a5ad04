import { describe, expect, it } from 'vitest';
import { parseValue } from '../../../src/lib/assessments/answer-input';
import {
	choicesOf,
	describeAnswer,
	draftFromForm,
	draftOf,
	inputOf,
	inputProblem,
	NONE_OF_THESE,
	sameInput
} from '../../../src/lib/components/assessment/answers';
import { sectionProgress } from '../../../src/lib/components/assessment/progress';
import { score } from '../../../src/lib/scoring/index';
import { ct, questionOf, template } from './template';

describe('drafts and answers', () => {
	it('a stored answer comes back unchanged through its form fields', () => {
		const stored = [
			{ id: 'hiring.video', value: 'yes' },
			{ id: 'keys.training', value: 42.5 },
			{ id: 'keys.signals', value: ['vpn', 'geo'] },
			{ id: 'keys.signals', value: [] },
			{ id: 'keys.maturity', value: 3 },
			{ id: 'hiring.notes', value: 'free text' }
		];
		for (const { id, value } of stored) {
			const answer = { value, na: false, assurance: 'evidenced' as const, note: 'n' };
			expect(inputOf(questionOf(id), draftOf(answer))).toEqual(answer);
		}
	});

	it('"None of these" is an answer scoring 0, while no box at all leaves the question unanswered', () => {
		const q = questionOf('keys.signals');
		expect(inputOf(q, { raw: [NONE_OF_THESE], na: false, assurance: 'claimed', note: '' }).value).toEqual([]);
		expect(inputOf(q, { raw: [], na: false, assurance: 'claimed', note: '' }).value).toBeNull();
		// The browser reads the boxes exactly as the server's plain-submit path does.
		expect(parseValue(q, [NONE_OF_THESE])).toEqual([]);
	});

	it('marking N/A drops the value but keeps it in the draft, to come back when N/A is undone', () => {
		const q = questionOf('hiring.refs');
		const draft = { raw: ['partial'], na: true, assurance: 'claimed' as const, note: '' };
		expect(inputOf(q, draft)).toEqual({ value: null, na: true, assurance: 'claimed', note: '' });
		expect(inputOf(q, { ...draft, na: false }).value).toBe('partial');
	});

	it('a value that does not fit is named in the words the server uses, and a good one passes', () => {
		const q = questionOf('keys.training');
		expect(inputProblem(ct, q.id, inputOf(q, { raw: ['120'], na: false, assurance: 'claimed', note: '' }))).toBe('expected a number from 0 to 100');
		expect(inputProblem(ct, q.id, inputOf(q, { raw: ['soon'], na: false, assurance: 'claimed', note: '' }))).toMatch(/expected/);
		expect(inputProblem(ct, q.id, inputOf(q, { raw: ['99,5'], na: false, assurance: 'claimed', note: '' }))).toBeNull();
	});

	it('inputs are the same when they would store the same answer', () => {
		const a = { value: ['vpn'], na: false, assurance: 'claimed' as const, note: '' };
		expect(sameInput(a, { ...a, value: ['vpn'] })).toBe(true);
		expect(sameInput(a, { ...a, note: 'x' })).toBe(false);
		expect(sameInput(a, { ...a, value: ['geo'] })).toBe(false);
	});

	it('reads the fields of a plain form submit', () => {
		const form = new FormData();
		form.append('value:keys.signals', 'vpn');
		form.append('value:keys.signals', 'geo');
		form.append('assurance:keys.signals', 'verified');
		form.append('note:keys.signals', 'seen in SIEM');
		expect(draftFromForm(form, 'keys.signals')).toEqual({ raw: ['vpn', 'geo'], na: false, assurance: 'verified', note: 'seen in SIEM' });
		expect(draftFromForm(form, 'hiring.video')).toEqual({ raw: [], na: false, assurance: 'claimed', note: '' });
	});

	it('describes answers as a reader would say them', () => {
		expect(describeAnswer(questionOf('hiring.refs'), { value: 'partial', na: false })).toBe('Partly');
		expect(describeAnswer(questionOf('hiring.refs'), { value: null, na: true })).toBe('Not applicable');
		expect(describeAnswer(questionOf('keys.training'), { value: 80, na: false })).toBe('80%');
		expect(describeAnswer(questionOf('keys.signals'), { value: ['geo'], na: false })).toBe('Impossible travel');
		expect(describeAnswer(questionOf('keys.signals'), { value: [], na: false })).toBe('None of these');
		expect(describeAnswer(questionOf('hiring.video'), undefined)).toBe('Not answered');
	});

	it('maturity levels keep their own number and get one when they lack it', () => {
		const labels = choicesOf(questionOf('keys.maturity')).map((c) => c.label);
		expect(labels[3]).toBe('3 – Defined');
		expect(labels[5]).toBe('5 — Optimising');
	});
});

describe('section progress', () => {
	it('counts scored questions answered or N/A, and takes coverage from the score', () => {
		const entries = { 'hiring.video': { value: 'yes' }, 'hiring.refs': { na: true }, 'hiring.notes': { value: 'x' } };
		const result = score(ct, { format: 'clearance-answers/1', template: { key: 'answering', version: '1.0.0' }, answers: entries });
		const [hiring, keys] = sectionProgress(template, entries, result);
		expect(hiring).toMatchObject({ id: 'hiring', done: 2, total: 2, coverage: 1 });
		expect(keys).toMatchObject({ id: 'keys', done: 0, total: 3, coverage: 0 });
	});
});
