// Platforms (creating, editing, starting assessments, inviting respondents)
// and saving the compare view's weights.
import fc from 'fast-check';
import { KIND_LABELS, STATUS_LABELS } from '../../../../src/lib/validation/platforms';
import * as platforms from '../../../../src/lib/server/platforms';
import type { Field } from '../harness';
import { BIDI_CONTROLS, MEGABYTE, NUL, PROTO_WORDS, choice, count, date, email, file, id, text, url } from '../hostile';
import { form, m, number, param } from '../fields';
import type { World } from '../world';
import type { Specs } from './index';

/** "a, b, c": at most `max` entries of at most `maxLength` characters, no control characters. */
function list(valid: string, max: number, maxLength: number) {
	const entries = Array.from({ length: max + 1 }, (_, i) => `e${i}`).join(', ');
	return fc.oneof(
		fc
			.constantFrom<[string, string]>(
				[`${max + 1} entries`, entries],
				[`an entry of ${maxLength + 1} characters`, `${valid}, ${'x'.repeat(maxLength + 1)}`],
				['NUL in an entry', `${valid}, a${NUL}b`],
				...BIDI_CONTROLS.map((c): [string, string] => [`U+${c.charCodeAt(0).toString(16).toUpperCase()} in an entry`, `${valid}, a${c}b`]),
				['a tab in an entry', `${valid}, a\tb`],
				['1 MB', MEGABYTE]
			)
			.map(([t, v]) => m(t, v)),
		fc.constant(m('sent twice', valid, valid)),
		fc.constant(m('a file instead of text', file('list.txt', valid)))
	);
}

/** The platform form, as PlatformForm posts it. */
function platformFields(values: { name: string; kind: string; status: string; jurisdictions: string; tags: string; website: string; description: string }, takenName: string): Field[] {
	return [
		form('name', values.name, fc.oneof(text(values.name, { max: 120, required: true }), fc.constant(m("another platform's name, in capitals", takenName.toUpperCase())))),
		form('kind', values.kind, choice(values.kind, Object.keys(KIND_LABELS))),
		form('status', values.status, choice(values.status, Object.keys(STATUS_LABELS))),
		form('jurisdictions', values.jurisdictions, list(values.jurisdictions, 20, 60)),
		form('tags', values.tags, list(values.tags, 20, 40)),
		form('website', values.website, url(values.website, ['ftp://platform.example', 'platform.example', 'https://', 'https:// platform.example'])),
		form('description', values.description, text(values.description, { max: 4000, multiline: true }))
	];
}

const TEMPLATE_REFS = (draft: string) => ({ 'a draft version': `ci-dd@${draft}`, 'no such version': 'ci-dd@9.9.9', 'no such template': 'no-such-template@1.0.0', 'no version': 'ci-dd@', 'no key': '@1.0.0', 'a key alone': 'ci-dd' });

export function platformSpecs(world: World): Specs {
	const { byName } = world.platforms;
	const halcyon = platforms.get(byName['Halcyon Custody'])!;
	const platformParam = (valid: number) => param('id', valid, id(String(valid), { form: false }));
	const templateRef = choice('ci-dd@1.0.0', ['ci-dd@1.0.0'], { foreign: TEMPLATE_REFS(world.template.draft) });
	const invitation = form('invitationId', String(world.invitation.own), id(String(world.invitation.own), { foreign: { "another platform's invitation": String(world.invitation.foreign) } }));
	const assessors: Field = {
		name: 'assessors',
		where: 'form',
		valid: [String(world.analyst.id)],
		hostile: fc.oneof(
			fc.constant(m('none')),
			fc
				.constantFrom<[string, unknown[]]>(
					...['NaN', '-0', '0', '1.5', '1e308', 'Infinity', '', ...PROTO_WORDS, MEGABYTE, String(world.analyst.id) + NUL, '999999'].map((v): [string, unknown[]] => [`assessor ${JSON.stringify(v.slice(0, 10))}`, [v]]),
					['a disabled user', [String(world.disabled.id)]],
					['a committee member', [String(world.committee.id)]],
					['the analyst and nonsense', [String(world.analyst.id), 'x']],
					['a file', [file('a.txt', String(world.analyst.id))]]
				)
				.map(([t, v]) => m(t, ...v))
		)
	};
	return {
		'/(app)/platforms/new default': {
			who: 'admin',
			cases: [
				{
					label: 'a new platform',
					writes: true,
					fields: platformFields({ name: 'Fuzz Exchange', kind: 'exchange', status: 'prospect', jurisdictions: 'Singapore, EU', tags: 'custody, tier-1', website: 'https://fuzz.example', description: 'Added by the fuzz suite.' }, 'Lumen Wallet')
				}
			]
		},
		'/(app)/platforms/[id]/edit default': {
			who: 'admin',
			cases: [
				{
					label: `${halcyon.name}'s description edited`,
					writes: true,
					fields: [
						platformParam(halcyon.id),
						form('version', String(halcyon.version), number(String(halcyon.version))),
						...platformFields(
							{
								name: halcyon.name,
								kind: halcyon.kind,
								status: halcyon.status,
								jurisdictions: halcyon.jurisdictions.join(', ') || 'Switzerland',
								tags: halcyon.tags.join(', ') || 'custody',
								website: halcyon.website ?? 'https://halcyon.example',
								description: 'Edited by the fuzz suite.'
							},
							'Lumen Wallet'
						)
					]
				}
			]
		},
		'/(app)/platforms/[id] start': {
			who: 'admin',
			cases: [{ label: 'a new assessment of Halcyon', writes: true, fields: [platformParam(halcyon.id), form('template', 'ci-dd@1.0.0', templateRef), assessors, form('dueDate', [], date())] }]
		},
		'/(app)/platforms/[id] invite': {
			who: 'admin',
			cases: [
				{
					label: 'Halcyon invited to self-assess',
					writes: true,
					fields: [
						platformParam(halcyon.id),
						form('respondentName', 'Jane Respondent', text('Jane Respondent', { max: 120, required: true })),
						form('respondentEmail', 'jane@respondent.example', email('jane@respondent.example')),
						form('expiresInDays', '14', count('14', 1, 30)),
						form('message', 'Please answer by Friday.', text('Please answer by Friday.', { max: 2000, multiline: true })),
						form('template', 'ci-dd@1.0.0', templateRef)
					]
				}
			]
		},
		'/(app)/platforms/[id] revokeInvitation': {
			who: 'admin',
			cases: [{ label: "Fernhill's link revoked", writes: true, fields: [platformParam(world.invitation.ownPlatform), invitation] }]
		},
		'/(app)/platforms/[id] reissueInvitation': {
			who: 'admin',
			cases: [{ label: "Fernhill's link re-issued", writes: true, fields: [platformParam(world.invitation.ownPlatform), invitation] }]
		},
		'/(app)/compare saveProfile': {
			who: 'admin',
			cases: [
				{
					label: 'the sliders saved as a profile',
					writes: true,
					fields: [
						form('name', 'Fuzz weights', text('Fuzz weights', { max: 80, required: true })),
						form('template', 'ci-dd', choice('ci-dd', ['ci-dd'], { foreign: { 'no such template': 'no-such-template' } })),
						form(
							'weights',
							'governance:1,keys:2',
							fc.oneof(
								fc
									.constantFrom(
										'keys:NaN', 'keys:Infinity', 'keys:-1', 'keys:1e308', 'keys:1e999', 'keys:1000001', 'keys:0x10', 'keys:1e3', 'keys:' + '9'.repeat(400),
										'__proto__:1', 'constructor:1', 'prototype:1', 'no-such-section:1', 'keys:1,keys:x', 'keys', ':', 'keys:', ':1', 'keys:0',
										'keys:1' + NUL, '\u202Ekeys:1', MEGABYTE
									)
									.map((v) => m(`weights ${JSON.stringify(v.slice(0, 16))}`, v)),
								fc.constant(m('missing')),
								fc.constant(m('sent twice', 'governance:1,keys:2', 'governance:1,keys:2')),
								fc.constant(m('a file instead of text', file('w.txt', 'keys:1')))
							)
						)
					]
				}
			]
		}
	};
}
