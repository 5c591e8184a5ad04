// The template editor's operations: each keeps a valid template valid, never
// changes the template it was given, keeps question ids unique, and moving
// something and moving it back restores the template exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUESTION_TYPES, validateTemplate, type Question, type Template } from '../../../src/lib/scoring/index';
import * as m from '../../../src/lib/templates/editor-model';

function valid(input: unknown): Template {
	const result = validateTemplate(input);
	if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
	return result.value;
}

function deepFreeze<T>(x: T): T {
	if (x && typeof x === 'object') {
		for (const v of Object.values(x)) deepFreeze(v);
		Object.freeze(x);
	}
	return x;
}

/** Problems as `path: message`, or [] when the template validates. */
function problems(t: Template): string[] {
	const result = validateTemplate(JSON.parse(JSON.stringify(t)));
	return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

const ids = (t: Template) => t.sections.flatMap((s) => s.questions.map((q) => q.id));

/** A template with one question of every type, frozen so that any mutation throws. */
const base = (): Template =>
	deepFreeze(
		valid({
			format: 'clearance-template/1',
			key: 'editor-test',
			version: '0.1.0',
			title: 'Editor test',
			sections: [
				{
					id: 'people',
					title: 'People',
					weight: 2,
					questions: [
						{ id: 'people.yn', prompt: 'Yes or no?', type: 'yes_no', critical: { minScore: 1, capGrade: 'C' } },
						{ id: 'people.ypn', type: 'yes_partial_no', guidance: 'Some guidance', reviewGuidance: 'Ask for the log', source: 'Some source', allowNA: true, appliesTo: ['exchange'] },
						{ id: 'people.mat', type: 'maturity', levels: ['a', 'b', 'c', 'd', 'e', 'f'] },
						{ id: 'people.text', type: 'text', weight: 0 }
					]
				},
				{
					id: 'keys',
					weight: 1,
					appliesTo: ['exchange', 'custodian'],
					questions: [
						{ id: 'keys.choice', type: 'choice', options: [{ value: 'a', label: 'A', score: 1 }, { value: 'b', label: 'B', score: 0 }] },
						{ id: 'keys.multi', type: 'multi_choice', evidence: 'required', options: [{ value: 'x', label: 'X', score: 0.5 }, { value: 'y', label: 'Y', score: 0.5 }] },
						{ id: 'keys.hours', type: 'number', unit: 'hours', bands: [{ max: 24, score: 1 }, { score: 0 }] },
						{ id: 'keys.pct', type: 'percent' },
						{ id: 'keys.pct-bands', type: 'percent', bands: [{ min: 50, score: 1 }, { score: 0 }] }
					]
				}
			]
		})
	);

const question = (t: Template, si: number, qi: number): Question => t.sections[si].questions[qi];

describe('the base template', () => {
	it('is valid, so any problem below comes from the operation', () => {
		expect(problems(base())).toEqual([]);
	});
});

describe('sections', () => {
	it('adds a section with a fresh id and one valid question', () => {
		const t = m.addSection(m.addSection(base()));
		expect(problems(t)).toEqual([]);
		expect(t.sections.map((s) => s.id)).toEqual(['people', 'keys', 'section-3', 'section-4']);
		expect(t.sections[2].questions.map((q) => q.id)).toEqual(['section-3.q1']);
	});

	it('skips a section id that is already taken', () => {
		const t = m.updateSection(base(), 1, { id: 'section-3' });
		expect(m.addSection(t).sections[2].id).toBe('section-4');
	});

	it('updates fields, and an emptied title or description is removed rather than stored empty', () => {
		const t = m.updateSection(base(), 0, { title: 'Staff', description: 'Who works here', weight: 5 });
		expect(t.sections[0]).toMatchObject({ title: 'Staff', description: 'Who works here', weight: 5 });
		const cleared = m.updateSection(t, 0, { title: '', description: '' });
		expect(cleared.sections[0]).not.toHaveProperty('title');
		expect(cleared.sections[0]).not.toHaveProperty('description');
		expect(problems(cleared)).toEqual([]);
	});

	it('reports an emptied section id or a negative weight at the field', () => {
		expect(problems(m.updateSection(base(), 1, { id: '' }))[0]).toMatch(/^sections\[1\]\.id: /);
		expect(problems(m.updateSection(base(), 1, { weight: -1 }))).toEqual(['sections[1].weight: must be 0 or more']);
		expect(problems(m.updateSection(base(), 1, { weight: Number.NaN }))[0]).toMatch(/^sections\[1\]\.weight: /);
	});

	it('moves a section and back again', () => {
		const t = base();
		const moved = m.moveSection(t, 1, -1);
		expect(moved.sections.map((s) => s.id)).toEqual(['keys', 'people']);
		expect(m.moveSection(moved, 0, 1)).toEqual(t);
	});

	it('leaves the template as it is when moving past either end', () => {
		const t = base();
		expect(m.moveSection(t, 0, -1)).toBe(t);
		expect(m.moveSection(t, 1, 1)).toBe(t);
	});

	it('removes a section; removing the only one is reported, not refused', () => {
		const t = m.removeSection(base(), 0);
		expect(t.sections.map((s) => s.id)).toEqual(['keys']);
		expect(problems(m.removeSection(t, 0))).toEqual(['sections: needs at least one section']);
	});

	it('throws on an index that does not exist', () => {
		expect(() => m.updateSection(base(), 5, { title: 'x' })).toThrow(RangeError);
		expect(() => m.removeQuestion(base(), 0, 9)).toThrow(RangeError);
	});
});

describe('questions', () => {
	it.each(QUESTION_TYPES)('adds a valid %s question with a fresh id', (type) => {
		const t = m.addQuestion(base(), 1, type);
		expect(problems(t)).toEqual([]);
		const added = question(t, 1, 5);
		expect(added.type).toBe(type);
		expect(added.id).toBe('keys.q6');
		expect(new Set(ids(t)).size).toBe(ids(t).length);
	});

	it('gives each type the defaults the editor promises', () => {
		const added = (type: Question['type']) => question(m.addQuestion(base(), 0, type), 0, 4);
		expect(added('maturity')).toMatchObject({ levels: [...m.DEFAULT_LEVELS] });
		expect(m.DEFAULT_LEVELS).toHaveLength(6);
		expect(added('choice')).toMatchObject({ options: [{ score: 1 }, { score: 0 }] });
		expect(added('multi_choice')).toMatchObject({ options: [{}, {}] });
		expect(added('number')).toMatchObject({ unit: '', bands: [{ max: 10, score: 1 }, { score: 0 }] });
		expect(added('percent')).not.toHaveProperty('bands');
		expect(added('text')).toMatchObject({ weight: 0 });
		expect(added('yes_no')).toEqual({ id: 'people.q5', weight: 1, allowNA: false, evidence: 'none', type: 'yes_no' });
	});

	it('never reuses an id taken elsewhere in the template', () => {
		const t = m.updateQuestion(base(), 1, 0, { id: 'people.q5' });
		const added = m.addQuestion(t, 0, 'yes_no');
		expect(question(added, 0, 4).id).toBe('people.q6');
	});

	it('falls back to q<n> while the section id is not valid', () => {
		const t = m.updateSection(base(), 0, { id: '' });
		expect(question(m.addQuestion(t, 0, 'yes_no'), 0, 4).id).toBe('q5');
	});

	it('updates the shared fields; emptied optional texts are removed', () => {
		const t = m.updateQuestion(base(), 0, 1, { prompt: 'New prompt', weight: 3, allowNA: false, evidence: 'optional', reviewGuidance: 'Red flag: one signer' });
		expect(question(t, 0, 1)).toMatchObject({ prompt: 'New prompt', weight: 3, allowNA: false, evidence: 'optional', reviewGuidance: 'Red flag: one signer' });
		const cleared = m.updateQuestion(t, 0, 1, { prompt: '', guidance: '', reviewGuidance: '', source: '' });
		for (const field of ['prompt', 'guidance', 'reviewGuidance', 'source']) expect(question(cleared, 0, 1)).not.toHaveProperty(field);
		expect(problems(cleared)).toEqual([]);
	});

	it('reports an emptied or duplicated id at the question that has it', () => {
		expect(problems(m.updateQuestion(base(), 0, 0, { id: '' }))[0]).toMatch(/^sections\[0\]\.questions\[0\]\.id: /);
		expect(problems(m.updateQuestion(base(), 1, 0, { id: 'people.yn' }))).toEqual([
			'sections[1].questions[0].id: duplicate question id "people.yn" (also sections[0].questions[0])'
		]);
	});

	it('moves a question within its section and back again', () => {
		const t = base();
		const moved = m.moveQuestion(t, 0, 0, 1);
		expect(moved.sections[0].questions.map((q) => q.id).slice(0, 2)).toEqual(['people.ypn', 'people.yn']);
		expect(m.moveQuestion(moved, 0, 1, -1)).toEqual(t);
		expect(m.moveQuestion(t, 0, 0, -1)).toEqual(t);
	});

	it('moves a question to the end of another section, keeping its id', () => {
		const t = m.moveQuestionToSection(base(), 0, 1, 1);
		expect(t.sections[0].questions.map((q) => q.id)).toEqual(['people.yn', 'people.mat', 'people.text']);
		expect(t.sections[1].questions.at(-1)?.id).toBe('people.ypn');
		expect(problems(t)).toEqual([]);
	});

	it('removes a question; removing the last of a section is reported at the section', () => {
		let t = m.removeQuestion(base(), 1, 0);
		expect(t.sections[1].questions[0].id).toBe('keys.multi');
		for (let i = 0; i < 4; i++) t = m.removeQuestion(t, 0, 0);
		expect(problems(t)).toEqual(['sections[0].questions: needs at least one question']);
	});

	it('shares every section it did not change with the input', () => {
		const t = base();
		const changed = m.updateQuestion(t, 1, 0, { prompt: 'x' });
		expect(changed.sections[0]).toBe(t.sections[0]);
		expect(changed.sections[1].questions[1]).toBe(t.sections[1].questions[1]);
		expect(changed.sections[1].questions[0]).not.toBe(t.sections[1].questions[0]);
	});
});

describe('platform kinds', () => {
	it('ticks kinds into the order of the kinds list, and unticking the last removes the list', () => {
		expect(m.withKind(undefined, 'defi', true)).toEqual(['defi']);
		expect(m.withKind(['wallet', 'exchange'], 'custodian', true)).toEqual(['exchange', 'custodian', 'wallet']);
		expect(m.withKind(['exchange', 'custodian'], 'exchange', false)).toEqual(['custodian']);
		expect(m.withKind(['exchange'], 'exchange', false)).toBeUndefined();
		expect(m.withKind(['exchange'], 'exchange', true)).toEqual(['exchange']);
	});

	it("sets and removes a section's and a question's kinds, keeping the template valid", () => {
		let t = m.updateSection(base(), 0, { appliesTo: m.withKind(undefined, 'defi', true) });
		expect(t.sections[0].appliesTo).toEqual(['defi']);
		t = m.updateQuestion(t, 0, 1, { appliesTo: undefined });
		expect(question(t, 0, 1)).not.toHaveProperty('appliesTo');
		expect(problems(t)).toEqual([]);
		t = m.updateSection(t, 0, { appliesTo: undefined });
		expect(t.sections[0]).not.toHaveProperty('appliesTo');
		expect(problems(t)).toEqual([]);
	});

	it("reports a question's kinds outside its section's at the question's appliesTo", () => {
		expect(problems(m.updateSection(base(), 0, { appliesTo: ['defi', 'wallet'] }))).toEqual([
			`sections[0].questions[1].appliesTo: "exchange" is not in its section's appliesTo ("defi", "wallet"); a question's list must be a subset of its section's`
		]);
		expect(problems(m.updateQuestion(base(), 1, 0, { appliesTo: ['custodian', 'defi'] }))).toEqual([
			`sections[1].questions[0].appliesTo: "defi" is not in its section's appliesTo ("exchange", "custodian"); a question's list must be a subset of its section's`
		]);
	});
});

describe('changing a question type', () => {
	const positions = base().sections.flatMap((s, si) => s.questions.map((_, qi) => [si, qi] as const));

	it('gives a valid question for every pair of types, keeping the shared fields', () => {
		for (const [si, qi] of positions) {
			for (const type of QUESTION_TYPES) {
				const before = question(base(), si, qi);
				const t = m.changeQuestionType(base(), si, qi, type);
				expect(problems(t), `${before.type} → ${type}`).toEqual([]);
				const after = question(t, si, qi);
				expect(after.type).toBe(type);
				expect(after).toMatchObject({ id: before.id, allowNA: before.allowNA, evidence: before.evidence });
				for (const field of ['reviewGuidance', 'appliesTo'] as const) expect(after[field], `${before.type} → ${type}: ${field}`).toEqual(before[field]);
				if (before.prompt) expect(after.prompt).toBe(before.prompt);
			}
		}
	});

	it('drops the weight and knock-out of a text question, and restores weight 1 when it becomes scored', () => {
		const text = m.changeQuestionType(base(), 0, 0, 'text');
		expect(question(text, 0, 0)).toMatchObject({ type: 'text', weight: 0 });
		expect(question(text, 0, 0)).not.toHaveProperty('critical');
		expect(question(m.changeQuestionType(text, 0, 0, 'yes_no'), 0, 0)).toMatchObject({ weight: 1 });
	});

	it('keeps options between the two choice types and bands between number and percent', () => {
		const multi = m.changeQuestionType(base(), 1, 0, 'multi_choice');
		expect(question(multi, 1, 0)).toMatchObject({ options: [{ value: 'a' }, { value: 'b' }] });
		const pct = m.changeQuestionType(base(), 1, 2, 'percent');
		expect(question(pct, 1, 2)).toMatchObject({ bands: [{ max: 24, score: 1 }, { score: 0 }] });
		expect(question(m.changeQuestionType(base(), 1, 3, 'number'), 1, 3)).toMatchObject({ unit: '', bands: [{ max: 10 }, {}] });
	});

	it('gives back the options, bands and labels remembered from earlier types', () => {
		const choice = question(base(), 1, 0);
		const yesNo = m.changeQuestionType(base(), 1, 0, 'yes_no');
		expect(question(m.changeQuestionType(yesNo, 1, 0, 'choice'), 1, 0)).toMatchObject({ options: [{ value: 'option-1' }, {}] });
		const back = m.changeQuestionType(yesNo, 1, 0, 'choice', m.extrasOf(choice));
		expect(back).toEqual(base());
		const hours = question(base(), 1, 2);
		const viaText = m.changeQuestionType(m.changeQuestionType(base(), 1, 2, 'text'), 1, 2, 'number', m.extrasOf(hours));
		expect(question(viaText, 1, 2)).toMatchObject({ unit: 'hours', bands: [{ max: 24 }, {}] });
	});

	it('leaves the question as it is when the type does not change', () => {
		const t = base();
		expect(m.changeQuestionType(t, 1, 0, 'choice').sections[1].questions[0]).toBe(t.sections[1].questions[0]);
	});
});

describe('knock-outs', () => {
	it('defaults to full marks required and the second-to-last grade as cap', () => {
		const t = m.setCritical(base(), 0, 1);
		expect(question(t, 0, 1).critical).toEqual({ minScore: 1, capGrade: 'D' });
		expect(problems(t)).toEqual([]);
	});

	it('uses the template’s own grades', () => {
		const t = valid({ ...m.clearCritical(base(), 0, 0), grades: [{ grade: 'Pass', min: 50 }, { grade: 'Fail', min: 0 }] });
		expect(m.defaultCritical(t)).toEqual({ minScore: 1, capGrade: 'Pass' });
		const single = valid({ ...base(), grades: [{ grade: 'Only', min: 0 }], sections: [{ id: 's', questions: [{ id: 's.q', type: 'yes_no' }] }] });
		expect(m.defaultCritical(single)).toEqual({ minScore: 1, capGrade: 'Only' });
	});

	it('changes one setting and keeps the other', () => {
		const t = m.setCritical(base(), 0, 0, { minScore: 0.5 });
		expect(question(t, 0, 0).critical).toEqual({ minScore: 0.5, capGrade: 'C' });
		expect(problems(m.setCritical(base(), 0, 0, { minScore: 0 }))).toEqual([
			'sections[0].questions[0].critical.minScore: expected a number above 0 and at most 1'
		]);
	});

	it('clears a knock-out, and refuses one on a text question', () => {
		expect(question(m.clearCritical(base(), 0, 0), 0, 0)).not.toHaveProperty('critical');
		expect(() => m.setCritical(base(), 0, 3)).toThrow(TypeError);
	});
});

describe('options, bands and levels', () => {
	it('adds an option with a value not yet used, moves it and removes it', () => {
		const t = m.addOption(m.updateOption(base(), 1, 0, 0, { value: 'option-3' }), 1, 0);
		const options = () => (question(t, 1, 0) as { options: { value: string }[] }).options;
		expect(options().map((o) => o.value)).toEqual(['option-3', 'b', 'option-4']);
		expect(problems(t)).toEqual([]);
		const moved = m.moveOption(t, 1, 0, 2, -1);
		expect(m.moveOption(moved, 1, 0, 1, 1)).toEqual(t);
		expect(problems(m.removeOption(t, 1, 0, 2))).toEqual([]);
	});

	it('reports duplicate option values, a score above 1 and too few options', () => {
		expect(problems(m.updateOption(base(), 1, 0, 1, { value: 'a' }))).toEqual([
			'sections[1].questions[0].options[1].value: duplicate option value "a" (also options[0])'
		]);
		expect(problems(m.updateOption(base(), 1, 0, 1, { score: 2 }))).toEqual(['sections[1].questions[0].options[1].score: expected a number from 0 to 1']);
		expect(problems(m.removeOption(base(), 1, 0, 1))).toEqual(['sections[1].questions[0].options: needs at least 2 options']);
	});

	it('edits bands: an undefined end is open, and min above max is reported at max', () => {
		let t = m.updateBand(base(), 1, 2, 0, { max: 48, min: 0 });
		expect((question(t, 1, 2) as { bands: unknown[] }).bands[0]).toEqual({ max: 48, min: 0, score: 1 });
		t = m.updateBand(t, 1, 2, 0, { min: undefined });
		expect((question(t, 1, 2) as { bands: unknown[] }).bands[0]).toEqual({ max: 48, score: 1 });
		expect(problems(m.updateBand(t, 1, 2, 0, { min: 50 }))).toEqual(['sections[1].questions[2].bands[0].max: must not be below min (50)']);
	});

	it('adds, moves and removes bands; a number needs one, a percentage may have none', () => {
		const t = m.addBand(base(), 1, 2);
		expect((question(t, 1, 2) as { bands: unknown[] }).bands).toHaveLength(3);
		expect(m.moveBand(m.moveBand(t, 1, 2, 2, -1), 1, 2, 1, 1)).toEqual(t);
		let bare = m.removeBand(m.removeBand(base(), 1, 2, 1), 1, 2, 0);
		expect(problems(bare)).toEqual(['sections[1].questions[2].bands: needs at least one band']);
		bare = m.removeBand(m.removeBand(base(), 1, 4, 1), 1, 4, 0);
		expect(question(bare, 1, 4)).not.toHaveProperty('bands');
		expect(problems(bare)).toEqual([]);
	});

	it('starts a percentage’s bands from valid defaults, and clears them again', () => {
		const t = m.addBand(base(), 1, 3);
		expect((question(t, 1, 3) as { bands: unknown[] }).bands).toHaveLength(3);
		expect(problems(t)).toEqual([]);
		expect(m.clearBands(t, 1, 3)).toEqual(base());
	});

	it('edits maturity labels, always six of them', () => {
		const t = m.updateLevel(base(), 0, 2, 5, 'Best');
		expect((question(t, 0, 2) as { levels: string[] }).levels).toEqual(['a', 'b', 'c', 'd', 'e', 'Best']);
		const bare = m.removeLevels(t, 0, 2);
		expect(question(bare, 0, 2)).not.toHaveProperty('levels');
		expect((question(m.addLevels(bare, 0, 2), 0, 2) as { levels: string[] }).levels).toEqual([...m.DEFAULT_LEVELS]);
		expect(problems(m.updateLevel(bare, 0, 2, 0, 'Nothing yet'))).toEqual([]);
		expect(() => m.updateLevel(t, 0, 2, 6, 'x')).toThrow(RangeError);
	});

	it('refuses options on a question without them', () => {
		expect(() => m.addOption(base(), 0, 0)).toThrow(TypeError);
		expect(() => m.addBand(base(), 0, 0)).toThrow(TypeError);
		expect(() => m.updateUnit(base(), 0, 0, 'x')).toThrow(TypeError);
	});
});

describe('any sequence of structural edits', () => {
	type Op = (t: Template) => Template;
	const pick = (n: number, k: number) => (n === 0 ? 0 : k % n);
	// Operations that cannot by themselves break a valid template (removals can
	// empty a section, which is reported; they are tested above).
	const op: fc.Arbitrary<Op> = fc.oneof(
		fc.constant<Op>((t) => m.addSection(t)),
		fc.tuple(fc.nat(), fc.constantFrom(...QUESTION_TYPES)).map(([k, type]): Op => (t) => m.addQuestion(t, pick(t.sections.length, k), type)),
		fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...QUESTION_TYPES)).map(([k, j, type]): Op => (t) => {
			const si = pick(t.sections.length, k);
			return m.changeQuestionType(t, si, pick(t.sections[si].questions.length, j), type);
		}),
		fc.tuple(fc.nat(), fc.constantFrom<m.Direction>(-1, 1)).map(([k, d]): Op => (t) => m.moveSection(t, pick(t.sections.length, k), d)),
		fc.tuple(fc.nat(), fc.nat(), fc.constantFrom<m.Direction>(-1, 1)).map(([k, j, d]): Op => (t) => {
			const si = pick(t.sections.length, k);
			return m.moveQuestion(t, si, pick(t.sections[si].questions.length, j), d);
		}),
		fc.tuple(fc.nat(), fc.nat()).map(([k, j]): Op => (t) => {
			const si = pick(t.sections.length, k);
			const qi = pick(t.sections[si].questions.length, j);
			return question(t, si, qi).type === 'text' ? t : m.setCritical(t, si, qi);
		})
	);

	it('keeps the template valid, its ids unique, and its input unchanged', () => {
		fc.assert(
			fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
				const start = base();
				const snapshot = JSON.stringify(start);
				const end = ops.reduce((t, f) => deepFreeze(f(t)), start);
				expect(problems(end)).toEqual([]);
				expect(new Set(ids(end)).size).toBe(ids(end).length);
				expect(JSON.stringify(start)).toBe(snapshot);
			}),
			{ numRuns: 200 }
		);
	});
});
