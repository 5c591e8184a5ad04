// Committee reviews: opening one, seating a member, voting, deciding.
import fc from 'fast-check';
import { REVIEW_OUTCOMES } from '../../../../src/lib/server/db/schema';
import * as assessments from '../../../../src/lib/server/assessments';
import type { Field } from '../harness';
import { MAX_WEIGHT } from '../../../../src/lib/scoring/defaults';
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

/** A field of the address's query string: the review pins the comparison the link describes. */
function query(name: string, valid: string[], hostile: fc.Arbitrary<ReturnType<typeof m>>): Field {
	return { name, where: 'query', valid, hostile };
}

/** A link's section weights (compare/url-state.ts) that a review must not pin: outside 0 to MAX_WEIGHT, not plain decimals, or for no section compared. */
const LINK_WEIGHTS = [
	'keys:1e308', `keys:${MAX_WEIGHT + 1}`, `keys:${MAX_WEIGHT}.5`, `keys:${Number.MAX_VALUE}`, 'keys:' + '9'.repeat(400), 'keys:1e999',
	'keys:NaN', 'keys:Infinity', 'keys:-Infinity', 'keys:-1', 'keys:0x10', 'keys:1e3', 'keys:0', 'keys:', 'keys', ':1',
	'no-such-section:1', '__proto__:1', 'constructor:1', 'keys:1,keys:x', 'keys:1' + NUL, '\u202Ekeys:1', `keys:${MEGABYTE}`
];

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
		'/(app)/reviews/[id] signOff': {
			who: 'admin',
			cases: [
				{
					label: 'an open condition signed off',
					writes: true,
					fields: [
						param('id', world.decided.id, id(String(world.decided.id), { form: false })),
						form('condition', String(world.decided.condition.id), id(String(world.decided.condition.id), { foreign: { 'a condition signed off already': String(world.decided.signedOff) } })),
						form('version', String(world.decided.condition.version), id(String(world.decided.condition.version), { foreign: { 'a stale version': String(world.decided.condition.version + 1) } })),
						form('note', 'Witnessed ceremony script received.', text('Witnessed ceremony script received.', { max: 2000, required: true, multiline: true }))
					]
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
					label: 'a review of two platforms, at the link’s weights',
					writes: true,
					fields: [
						query('w', ['governance:2,keys:1'], fc.constantFrom(...LINK_WEIGHTS).map((v) => m(`link weights ${JSON.stringify(v.slice(0, 24))}`, v))),
						query('profile', [], fc.constantFrom('999999', 'abc', '-1', '1e308', 'NaN', '__proto__').map((v) => m(`link profile ${JSON.stringify(v)}`, v))),
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
