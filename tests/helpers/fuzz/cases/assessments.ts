// Answering, evidence, the lifecycle and verification of assessments, for
// staff (/assessments/[id]) and for a platform's respondent (/invite).
import fc from 'fast-check';
import * as assessments from '../../../../src/lib/server/assessments';
import type { Question, Section } from '../../../../src/lib/scoring/index';
import type { Field } from '../harness';
import { LONE_SURROGATES, PDF, Raw, MEGABYTE, NUL, PROTO_WORDS, choice, date, evidenceFile, id, text, token, url } from '../hostile';
import { answerValue, form, m, number, param } from '../fields';
import type { World } from '../world';
import type { Specs } from './index';

const ASSURANCE = ['claimed', 'evidenced', 'verified'];
/** Evidence links refused: not a web address, a host no analyst can open, credentials that disguise the host. */
const LINK_REFUSALS = ['ftp://evidence.example/fuzz.pdf', 'https://x', 'evidence.example/fuzz.pdf', 'https://bank.example@evil.example/', 'file:///etc/passwd', 'https://evidence.example/a b'];

/** The form value of a stored answer, as the page's controls post it back. */
function posted(q: Question, value: unknown): string[] {
	if (value === null || value === undefined) return [];
	if (Array.isArray(value)) return value.length ? value.map(String) : [''];
	return [String(value)];
}

/** A version the form must match exactly: anything else is refused as out of date. */
function versionOf(valid: number): fc.Arbitrary<ReturnType<typeof m>> {
	const values = ['1', '2', '-1', '1.5', 'Infinity', '-Infinity', '1e308', '99999', ...(valid > 0 ? ['0', '', 'NaN', '__proto__', MEGABYTE] : [])];
	return fc.oneof(fc.constantFrom(...values.filter((v) => v !== String(valid))).map((v) => m(`version ${JSON.stringify(v.slice(0, 10))}`, v)), fc.constant(m('sent twice', String(valid), String(valid))));
}

/**
 * A section as the plain form posts it: every question's value, N/A box,
 * assurance (staff only), note and version. `change` is the one question the
 * accepted request changes (its note, or its value when unanswered).
 */
function sectionForm(section: Section, sectionIds: string[], stored: assessments.AssessmentDetail['answers'], change: string, options: { staff: boolean }): Field[] {
	const fields: Field[] = [form('section', section.id, choice(section.id, sectionIds))];
	for (const q of section.questions) {
		const a = Object.hasOwn(stored, q.id) ? stored[q.id] : undefined;
		const changed = q.id === change;
		const value = changed && !a ? ['yes'] : posted(q, a?.na ? null : a?.value);
		const note = changed && a ? 'Checked again by the fuzz suite.' : (a?.note ?? '');
		fields.push(form(`value:${q.id}`, value, answerValue(q, value)));
		fields.push(form(`na:${q.id}`, a?.na ? ['on'] : [], fc.oneof(...(q.allowNA ? [] : [fc.constant(m('N/A where the question allows none', 'on'))]), fc.constant(m('sent twice', 'on', 'on')))));
		if (options.staff) fields.push(form(`assurance:${q.id}`, a?.assurance ?? 'claimed', choice(a?.assurance ?? 'claimed', ASSURANCE, { required: false })));
		fields.push(form(`note:${q.id}`, note, text(note || 'A note', { max: 10_000, multiline: true })));
		// Only a changed answer's version is checked: the others are not written.
		if (changed) fields.push(form(`version:${q.id}`, String(a?.version ?? 0), versionOf(a?.version ?? 0)));
		else fields.push({ name: `version:${q.id}`, where: 'form', valid: [String(a?.version ?? 0)], hostile: fc.constant(m('sent twice', String(a?.version ?? 0), String(a?.version ?? 0))) });
	}
	return fields;
}

export function assessmentSpecs(world: World): Specs {
	const A = world.assessments;
	const doc = world.template.doc;
	const sectionIds = doc.sections.map((s) => s.id);
	const questionIds = doc.sections.flatMap((s) => s.questions.map((q) => q.id));
	const assessment = (valid: number, foreign: Record<string, number>) =>
		param('id', valid, id(String(valid), { form: false, foreign: Object.fromEntries(Object.entries(foreign).map(([k, v]) => [k, String(v)])) }));
	const questionField = (name: string, valid: string) => form(name, valid, choice(valid, questionIds));

	// The draft's first section with an answer: the accepted request changes that answer's note.
	const draft = assessments.mustGet(A.draft);
	const section = doc.sections.find((s) => s.questions.some((q) => Object.hasOwn(draft.answers, q.id)))!;
	const answered = section.questions.find((q) => Object.hasOwn(draft.answers, q.id))!;
	const blank = section.questions.find((q) => q.type === 'yes_partial_no' && !Object.hasOwn(draft.answers, q.id)) ?? doc.sections.flatMap((s) => s.questions).find((q) => q.type === 'yes_partial_no' && !Object.hasOwn(draft.answers, q.id))!;

	// The open self-assessment has no answers yet but the N/A of questions for other kinds: the respondent answers one it is asked.
	const respondentOpen = assessments.mustGet(A.selfOpen);
	const asked = (q: Question) => q.type === 'yes_partial_no' && !Object.hasOwn(respondentOpen.answers, q.id);
	const respondentSection = doc.sections.find((s) => s.questions.some(asked))!;
	const respondentQuestion = respondentSection.questions.find(asked)!;
	const respondentCookie: Field = { name: 'respondent', where: 'respondent', valid: [world.invitation.token], hostile: token(world.invitation.token, world.deadInvitations) };

	// Bastion's submitted self-assessment: answers without a decision yet, and one decided.
	const bastion = assessments.mustGet(A.selfInReview);
	const undecided = doc.sections.flatMap((s) => s.questions).filter((q) => Object.hasOwn(bastion.answers, q.id) && !Object.hasOwn(bastion.verifications, q.id) && !bastion.answers[q.id].na);
	const decided = Object.keys(bastion.verifications).find((q) => bastion.verifications[q].decision === 'accepted')!;
	// Accepting needs evidence where the question requires it, and the platform attached none.
	const acceptable = undecided.filter((q) => q.evidence !== 'required');
	const toAccept = acceptable[0];
	const toAsk = undecided.find((q) => q.id !== toAccept.id)!;
	const toAdjust = undecided.find((q) => q.type === 'yes_partial_no' && q.id !== toAccept.id && q.id !== toAsk.id)!;
	const pendingSection = doc.sections.find((s) => s.questions.some((q) => acceptable.includes(q)))!;
	const basis = (q: Question): Field[] => [
		form('claimVersion', String(bastion.answers[q.id].version), number(String(bastion.answers[q.id].version))),
		form('decidedAt', '0', fc.oneof(fc.constantFrom('1', '-1', '1.5', 'NaN', 'Infinity', '1e308', 'x', ...PROTO_WORDS, MEGABYTE, '0' + NUL).map((v) => m(`decidedAt ${JSON.stringify(v.slice(0, 10))}`, v)), fc.constant(m('sent twice', '0', '0'))))
	];
	const verifyQuestion = (q: Question) => form('questionId', q.id, choice(q.id, questionIds, { foreign: { 'a question decided already': decided } }));
	const otherValue = bastion.answers[toAdjust.id].value === 'no' ? 'partial' : 'no';
	const reason = (name: string, valid: string) => form(name, valid, text(valid, { max: 5000, required: true, multiline: true }));

	// Submit and finalise act once confirmed; without the field they answer with the confirmation step.
	const confirmed = form('confirmed', 'yes', choice('yes', ['yes'], { required: false }));
	const staffEvidence = assessment(A.draft, { 'a final assessment': A.final, "a platform's self-assessment": A.selfOpen });
	const noFields = (label: string, valid: number, foreign: Record<string, number>, writes = true) => ({ who: 'admin' as const, cases: [{ label, writes, fields: [assessment(valid, foreign)] }] });

	// The autosave's JSON bodies: one unanswered question answered, and a
	// written answer (text in JSON can hold a lone surrogate; a form's cannot).
	type Put = { questionId: string; value: unknown; na: boolean; assurance: string; note: string; expectedVersion: number };
	// Claimed: "evidenced" needs evidence on the question (issue 20), which the blank question found here may not have.
	const put: Put = { questionId: blank.id, value: 'yes', na: false, assurance: 'claimed', note: '', expectedVersion: 0 };
	const written = doc.sections.flatMap((s) => s.questions).find((q) => q.type === 'text')!;
	const writtenPut: Put = { questionId: written.id, value: 'Written by the fuzz suite.', na: false, assurance: 'claimed', note: '', expectedVersion: draft.answers[written.id]?.version ?? 0 };
	const jsonOf = (body: Put) => (name: keyof Put, values: Array<[string, unknown]>, required = true): Field => ({
		name,
		where: 'json',
		valid: [body[name]],
		hostile: fc.oneof(fc.constantFrom(...values).map(([tag, v]) => m(tag, v)), ...(required ? [fc.constant(m('missing'))] : []), fc.constant(m(`given twice, the second ${values[0][0]}`, body[name], values[0][1])))
	});
	const json = jsonOf(put);
	const JSON_TEXTS: Array<[string, unknown]> = [
		['NUL inside', `a${NUL}b`],
		...LONE_SURROGATES.map(([tag, s]): [string, unknown] => [`${tag} inside`, `note ${s} here`]),
		['U+202E inside', 'note \u202Efdp.exe'],
		['U+2066 inside', 'a\u2066b'],
		['U+001B inside', 'a\u001Bb'],
		['10,001 characters', 'n'.repeat(10_001)],
		['1 MB', MEGABYTE],
		['a number', 5],
		['null', null],
		['a list', ['x']]
	];

	/** The body as a whole (not JSON, not an object) and its content type. */
	const bodyShape: Field[] = [
		{
			name: 'body',
			where: 'body',
			valid: [],
			hostile: fc.constantFrom<[string, string]>(['', ''], ['null', 'null'], ['a list', '[]'], ['a string', '"yes"'], ['cut short', '{"questionId":'], ['NaN', '{"value":NaN}'], ['1 MB string', JSON.stringify(MEGABYTE)], ['100,000 nested lists', '['.repeat(100_000) + ']'.repeat(100_000)]).map(([t, v]) => m(`body ${t}`, v))
		},
		{
			name: 'content-type',
			where: 'header',
			valid: ['application/json'],
			hostile: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '').map((v) => m(`content-type ${JSON.stringify(v)}`, v))
		}
	];

	return {
		'/(app)/assessments/[id] saveSection': {
			who: 'admin',
			cases: [{ label: `section ${section.id}, ${answered.id}'s note changed`, writes: true, fields: [assessment(A.draft, { 'a final assessment': A.final, "a platform's self-assessment": A.selfInReview }), ...sectionForm(section, sectionIds, draft.answers, answered.id, { staff: true })] }]
		},
		'/(app)/assessments/[id] uploadEvidence': {
			who: 'admin',
			cases: [{ label: 'a PDF for one question', writes: true, fields: [staffEvidence, form('file', PDF(), evidenceFile(PDF())), questionField('questionId', answered.id)] }]
		},
		'/(app)/assessments/[id] addLink': {
			who: 'admin',
			cases: [
				{
					label: 'a link for one question',
					writes: true,
					fields: [
						staffEvidence,
						questionField('questionId', answered.id),
						form('url', 'https://evidence.example/fuzz.pdf', url('https://evidence.example/fuzz.pdf', LINK_REFUSALS)),
						form('label', 'Board minutes', text('Board minutes', { max: 200 }))
					]
				}
			]
		},
		'/(app)/assessments/[id] removeEvidence': {
			who: 'admin',
			cases: [{ label: "the draft's link", writes: true, fields: [staffEvidence, form('evidenceId', String(world.evidence.own), id(String(world.evidence.own), { foreign: { "another assessment's evidence": String(world.evidence.foreign) } }))] }]
		},
		'/(app)/assessments/[id] submit': {
			who: 'admin',
			cases: [{ label: 'the draft goes to review', writes: true, fields: [assessment(A.draft, { 'one in review': A.inReview, 'a final one': A.final, "a platform's self-assessment": A.selfOpen }), confirmed] }]
		},
		'/(app)/assessments/[id] waiveEvidence': {
			who: 'admin',
			cases: [
				{
					label: 'an evidence-required question waived',
					writes: true,
					fields: [
						assessment(A.draft, { 'a final assessment': A.final }),
						form('questionId', world.evidence.waivable, choice(world.evidence.waivable, questionIds, { foreign: { 'a question waived already': world.evidence.waived } })),
						form('reason', 'Seen on site.', text('Seen on site.', { max: 2000, required: true, multiline: true }))
					]
				}
			]
		},
		'/(app)/assessments/[id] withdrawWaiver': {
			who: 'admin',
			cases: [{ label: 'the waiver withdrawn', writes: true, fields: [assessment(A.draft, { 'a final assessment': A.final }), form('questionId', world.evidence.waived, choice(world.evidence.waived, questionIds, { foreign: { 'a question not waived': world.evidence.waivable } }))] }]
		},
		'/(app)/assessments/[id] reopen': noFields('back to draft', A.inReview, { 'a draft': A.draft, 'a final one': A.final, 'a submitted self-assessment': A.selfInReview }),
		'/(app)/assessments/[id] amend': noFields('a new draft from a final one', A.final, { 'a draft': A.draft, 'one in review': A.inReview }),
		'/(app)/assessments/[id] recompute': noFields('stored figures checked', A.final, { 'a draft': A.draft, 'one in review': A.inReview }, false),
		'/(app)/assessments/[id] requestClarification': noFields('the question goes to the platform', A.selfInReview, { "an analyst's draft": A.draft, 'a final one': A.final, 'one back with the platform': A.selfClarifying }),
		'/(app)/assessments/[id] withdrawClarification': noFields('the question is taken back', A.selfClarifying, { "an analyst's draft": A.draft, 'one in review': A.selfInReview, 'an unanswered self-assessment': A.selfOpen }),
		'/(app)/assessments/[id] finalize': {
			who: 'admin',
			cases: [
				{
					label: 'finalised with the default validity',
					writes: true,
					fields: [assessment(A.inReview, { 'a draft': A.draft, 'a final one': A.final, 'an unverified self-assessment': A.selfInReview }), form('validUntil', [], date({ latest: Date.now() + 5 * 366 * 86_400_000 })), confirmed]
				}
			]
		},
		'/(app)/assessments/[id] acceptSection': {
			who: 'admin',
			cases: [{ label: `section ${pendingSection.id} accepted`, writes: true, fields: [assessment(A.selfInReview, { "an analyst's draft": A.draft, 'a final one': A.final, 'one back with the platform': A.selfClarifying }), form('section', pendingSection.id, choice(pendingSection.id, sectionIds))] }]
		},
		'/(app)/assessments/[id] verify': {
			who: 'admin',
			cases: [
				{
					label: `${toAccept.id} accepted`,
					writes: true,
					fields: [assessment(A.selfInReview, { "an analyst's draft": A.draft, 'one back with the platform': A.selfClarifying }), verifyQuestion(toAccept), form('decision', 'accepted', choice('accepted', ['accepted', 'adjusted', 'clarification'])), ...basis(toAccept)]
				},
				{
					label: `${toAsk.id} asked about`,
					writes: true,
					fields: [assessment(A.selfInReview, {}), verifyQuestion(toAsk), form('decision', 'clarification', choice('clarification', ['accepted', 'adjusted', 'clarification'])), reason('comment', 'Which provider vetted them, and when?'), ...basis(toAsk)]
				},
				{
					label: `${toAdjust.id} adjusted`,
					writes: true,
					fields: [
						assessment(A.selfInReview, {}),
						verifyQuestion(toAdjust),
						form('decision', 'adjusted', choice('adjusted', ['accepted', 'adjusted', 'clarification'])),
						form(`value:${toAdjust.id}`, otherValue, answerValue(toAdjust, [otherValue])),
						...(toAdjust.allowNA ? [] : [form(`na:${toAdjust.id}`, [], fc.constant(m('N/A where the question allows none', 'on')))]),
						reason('rationale', 'The walkthrough showed otherwise.'),
						...basis(toAdjust)
					]
				}
			]
		},
		'/(app)/assessments/[id]/answers PUT': {
			who: 'admin',
			cases: [
				{
					label: `${blank.id} answered by autosave`,
					writes: true,
					fields: [
						assessment(A.draft, { 'a final assessment': A.final, "a platform's self-assessment": A.selfInReview }),
						json('questionId', [['unknown', 'no.such-question'], ...PROTO_WORDS.map((w): [string, unknown] => [w, w]), ['1 MB', MEGABYTE], ['NUL inside', blank.id + NUL], ['U+202E + id', '\u202E' + blank.id], ['a number', 5], ['null', null], ['a list', [blank.id]], ['an object', {}]]),
						json('value', [['maybe', 'maybe'], ['YES', 'YES'], ['yes + NUL', 'yes' + NUL], ['yes + a lone surrogate', 'yes\uD800'], ['U+202E + yes', '\u202Eyes'], ...PROTO_WORDS.map((w): [string, unknown] => [w, w]), ['1', 1], ['-0', new Raw('-0')], ['1e999', new Raw('1e999')], ['true', true], ['a list', ['yes']], ['an object', { yes: true }], ['1 MB', MEGABYTE]]),
						json('na', [['"true"', 'true'], ['1', 1], ['null', null], ['"on"', 'on']]),
						json('assurance', [...PROTO_WORDS.map((w): [string, unknown] => [w, w]), ['VERIFIED', 'VERIFIED'], ['bogus', 'bogus'], ['empty', ''], ['verified + NUL', 'verified' + NUL], ['1 MB', MEGABYTE], ['1', 1], ['null', null], ['a list', ['verified']]]),
						json('note', JSON_TEXTS, false),
						json('expectedVersion', [['"0"', '0'], ['1', 1], ['-1', -1], ['1.5', 1.5], ['1e999', new Raw('1e999')], ['1e308', new Raw('1e308')], ['null', null], ['true', true], ['__proto__', '__proto__'], ['a list', [0]]]),
						...bodyShape
					]
				},
				{
					label: `${written.id} written by autosave`,
					writes: true,
					fields: [
						assessment(A.draft, { 'a final assessment': A.final }),
						jsonOf(writtenPut)('questionId', [['unknown', 'no.such-question'], ['a lone surrogate inside', `${written.id}\uD800`]]),
						// null would only leave the question unanswered: not hostile here.
						jsonOf(writtenPut)('value', JSON_TEXTS.filter(([, v]) => v !== null)),
						jsonOf(writtenPut)('na', [['"true"', 'true'], ['null', null]]),
						jsonOf(writtenPut)('assurance', [['bogus', 'bogus'], ['claimed + a lone surrogate', 'claimed\uDC00']]),
						jsonOf(writtenPut)('note', JSON_TEXTS, false),
						jsonOf(writtenPut)('expectedVersion', [['-1', -1], ['1e308', new Raw('1e308')]]),
						...bodyShape
					]
				}
			]
		},
		'/invite saveSection': {
			who: 'respondent',
			cases: [{ label: `the platform answers ${respondentQuestion.id}`, writes: true, fields: [respondentCookie, ...sectionForm(respondentSection, sectionIds, {}, respondentQuestion.id, { staff: false })] }]
		},
		'/invite uploadEvidence': {
			who: 'respondent',
			cases: [{ label: 'the platform uploads a PDF', writes: true, fields: [respondentCookie, form('file', PDF(), evidenceFile(PDF())), questionField('questionId', respondentQuestion.id)] }]
		},
		'/invite addLink': {
			who: 'respondent',
			cases: [
				{
					label: 'the platform gives a link',
					writes: true,
					fields: [
						respondentCookie,
						questionField('questionId', respondentQuestion.id),
						form('url', 'https://evidence.example/self.pdf', url('https://evidence.example/self.pdf', LINK_REFUSALS)),
						form('label', 'Policy', text('Policy', { max: 200 }))
					]
				}
			]
		},
		'/invite submit': { who: 'respondent', cases: [{ label: 'the platform submits', writes: true, fields: [respondentCookie] }] }
	};
}

