// Whatever arrives, the validators answer with problems: they never throw,
// never hang, never let a key like `__proto__` reach an object's prototype,
// and never echo a megabyte of input back.
import { describe, expect, it } from 'vitest';
import {
	compileTemplate,
	MAX_PROBLEMS,
	score,
	validateAnswers,
	validateProfile,
	validateTemplate,
	type Template,
	type Validation
} from '../../../src/lib/scoring/index';
import { CASES_DIR, readJson } from './helpers';
import { join } from 'node:path';

const basic = () => readJson(join(CASES_DIR, 'basic.template.json')) as Record<string, any>;
const basicTemplate = (): Template => {
	const t = validateTemplate(basic());
	if (!t.ok) throw new Error('invalid');
	return t.value;
};
const MB = 'x'.repeat(1 << 20);

function problemsOf(result: Validation<unknown>) {
	expect(result.ok).toBe(false);
	return result.ok ? [] : result.problems;
}

function cyclic() {
	const o: Record<string, unknown> = { format: 'clearance-template/1' };
	o.self = o;
	o.sections = [o];
	return o;
}

const throwingGetter = Object.defineProperty({}, 'format', {
	enumerable: true,
	get() {
		throw new Error('boom');
	}
});
const throwingProxy = new Proxy(
	{},
	{
		get() {
			throw new Error('trap');
		},
		ownKeys() {
			throw new Error('trap');
		}
	}
);

const junk: [string, unknown][] = [
	['undefined', undefined],
	['null', null],
	['a number', 42],
	['NaN', NaN],
	['Infinity', Infinity],
	['a string', 'clearance-template/1'],
	['a megabyte string', MB],
	['an array', [1, 2, 3]],
	['an empty object', {}],
	['a function', () => 1],
	['a symbol', Symbol('s')],
	['a bigint', 10n],
	['a cyclic object', cyclic()],
	['an object whose getter throws', throwingGetter],
	['a proxy whose traps throw', throwingProxy],
	['an object with wrong types everywhere', { format: 1, key: [], version: {}, title: null, grades: 'A', assurance: [], sections: {} }],
	['sections full of junk', { format: 'clearance-template/1', key: 'k', version: '1', title: 't', sections: [null, 1, 'x', [], { questions: [null, { type: 5 }] }] }]
];

describe('validators facing hostile input', () => {
	it.each(junk)('answer %s with problems, never a throw', (_, input) => {
		const template = basicTemplate();
		for (const result of [
			validateTemplate(input),
			validateAnswers(input, template),
			validateAnswers(input, null),
			validateProfile(input, template),
			validateProfile(input, null)
		]) {
			const problems = problemsOf(result);
			expect(problems.length).toBeGreaterThan(0);
			for (const p of problems) {
				expect(typeof p.path).toBe('string');
				expect(p.message.length).toBeGreaterThan(0);
			}
		}
	});

	it('rejects a "__proto__" answer key without touching any prototype', () => {
		const raw = JSON.parse(
			'{"format":"clearance-answers/1","template":{"key":"basic","version":"1.0.0"},"answers":{"__proto__":{"value":"yes","polluted":true},"hiring.video":{"value":"yes"}}}'
		);
		const problems = problemsOf(validateAnswers(raw, basicTemplate()));
		expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
			'answers["__proto__"]: no question has this id in template "basic" version "1.0.0"'
		]);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(({} as Record<string, unknown>).value).toBeUndefined();
	});

	it('rejects "__proto__" and "constructor" section keys in a profile', () => {
		const raw = JSON.parse('{"format":"clearance-profile/1","name":"p","sections":{"__proto__":5,"constructor":3}}');
		const problems = problemsOf(validateProfile(raw, basicTemplate()));
		expect(problems.map((p) => p.path)).toEqual(['sections["__proto__"]', 'sections["constructor"]']);
	});

	it('scores a question named "constructor" as unanswered when nobody answered it', () => {
		const t = basic();
		t.sections[1].questions[0].id = 'constructor';
		t.sections[1].questions[0].critical = { minScore: 1, capGrade: 'D' };
		const template = validateTemplate(t);
		if (!template.ok) throw new Error(JSON.stringify(template.problems));
		const answers = validateAnswers({ format: 'clearance-answers/1', template: { key: 'basic', version: '1.0.0' }, answers: {} }, template.value);
		if (!answers.ok) throw new Error('invalid');
		const result = score(template.value, answers.value);
		expect(result.sections[1].score).toBe(0);
		expect(result.knockouts).toEqual([{ question: 'constructor', section: 'keys', capGrade: 'D', reason: 'unanswered' }]);
		// The same document read as plain JSON, without validation, scores the same.
		expect(score(template.value, { format: 'clearance-answers/1', template: { key: 'basic', version: '1.0.0' }, answers: {} })).toEqual(result);
	});

	it('keeps messages and paths short when the input holds megabyte strings', () => {
		const t = basic();
		t.key = MB;
		t.sections[0].questions[0].type = MB;
		const templateProblems = problemsOf(validateTemplate(t));
		const answers = { format: MB, template: { key: MB, version: MB }, answers: { [MB]: { value: MB }, 'hiring.video': { value: MB } } };
		const answerProblems = problemsOf(validateAnswers(answers, basicTemplate()));
		for (const p of [...templateProblems, ...answerProblems]) {
			expect(p.path.length + p.message.length).toBeLessThan(400);
		}
		expect(answerProblems.map((p) => p.path)).toContain('answers["hiring.video"].value');
	});

	it('rejects NaN and Infinity wherever the JS API might pass them', () => {
		const t = basic();
		t.grades = [{ grade: 'A', min: NaN }, { grade: 'F', min: 0 }];
		t.assurance = { claimed: Infinity, evidenced: 0.8, verified: NaN };
		t.sections[0].weight = -Infinity;
		const paths = problemsOf(validateTemplate(t)).map((p) => p.path);
		expect(paths).toEqual(expect.arrayContaining(['grades[0].min', 'assurance.claimed', 'assurance.verified', 'sections[0].weight']));
		const profile = problemsOf(validateProfile({ format: 'clearance-profile/1', name: 'p', sections: { hiring: NaN, keys: Infinity } }, basicTemplate()));
		expect(profile.map((p) => p.path)).toEqual(['sections["hiring"]', 'sections["keys"]']);
	});

	it('validates and scores a template of 10,000 questions in well under a few seconds', () => {
		const questions = Array.from({ length: 10_000 }, (_, i) => ({ id: `q${i}`, type: 'yes_no' }));
		const started = performance.now();
		const template = validateTemplate({ format: 'clearance-template/1', key: 'big', version: '1', title: 'Big', sections: [{ id: 's', questions }] });
		if (!template.ok) throw new Error('invalid');
		const ct = compileTemplate(template.value);
		const answers = validateAnswers(
			{ format: 'clearance-answers/1', template: { key: 'big', version: '1' }, answers: Object.fromEntries(questions.map((q, i) => [q.id, { value: i % 2 ? 'yes' : 'no' }])) },
			ct
		);
		if (!answers.ok) throw new Error('invalid');
		expect(score(ct, answers.value).overall.score).toBe(50);
		expect(performance.now() - started).toBeLessThan(5000);
	});

	it(`lists at most ${MAX_PROBLEMS} problems and counts the rest when 10,000 questions are all wrong`, () => {
		const questions = Array.from({ length: 10_000 }, () => ({ id: 'Same Id', type: 'nope', weight: -1 }));
		const result = validateTemplate({ format: 'clearance-template/1', key: 'big', version: '1', title: 'Big', sections: [{ id: 's', questions }] });
		if (result.ok) throw new Error('accepted');
		expect(result.problems).toHaveLength(MAX_PROBLEMS);
		expect(result.omitted).toBeGreaterThan(10_000);
	});

	it('caps the problems of an answer set with 200,000 unknown keys and a 100,000-item bad list', () => {
		const t = validateTemplate({
			format: 'clearance-template/1',
			key: 'k',
			version: '1',
			title: 't',
			sections: [{ id: 's', questions: [{ id: 'm', type: 'multi_choice', options: [{ value: 'a', label: 'A', score: 1 }, { value: 'b', label: 'B', score: 0 }] }] }]
		});
		if (!t.ok) throw new Error('invalid');
		const answers: Record<string, unknown> = { m: { value: Array.from({ length: 100_000 }, () => 'zzz') } };
		for (let i = 0; i < 200_000; i++) answers[`unknown-${i}`] = { value: 'yes' };
		const started = performance.now();
		const result = validateAnswers({ format: 'clearance-answers/1', template: { key: 'k', version: '1' }, answers }, t.value);
		expect(performance.now() - started).toBeLessThan(5000);
		if (result.ok) throw new Error('accepted');
		expect(result.problems).toHaveLength(MAX_PROBLEMS);
		expect(result.problems.length + result.omitted).toBe(300_000);
	});

	it('does not recurse into a deeply nested answer value', () => {
		let deep: unknown = [];
		for (let i = 0; i < 100_000; i++) deep = [deep];
		const answers = { format: 'clearance-answers/1', template: { key: 'basic', version: '1.0.0' }, answers: { 'hiring.video': { value: deep, note: deep } } };
		expect(problemsOf(validateAnswers(answers, basicTemplate())).map((p) => p.path)).toEqual(['answers["hiring.video"].value']);
	});
});
