// Each rule of the interchange formats (spec §1–3) rejects what it should,
// at the right JSON path, in words an analyst can act on.
import { describe, expect, it } from 'vitest';
import { validateAnswers, validateProfile, validateTemplate, type Problem } from '../../../src/lib/scoring/index';
import { CASES_DIR, readJson } from './helpers';
import { join } from 'node:path';

type Json = Record<string, any>;

const baseTemplate = () => readJson(join(CASES_DIR, 'basic.template.json')) as Json;
const gatesTemplate = () => readJson(join(CASES_DIR, 'gates.template.json')) as Json;
const baseAnswers = () => readJson(join(CASES_DIR, 'basic.answers.json')) as Json;

function templateProblems(edit: (t: Json) => void): Problem[] {
	const t = baseTemplate();
	edit(t);
	const result = validateTemplate(t);
	return result.ok ? [] : result.problems;
}

function answerProblems(edit: (a: Json) => void, template: Json = baseTemplate()): Problem[] {
	const t = validateTemplate(template);
	if (!t.ok) throw new Error('base template invalid');
	const a = baseAnswers();
	edit(a);
	const result = validateAnswers(a, t.value);
	return result.ok ? [] : result.problems;
}

function simplified(problems: Problem[]): string[] {
	return problems.map((p) => `${p.path}: ${p.message}`);
}

describe('template rules', () => {
	it('accepts the reference templates', () => {
		expect(templateProblems(() => {})).toEqual([]);
		expect(validateTemplate(gatesTemplate()).ok).toBe(true);
	});

	it('fills in the default grades, assurance multipliers and weights', () => {
		const result = validateTemplate(baseTemplate());
		if (!result.ok) throw new Error('invalid');
		expect(result.value.grades.map((g) => `${g.grade}${g.min}`)).toEqual(['A85', 'B70', 'C55', 'D40', 'F0']);
		expect(result.value.assurance).toEqual({ claimed: 0.5, evidenced: 0.8, verified: 1 });
		const questions = result.value.sections.flatMap((s) => s.questions);
		expect(questions.find((q) => q.id === 'hiring.refs')).toMatchObject({ weight: 1, allowNA: false, evidence: 'none' });
		expect(questions.find((q) => q.id === 'hiring.notes')!.weight).toBe(0);
	});

	const cases: [string, (t: Json) => void, string][] = [
		['a wrong format', (t) => (t.format = 'clearance-template/2'), 'format: expected "clearance-template/1"'],
		['a key with capitals and spaces', (t) => (t.key = 'Bad Key'), 'key: expected 1 to 64 characters'],
		['a key of 65 characters', (t) => (t.key = 'k'.repeat(65)), 'key: expected 1 to 64 characters'],
		['an empty version', (t) => (t.version = ''), 'version: must not be empty'],
		['a version of 33 characters', (t) => (t.version = '1'.repeat(33)), 'version: must be at most 32 characters'],
		['an empty title', (t) => (t.title = ''), 'title: must not be empty'],
		['a missing title', (t) => delete t.title, 'title: missing; expected a string'],
		['an empty grade list', (t) => (t.grades = []), 'grades: needs at least one grade'],
		['a grade named twice', (t) => (t.grades = [{ grade: 'A', min: 50 }, { grade: 'A', min: 0 }]), 'grades[1].grade: duplicate grade "A"'],
		['grades not descending', (t) => (t.grades = [{ grade: 'A', min: 50 }, { grade: 'B', min: 60 }, { grade: 'C', min: 0 }]), "grades[1].min: must be below the previous grade's min (50)"],
		['a last grade above 0', (t) => (t.grades = [{ grade: 'A', min: 50 }, { grade: 'B', min: 10 }]), "grades[1].min: the last grade's min must be 0"],
		['a grade without a name', (t) => (t.grades = [{ grade: '', min: 0 }]), 'grades[0].grade: must not be empty'],
		['an assurance level missing', (t) => (t.assurance = { claimed: 0.5, evidenced: 0.8 }), 'assurance.verified: missing; expected a number'],
		['an extra assurance level', (t) => (t.assurance = { claimed: 0.5, evidenced: 0.8, verified: 1, sworn: 1 }), 'assurance: only "claimed", "evidenced", "verified" are allowed; remove "sworn"'],
		['an assurance multiplier above 1', (t) => (t.assurance = { claimed: 1.5, evidenced: 0.8, verified: 1 }), 'assurance.claimed: expected a number from 0 to 1'],
		['no sections', (t) => (t.sections = []), 'sections: needs at least one section'],
		['a section id used twice', (t) => (t.sections[1].id = 'hiring'), 'sections[1].id: duplicate section id "hiring" (also sections[0])'],
		['a negative section weight', (t) => (t.sections[0].weight = -1), 'sections[0].weight: must be 0 or more'],
		['a section without questions', (t) => (t.sections[1].questions = []), 'sections[1].questions: needs at least one question'],
		['a question id used in two sections', (t) => (t.sections[1].questions[0].id = 'hiring.video'), 'sections[1].questions[0].id: duplicate question id "hiring.video" (also sections[0].questions[0])'],
		['a question id starting with a dot', (t) => (t.sections[0].questions[0].id = '.video'), 'sections[0].questions[0].id: expected 1 to 64 characters'],
		['a negative question weight', (t) => (t.sections[0].questions[0].weight = -2), 'sections[0].questions[0].weight: must be 0 or more'],
		['an unknown question type', (t) => (t.sections[0].questions[0].type = 'yes_maybe'), 'sections[0].questions[0].type: expected one of "yes_no", "yes_partial_no", "maturity"'],
		['a weighted text question', (t) => (t.sections[0].questions[3].weight = 1), 'sections[0].questions[3].weight: a text question is never scored, so its weight must be 0'],
		['a knock-out on a text question', (t) => (t.sections[0].questions[3].critical = { minScore: 1, capGrade: 'C' }), 'sections[0].questions[3].critical: a text question is never scored, so it cannot be a knock-out'],
		['a knock-out threshold of 0', (t) => (t.sections[0].questions[0].critical = { minScore: 0, capGrade: 'C' }), 'sections[0].questions[0].critical.minScore: expected a number above 0 and at most 1'],
		['a knock-out threshold above 1', (t) => (t.sections[0].questions[0].critical = { minScore: 1.5, capGrade: 'C' }), 'sections[0].questions[0].critical.minScore: expected a number above 0 and at most 1'],
		['a knock-out capping at an unknown grade', (t) => (t.sections[0].questions[0].critical = { minScore: 1, capGrade: 'Z' }), 'sections[0].questions[0].critical.capGrade: expected one of "A", "B", "C", "D", "F", a grade of this template'],
		['maturity labels not six', (t) => (t.sections[0].questions[2].levels = ['none', 'some']), 'sections[0].questions[2].levels: expected exactly 6 labels, for levels 0 to 5'],
		['a choice with one option', (t) => t.sections[1].questions[1].options.splice(1), 'sections[1].questions[1].options: needs at least 2 options'],
		['a choice option value used twice', (t) => (t.sections[1].questions[1].options[2].value = 'single'), 'sections[1].questions[1].options[2].value: duplicate option value "single" (also options[0])'],
		['an option score above 1', (t) => (t.sections[1].questions[1].options[0].score = 2), 'sections[1].questions[1].options[0].score: expected a number from 0 to 1'],
		['a number question without bands', (t) => (t.sections[0].questions[0] = { id: 'n', type: 'number' }), 'sections[0].questions[0].bands: missing; expected a list'],
		['a band whose min exceeds its max', (t) => (t.sections[0].questions[0] = { id: 'n', type: 'number', bands: [{ min: 5, max: 3, score: 1 }] }), 'sections[0].questions[0].bands[0].max: must not be below min (5)'],
		['a percent question with an empty band list', (t) => (t.sections[0].questions[0] = { id: 'p', type: 'percent', bands: [] }), 'sections[0].questions[0].bands: needs at least one band'],
		['allowNA that is not a boolean', (t) => (t.sections[0].questions[0].allowNA = 'yes'), 'sections[0].questions[0].allowNA: expected true or false'],
		['an unknown evidence hint', (t) => (t.sections[0].questions[0].evidence = 'maybe'), 'sections[0].questions[0].evidence: expected one of "none", "optional", "required"'],
		['a question that is not an object', (t) => (t.sections[0].questions[0] = 'video?'), 'sections[0].questions[0]: expected an object'],
		['a weight that is NaN', (t) => (t.sections[0].weight = NaN), 'sections[0].weight: expected a finite number'],
		['a weight that is Infinity', (t) => (t.sections[0].questions[0].weight = Infinity), 'sections[0].questions[0].weight: expected a finite number'],
		// A finite weight of 1e308 overflowed every weighted sum: scores came out NaN and every grade F.
		['a section weight of 1e308', (t) => (t.sections[0].weight = 1e308), 'sections[0].weight: must be at most 1,000,000'],
		['a question weight just over 1,000,000', (t) => (t.sections[0].questions[0].weight = 1_000_000.5), 'sections[0].questions[0].weight: must be at most 1,000,000'],
		// Issue 8 (fuzzing): text a reader sees held NUL and text-direction overrides.
		['a title with a right-to-left override', (t) => (t.title = 'Basic \u202Efdp.exe'), 'title: must be one line, without control characters (such as NUL or tabs), text-direction overrides (U+202A–U+202E, U+2066–U+2069)'],
		['a title on two lines', (t) => (t.title = 'Basic\nquestionnaire'), 'title: must be one line'],
		['a version with NUL', (t) => (t.version = '1.0.0\u0000'), 'version: must be one line'],
		['a version with an isolate', (t) => (t.version = '\u20661.0.0'), 'version: must be one line'],
		['a grade name with an embedding', (t) => (t.grades = [{ grade: 'A\u202B', min: 50 }, { grade: 'B', min: 0 }]), 'grades[0].grade: must be one line'],
		['a prompt with NUL', (t) => (t.sections[0].questions[0].prompt = 'Camera\u0000-on?'), 'sections[0].questions[0].prompt: must not contain control characters (such as NUL), text-direction overrides'],
		['a section description with an override', (t) => (t.sections[0].description = 'About \u202Dhiring'), 'sections[0].description: must not contain control characters'],
		["an option's label with an escape", (t) => (t.sections[1].questions[1].options[0].label = 'Single\u001B[31m signer'), 'sections[1].questions[1].options[0].label: must be one line'],
		['a maturity label with DEL', (t) => (t.sections[0].questions[2].levels = ['0', '1', '2', '3', '4\u007F', '5']), 'sections[0].questions[2].levels[4]: must not contain control characters'],
		// JSON's "\ud800" escape made strings SQLite stored as invalid UTF-8.
		['a title with a lone surrogate', (t) => (t.title = 'Basic \uD800'), 'title: must be one line, without control characters (such as NUL or tabs), text-direction overrides (U+202A–U+202E, U+2066–U+2069) or broken characters (lone UTF-16 surrogates)'],
		['a description with a lone low surrogate', (t) => (t.description = '\uDC00 about'), 'description: must not contain control characters (such as NUL), text-direction overrides (U+202A–U+202E, U+2066–U+2069) or broken characters (lone UTF-16 surrogates)'],
		['a version with a lone surrogate', (t) => (t.version = '1.0.0\uDBFF'), 'version: must be one line'],
		['a grade name with a lone surrogate', (t) => (t.grades = [{ grade: 'A\uD800', min: 50 }, { grade: 'B', min: 0 }]), 'grades[0].grade: must be one line'],
		['a section title with a lone surrogate', (t) => (t.sections[0].title = 'Hiring \uDFFF'), 'sections[0].title: must not contain control characters'],
		['a prompt with a lone surrogate', (t) => (t.sections[0].questions[0].prompt = 'Camera\uD83D-on?'), 'sections[0].questions[0].prompt: must not contain control characters'],
		['a guidance with a lone surrogate', (t) => (t.sections[0].questions[0].guidance = 'Ask \uDE00'), 'sections[0].questions[0].guidance: must not contain control characters'],
		['a source with a lone surrogate', (t) => (t.sections[0].questions[0].source = 'NIST \uD800'), 'sections[0].questions[0].source: must not contain control characters'],
		["an option's label with a lone surrogate", (t) => (t.sections[1].questions[1].options[0].label = 'Single \uD800'), 'sections[1].questions[1].options[0].label: must be one line'],
		["an option's value with a lone surrogate", (t) => (t.sections[1].questions[1].options[0].value = 'single\uD800'), 'sections[1].questions[1].options[0].value: must not contain broken characters (lone UTF-16 surrogates)'],
		['a maturity label with a lone surrogate', (t) => (t.sections[0].questions[2].levels = ['0', '1', '2', '3', '4\uD800', '5']), 'sections[0].questions[2].levels[4]: must not contain control characters'],
		["a number question's unit with a lone surrogate", (t) => (t.sections[0].questions[0] = { id: 'n', type: 'number', unit: 'hours\uD800', bands: [{ score: 1 }] }), 'sections[0].questions[0].unit: must not contain control characters']
	];

	it('accepts section and question weights of exactly 1,000,000', () => {
		expect(
			templateProblems((t) => {
				t.sections[0].weight = 1_000_000;
				t.sections[0].questions[0].weight = 1_000_000;
			})
		).toEqual([]);
	});

	it('keeps right-to-left titles and prompts, and guidance on several lines', () => {
		expect(
			templateProblems((t) => {
				t.title = 'العناية الواجبة — בדיקת נאותות';
				t.sections[0].questions[0].prompt = 'ראיונות במצלמה?';
				t.sections[0].questions[0].guidance = 'First line.\n\tSecond line, indented.';
				t.sections[0].title = 'Keys 🔐 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢';
			})
		).toEqual([]);
	});

	it.each(cases)('rejects %s', (_, edit, expected) => {
		const found = simplified(templateProblems(edit));
		expect(found.some((line) => line.startsWith(expected)), `${found.join('\n')}\nlacks: ${expected}`).toBe(true);
	});

	it('reports every problem of a template at once, not only the first', () => {
		const problems = templateProblems((t) => {
			t.format = 'x';
			t.sections[0].weight = -1;
			t.sections[1].id = 'hiring';
			t.sections[1].questions[1].options[0].score = 7;
		});
		expect(problems.map((p) => p.path).sort()).toEqual(
			['format', 'sections[0].weight', 'sections[1].id', 'sections[1].questions[1].options[0].score'].sort()
		);
	});
});

describe('answer-set rules', () => {
	it('accepts the reference answer set', () => {
		expect(answerProblems(() => {})).toEqual([]);
	});

	const cases: [string, (a: Json) => void, string][] = [
		['a wrong format', (a) => (a.format = 'clearance-answers/0'), 'format: expected "clearance-answers/1"'],
		["another template's key", (a) => (a.template.key = 'other'), `template.key: expected "basic", the template's key`],
		["another template's version", (a) => (a.template.version = '2.0.0'), `template.version: expected "1.0.0", the template's version`],
		['answers that are a list', (a) => (a.answers = []), 'answers: expected an object keyed by question id'],
		['an answer to no question of the template', (a) => (a.answers['hiring.nope'] = { value: 'yes' }), 'answers["hiring.nope"]: no question has this id in template "basic" version "1.0.0"'],
		['an entry with both a value and N/A', (a) => (a.answers['hiring.video'] = { value: 'yes', na: true }), 'answers["hiring.video"]: has both a "value" and "na": true; give only one'],
		['an entry with neither a value nor N/A', (a) => (a.answers['hiring.video'] = { note: 'later' }), 'answers["hiring.video"]: needs a "value" or "na": true'],
		['N/A where the question does not allow it', (a) => (a.answers['hiring.video'] = { na: true }), 'answers["hiring.video"].na: this question does not allow N/A: it has neither "allowNA": true nor an appliesTo list (of its own or its section\'s)'],
		['na that is not a boolean', (a) => (a.answers['hiring.video'] = { value: 'yes', na: 'no' }), 'answers["hiring.video"].na: expected true or false'],
		['a yes/no answer of "maybe"', (a) => (a.answers['hiring.video'].value = 'maybe'), 'answers["hiring.video"].value: expected one of "yes", "no"'],
		['a yes/partial/no answer of true', (a) => (a.answers['hiring.refs'].value = true), 'answers["hiring.refs"].value: expected one of "yes", "partial", "no"'],
		['a maturity of 2.5', (a) => (a.answers['hiring.osint'].value = 2.5), 'answers["hiring.osint"].value: expected a whole number from 0 to 5'],
		['a maturity of 6', (a) => (a.answers['hiring.osint'].value = 6), 'answers["hiring.osint"].value: expected a whole number from 0 to 5'],
		['a maturity given as text', (a) => (a.answers['hiring.osint'].value = '3'), 'answers["hiring.osint"].value: expected a whole number from 0 to 5'],
		['a choice not among the options', (a) => (a.answers['keys.quorum'].value = 'm-of-m'), 'answers["keys.quorum"].value: expected one of "single", "m-of-n", "m-of-n-timelock"'],
		['a text answer that is a number', (a) => (a.answers['hiring.notes'].value = 5), 'answers["hiring.notes"].value: expected a string'],
		['an unknown assurance level', (a) => (a.answers['hiring.video'].assurance = 'sworn'), 'answers["hiring.video"].assurance: expected one of "claimed", "evidenced", "verified"'],
		['an entry that is not an object', (a) => (a.answers['hiring.video'] = 'yes'), 'answers["hiring.video"]: expected an object with a "value" or "na": true'],
		['a missing answers object', (a) => delete a.answers, 'answers: missing; expected an object keyed by question id']
	];

	it.each(cases)('rejects %s', (_, edit, expected) => {
		const found = simplified(answerProblems(edit));
		expect(found, `lacks: ${expected}`).toContain(expected);
	});

	const typed = (questions: Json[]) => ({
		format: 'clearance-template/1',
		key: 'typed',
		version: '1',
		title: 'Typed',
		sections: [{ id: 's', questions }]
	});
	const typedAnswers = (answers: Json) => ({ format: 'clearance-answers/1', template: { key: 'typed', version: '1' }, answers });
	const typedProblems = (questions: Json[], answers: Json) => {
		const t = validateTemplate(typed(questions));
		if (!t.ok) throw new Error(JSON.stringify(t.problems));
		const a = validateAnswers(typedAnswers(answers), t.value);
		return a.ok ? [] : simplified(a.problems);
	};
	const options = [
		{ value: 'a', label: 'A', score: 0.5 },
		{ value: 'b', label: 'B', score: 0.5 }
	];

	it('checks every element of a multi-choice answer and names the one at fault', () => {
		const q = [{ id: 'm', type: 'multi_choice', options }];
		expect(typedProblems(q, { m: { value: ['a', 'z', 'a'] } })).toEqual([
			'answers["m"].value[1]: expected one of "a", "b"',
			'answers["m"].value[2]: "a" is listed twice'
		]);
		expect(typedProblems(q, { m: { value: 'a' } })).toEqual(['answers["m"].value: expected a list of distinct values, each one of "a", "b"']);
		expect(typedProblems(q, { m: { value: [] } })).toEqual([]);
	});

	it('accepts any finite number for a number question and only 0–100 for a percent question', () => {
		const q = [
			{ id: 'n', type: 'number', bands: [{ score: 1 }] },
			{ id: 'p', type: 'percent' }
		];
		expect(typedProblems(q, { n: { value: -1e9 }, p: { value: 100 } })).toEqual([]);
		expect(typedProblems(q, { n: { value: '5' }, p: { value: 100.5 } })).toEqual([
			'answers["n"].value: expected a finite number',
			'answers["p"].value: expected a number from 0 to 100'
		]);
		expect(typedProblems(q, { n: { value: NaN }, p: { value: -Infinity } })).toEqual([
			'answers["n"].value: expected a finite number',
			'answers["p"].value: expected a number from 0 to 100'
		]);
	});

	it('accepts N/A on a question that allows it', () => {
		expect(typedProblems([{ id: 'q', type: 'yes_no', allowNA: true }], { q: { na: true } })).toEqual([]);
	});

	it('reports every problem of an answer set at once', () => {
		const problems = answerProblems((a) => {
			a.format = 'x';
			a.answers['hiring.video'].value = 'maybe';
			a.answers['nope'] = { value: 1 };
		});
		expect(problems.map((p) => p.path).sort()).toEqual(['answers["hiring.video"].value', 'answers["nope"]', 'format']);
	});

	it('without a valid template still checks the shape of each entry', () => {
		const result = validateAnswers({ format: 'clearance-answers/1', template: { key: 'k', version: '1' }, answers: { a: { value: 'yes', na: true } } }, null);
		expect(result.ok ? [] : simplified(result.problems)).toEqual(['answers["a"]: has both a "value" and "na": true; give only one']);
	});
});

describe('platform kinds and review guidance (spec §1, §2, §6)', () => {
	const kindsTemplate = () => readJson(join(CASES_DIR, 'kinds.template.json')) as Json;
	const kindsAnswers = () => readJson(join(CASES_DIR, 'kinds.answers.json')) as Json;
	function kindsProblems(edit: (t: Json) => void): string[] {
		const t = kindsTemplate();
		edit(t);
		const result = validateTemplate(t);
		return result.ok ? [] : simplified(result.problems);
	}
	function naProblems(edit: (t: Json) => void, answers: Json): string[] {
		const t = kindsTemplate();
		edit(t);
		const template = validateTemplate(t);
		if (!template.ok) throw new Error(JSON.stringify(template.problems));
		const a = kindsAnswers();
		a.answers = answers;
		const result = validateAnswers(a, template.value);
		return result.ok ? [] : simplified(result.problems);
	}

	it('keeps appliesTo and reviewGuidance in the validated template, so an import stores them', () => {
		const result = validateTemplate(kindsTemplate());
		if (!result.ok) throw new Error(JSON.stringify(result.problems));
		const [keys, defi] = result.value.sections;
		expect(keys.questions[1].appliesTo).toEqual(['exchange', 'custodian']);
		expect(keys.questions[1].reviewGuidance).toBe('Ask for the policy-engine rule and a recent breach alert.');
		expect(defi.appliesTo).toEqual(['defi']);
		expect(keys.appliesTo).toBeUndefined();
		expect(keys.questions[0]).not.toHaveProperty('appliesTo');
	});

	it("accepts a question's kinds within its section's, and any kinds in a section without a list", () => {
		expect(kindsProblems((t) => (t.sections[1].questions[0].appliesTo = ['defi']))).toEqual([]);
		expect(
			kindsProblems((t) => {
				t.sections[1].appliesTo = ['defi', 'wallet', 'other'];
				t.sections[1].questions[0].appliesTo = ['other', 'defi'];
			})
		).toEqual([]);
		expect(kindsProblems((t) => (t.sections[0].questions[0].appliesTo = ['market_maker', 'wallet', 'other']))).toEqual([]);
	});

	it('keeps review guidance on several lines, in any script', () => {
		expect(kindsProblems((t) => (t.sections[0].questions[0].reviewGuidance = 'Ask for:\n\t- the ceremony log\n\t- סימן אדום: one signer'))).toEqual([]);
	});

	const rejected: [string, (t: Json) => void, string][] = [
		['an empty appliesTo on a section', (t) => (t.sections[1].appliesTo = []), 'sections[1].appliesTo: needs at least one platform kind; leave appliesTo out where every kind applies'],
		['an empty appliesTo on a question', (t) => (t.sections[0].questions[1].appliesTo = []), 'sections[0].questions[1].appliesTo: needs at least one platform kind; leave appliesTo out where every kind applies'],
		['an unknown kind', (t) => (t.sections[0].questions[1].appliesTo = ['exchange', 'bank']), 'sections[0].questions[1].appliesTo[1]: expected one of "exchange", "custodian", "defi", "market_maker", "wallet", "other"'],
		['a kind in capitals', (t) => (t.sections[1].appliesTo = ['DeFi']), 'sections[1].appliesTo[0]: expected one of "exchange", "custodian", "defi", "market_maker", "wallet", "other"'],
		['a kind listed twice', (t) => (t.sections[0].questions[1].appliesTo = ['exchange', 'custodian', 'exchange']), 'sections[0].questions[1].appliesTo[2]: duplicate kind "exchange" (also appliesTo[0])'],
		['appliesTo as a string', (t) => (t.sections[1].appliesTo = 'defi'), 'sections[1].appliesTo: expected a list'],
		[
			"a question's kind outside its section's",
			(t) => (t.sections[1].questions[0].appliesTo = ['defi', 'exchange']),
			`sections[1].questions[0].appliesTo: "exchange" is not in its section's appliesTo ("defi"); a question's list must be a subset of its section's`
		],
		[
			"a question's kinds all outside its section's",
			(t) => {
				t.sections[0].appliesTo = ['wallet'];
				t.sections[0].questions[1].appliesTo = ['exchange', 'custodian'];
			},
			`sections[0].questions[1].appliesTo: "exchange", "custodian" are not in its section's appliesTo ("wallet"); a question's list must be a subset of its section's`
		],
		['an empty reviewGuidance', (t) => (t.sections[0].questions[1].reviewGuidance = ''), 'sections[0].questions[1].reviewGuidance: must not be empty; leave reviewGuidance out when there is none'],
		['a reviewGuidance that is not text', (t) => (t.sections[0].questions[1].reviewGuidance = ['ask']), 'sections[0].questions[1].reviewGuidance: expected a string'],
		['a reviewGuidance with NUL', (t) => (t.sections[0].questions[1].reviewGuidance = 'Ask\u0000'), 'sections[0].questions[1].reviewGuidance: must not contain control characters'],
		['a reviewGuidance with a lone surrogate', (t) => (t.sections[0].questions[1].reviewGuidance = 'Ask \uD800'), 'sections[0].questions[1].reviewGuidance: must not contain control characters']
	];

	it.each(rejected)('rejects %s', (_, edit, expected) => {
		const found = kindsProblems(edit);
		expect(found.some((line) => line.startsWith(expected)), `${found.join('\n')}\nlacks: ${expected}`).toBe(true);
	});

	it("reports a question outside its section's kinds once, not again for a broken section list", () => {
		expect(
			kindsProblems((t) => {
				t.sections[1].appliesTo = [];
				t.sections[1].questions[0].appliesTo = ['exchange'];
			})
		).toEqual(['sections[1].appliesTo: needs at least one platform kind; leave appliesTo out where every kind applies']);
	});

	it('accepts N/A on a question with its own appliesTo and on one inheriting its section\'s', () => {
		expect(naProblems(() => {}, { 'keys.hot-cap': { na: true }, 'defi.timelock': { na: true, note: 'Not a DeFi protocol' } })).toEqual([]);
	});

	it('refuses N/A on a question with neither appliesTo nor allowNA, saying what would allow it', () => {
		expect(naProblems(() => {}, { 'keys.quorum': { na: true } })).toEqual([
			'answers["keys.quorum"].na: this question does not allow N/A: it has neither "allowNA": true nor an appliesTo list (of its own or its section\'s)'
		]);
		expect(naProblems((t) => (t.sections[0].questions[0].allowNA = true), { 'keys.quorum': { na: true } })).toEqual([]);
	});
});

describe('weight-profile rules', () => {
	const profileProblems = (profile: unknown) => {
		const t = validateTemplate(baseTemplate());
		if (!t.ok) throw new Error('invalid');
		const result = validateProfile(profile, t.value);
		return result.ok ? [] : simplified(result.problems);
	};
	const profile = (sections: Json, extra: Json = {}) => ({ format: 'clearance-profile/1', name: 'Custody-heavy', sections, ...extra });

	it('accepts weights for some of the sections', () => {
		expect(profileProblems(profile({ keys: 40 }))).toEqual([]);
	});

	it('rejects a section the template does not have, and weights that are negative or not numbers', () => {
		expect(profileProblems(profile({ nope: 1, hiring: -1, keys: '4' }))).toEqual([
			'sections["nope"]: no section has this id in template "basic" version "1.0.0"',
			'sections["hiring"]: must be 0 or more',
			'sections["keys"]: expected a finite number, 0 or more'
		]);
	});

	it('rejects weights above 1,000,000, naming each section, and takes 1,000,000 itself', () => {
		expect(profileProblems(profile({ hiring: 1e308, keys: 1_000_000.5 }))).toEqual([
			'sections["hiring"]: must be at most 1,000,000',
			'sections["keys"]: must be at most 1,000,000'
		]);
		expect(profileProblems(profile({ hiring: 1_000_000, keys: 0 }))).toEqual([]);
	});

	it('rejects a wrong format and a name that is not a string', () => {
		expect(profileProblems({ format: 'clearance-profile/9', name: 42, sections: {} })).toEqual([
			'format: expected "clearance-profile/1"',
			'name: expected a string'
		]);
	});

	it('rejects a name with NUL or a text-direction override (issue 8)', () => {
		expect(profileProblems(profile({ keys: 1 }, { name: 'Custody\u202E-heavy' }))).toEqual(['name: must be one line, without control characters (such as NUL or tabs), text-direction overrides (U+202A–U+202E, U+2066–U+2069) or broken characters (lone UTF-16 surrogates)']);
		expect(profileProblems(profile({ keys: 1 }, { name: 'Custody\uD800' }))).toEqual([expect.stringMatching(/^name: must be one line, .* or broken characters \(lone UTF-16 surrogates\)$/)]);
		expect(profileProblems(profile({ keys: 1 }, { name: 'حفظ أولاً' }))).toEqual([]);
	});

	it('accepts a profile without a name (the spec does not require one)', () => {
		expect(profileProblems({ format: 'clearance-profile/1', sections: {} })).toEqual([]);
	});
});
