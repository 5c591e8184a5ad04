// Committee reviews: opening one, seating a member, voting, deciding.
import fc from 'fast-check';
import { REVIEW_OUTCOMES } from '../../../../src/lib/server/db/schema';
import * as assessments from '../../../../src/lib/server/assessments';
import type { Field } from '../harness';
import { MEGABYTE, NUL, PROTO_WORDS, choice, file, id, text } from '../hostile';
import { form, m, param, unwelcome } from '../fields';
import type { World } from '../world';
import type { Specs } from './index';

/** A list field whose entries must each name a real row: refused when any entry does not. */
function ids(valid: string[], bad: Record<string, unknown[]>) {
	return fc.oneof(
		fc.constantFrom(...['NaN', '-0', '0', '1.5', '1e308', 'Infinity', ...PROTO_WORDS, MEGABYTE, valid[0] + NUL, '999999', 'x'].map((v): [string, unknown[]] => [JSON.stringify(v.slice(0, 10)), [...valid.slice(1), v]])).map(([t, v]) => m(`an entry ${t}`, ...v)),
		fc.constantFrom(...Object.entries(bad)).map(([t, v]) => m(t, ...v)),
		fc.constant(m('a file among them', ...valid.slice(1), file('x.txt', valid[0])))
	);
}

export function reviewSpecs(world: World): Specs {
	const review = param('id', world.review.id, id(String(world.review.id), { form: false }));
	const [first] = world.review.candidates;
	const rationale = (valid: string, max: number) => form('rationale', valid, text(valid, { max, required: true, multiline: true }));
	const outcome = (name: string) => form(name, 'approve', choice('approve', REVIEW_OUTCOMES));
	const finals = (name: string) => assessments.listForPlatform(world.platforms.byName[name]).some((a) => a.state === 'final');
	const candidates = ['Northwind Digital Exchange', 'Meridian Perps Protocol'].map((n) => String(world.platforms.byName[n]));
	const noFinal = Object.keys(world.platforms.byName).find((n) => !finals(n))!;
	const unknownCandidates: Field[] = ['__proto__', 'constructor', 'NaN', '-1', '', '99999'].map((k) => unwelcome(`decision.${k}`, 'approve', `a decision for candidate ${JSON.stringify(k)}`));
	return {
		'/(app)/reviews/[id] vote': {
			who: 'committee',
			cases: [{ label: 'a member votes', writes: true, fields: [review, form('candidate', String(first), id(String(first))), outcome('outcome'), rationale('The custody controls convinced me.', 2000)] }]
		},
		'/(app)/reviews/[id] decide': {
			who: 'admin',
			cases: [
				{
					label: 'the decision on every candidate',
					writes: true,
					fields: [review, ...world.review.candidates.map((c) => outcome(`decision.${c}`)), rationale('The committee weighed all three.', 5000), ...unknownCandidates]
				}
			]
		},
		'/(app)/reviews/[id] addMember': {
			who: 'admin',
			cases: [{ label: 'a member seated', writes: true, fields: [review, form('member', String(world.extra.id), id(String(world.extra.id), { foreign: { 'a disabled user': String(world.disabled.id), 'a member already': String(world.committee.id) } }))] }]
		},
		'/(app)/reviews/new default': {
			who: 'admin',
			cases: [
				{
					label: 'a review of two platforms',
					writes: true,
					fields: [
						form('c', candidates, fc.oneof(ids(candidates, { 'one candidate': [candidates[0]], 'the same one twice': [candidates[0], candidates[0]], 'a platform with no final assessment': [candidates[0], String(world.platforms.byName[noFinal])], 'an assessment of another platform': [candidates[0], `${candidates[1]}@999999`] }), fc.constant(m('none')))),
						form('title', 'Exchanges for the 2027 allocation', text('Exchanges for the 2027 allocation', { max: 200, required: true })),
						form('mandate', 'Decide which exchange we onboard.', text('Decide which exchange we onboard.', { max: 5000, required: true, multiline: true })),
						form('member', [String(world.committee.id)], ids([String(world.committee.id)], { 'a disabled user': [String(world.disabled.id)] }))
					]
				}
			]
		}
	};
}
