// Findings: triage on the platform page (confirm several, merge), the
// finding page's actions (confirm, edit, dismiss, accept as a risk) and a
// finding written by hand.
import fc from 'fast-check';
import * as findings from '../../../../src/lib/server/findings';
import type { Field } from '../harness';
import { choice, date, email, file, id, MEGABYTE, NUL, PROTO_WORDS, text, type Mutation } from '../hostile';
import { form, m, number, param } from '../fields';
import type { World } from '../world';
import type { Specs } from './index';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Hostile values of an optional field, less those that mean "left empty" (which the field rightly takes). */
const optional = (arb: fc.Arbitrary<Mutation>, emptyTags: string[]) => arb.filter((mu) => !emptyTags.includes(mu.tag));

/** Finding ids chosen with checkboxes. */
function chosen(valid: string[], world: World, refusesOpen: boolean): Field {
	return {
		name: 'ids',
		where: 'form',
		valid,
		hostile: fc.oneof(
			fc.constant(m('none')),
			fc
				.constantFrom<[string, unknown[]]>(
					...['NaN', '-0', '0', '1.5', '1e308', 'Infinity', '', ...PROTO_WORDS, MEGABYTE, valid[0] + NUL, '999999'].map((v): [string, unknown[]] => [`id ${JSON.stringify(v.slice(0, 10))}`, [v]]),
					["another platform's finding", [...valid, String(world.findings.foreign)]],
					// Only confirming refuses an open finding: a merge folds open ones too, but not a finding into itself.
					refusesOpen ? ['an open finding among proposals', [...valid, String(world.findings.open.id)]] : ['the same finding twice', [valid[0], valid[0]]],
					['a file', [file('ids.txt', valid[0])]]
				)
				.map(([t, v]) => m(t, ...v))
		)
	};
}

export function findingSpecs(world: World): Specs {
	const f = world.findings;
	const platformParam = param('id', f.platform, id(String(f.platform), { form: false }));
	const findingParam = (valid: number) => param('id', valid, id(String(valid), { form: false }));
	const version = (valid: number) => form('version', String(valid), number(String(valid)));
	const question = findings.questionsToName(f.platform).sections[0].questions[0].id;
	const owner = String(world.analyst.id);
	const fields = (title: string): Field[] => [
		form('title', title, text(title, { max: 200, required: true })),
		form('detail', 'What is wrong and what would fix it.', text('What is wrong and what would fix it.', { max: 4000, multiline: true })),
		form('severity', 'medium', choice('medium', ['critical', 'high', 'medium', 'low'])),
		form('ownerName', 'Pat Vendor', text('Pat Vendor', { max: 120 })),
		form('ownerEmail', 'pat@vendor.example', optional(email('pat@vendor.example'), ['empty', 'blank', 'missing'])),
		form('internalOwnerId', owner, optional(id(owner, { foreign: { 'a committee member': String(world.committee.id), 'a disabled analyst': String(world.disabled.id) } }), ['id ""', 'id " "', 'missing'])),
		form('dueOn', isoDay(Date.now() + 30 * DAY), date({ latest: Date.now() + 730 * DAY }))
	];
	return {
		'/(app)/platforms/[id] confirmFindings': {
			who: 'admin',
			cases: [{ label: 'two proposals confirmed', writes: true, fields: [platformParam, chosen([String(f.proposed[0]), String(f.proposed[1])], world, true)] }]
		},
		'/(app)/platforms/[id] mergeFindings': {
			who: 'admin',
			cases: [{ label: 'two proposals merged', writes: true, fields: [platformParam, chosen([String(f.proposed[1]), String(f.proposed[2])], world, false)] }]
		},
		'/(app)/platforms/[id]/findings/new default': {
			who: 'admin',
			cases: [
				{
					label: 'a finding written by hand on a question',
					writes: true,
					fields: [
						platformParam,
						...fields('Written by the fuzz suite'),
						form('questionId', question, optional(choice(question, [question], { foreign: { 'no such question': 'no-such.question' } }), ['empty', 'missing']))
					]
				}
			]
		},
		'/(app)/findings/[id] confirm': {
			who: 'admin',
			cases: [{ label: 'a proposal confirmed with a due date', writes: true, fields: [findingParam(f.proposed[0]), version(1), form('dueOn', isoDay(Date.now() + 20 * DAY), date({ latest: Date.now() + 730 * DAY }))] }]
		},
		'/(app)/findings/[id] edit': {
			who: 'admin',
			cases: [{ label: 'a proposal edited', writes: true, fields: [findingParam(f.proposed[0]), version(1), ...fields('Edited by the fuzz suite')] }]
		},
		'/(app)/findings/[id] dismiss': {
			who: 'admin',
			cases: [{ label: 'a proposal dismissed', writes: true, fields: [findingParam(f.proposed[1]), version(1), form('reason', 'Not a finding: fuzz.', text('Not a finding: fuzz.', { max: 2000, required: true, multiline: true }))] }]
		},
		'/(app)/findings/[id] accept': {
			who: 'admin',
			cases: [
				{
					label: 'an open finding accepted as a risk',
					writes: true,
					fields: [
						findingParam(f.open.id),
						version(f.open.version),
						form('rationale', 'Compensating control: fuzz.', text('Compensating control: fuzz.', { max: 4000, required: true, multiline: true })),
						form('expiresOn', isoDay(Date.now() + 60 * DAY), date({ latest: Date.now() + 365 * DAY }))
					]
				}
			]
		}
	};
}
