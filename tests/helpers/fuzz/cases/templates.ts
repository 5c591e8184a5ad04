// The questionnaire library: creating, importing, editing and the life cycle
// of versions, and the weight profiles kept with a template.
import fc from 'fast-check';
import type { Field } from '../harness';
import { MEGABYTE, NUL, choice, file, id, jsonFile, serialiseJson, text } from '../hostile';
import { form, m, number, param, profileDocs, templateDocs, unwelcome, weight } from '../fields';
import type { World } from '../world';
import type { Specs } from './index';

export function templateSpecs(world: World): Specs {
	const { key, published, draft, draftSha256, doc } = world.template;
	// The draft as its page showed it: any other content is refused, never saved, published or deleted.
	const shownDraft = form('sha256', draftSha256, choice(draftSha256, [draftSha256]));
	// The profiles the page listed (name → version): a malformed list saves nothing.
	const seenValue = JSON.stringify({ [world.profile.name]: world.profile.version });
	const seen = form(
		'seen',
		seenValue,
		fc.oneof(
			fc.constantFrom('', 'null', '[]', '{', '{"Custody-heavy":0}', '{"Custody-heavy":1.5}', '{"Custody-heavy":"1"}', 'not json', `${seenValue}${NUL}`, MEGABYTE).map((v) => m(`seen ${JSON.stringify(v.slice(0, 16))}`, v)),
			fc.constant(m('missing')),
			fc.constant(m('sent twice', seenValue, seenValue)),
			fc.constant(m('a file instead of text', file('seen.json', seenValue)))
		)
	);
	const keyParam = param('key', key, choice(key, [key], { form: false }));
	const version = (valid: string, wrongState: string) => param('version', valid, choice(valid, [valid], { form: false, foreign: { [`version ${wrongState} (the wrong state)`]: wrongState } }));
	const versionOnly = (label: string, valid: string, wrongState: string, writes = true) => ({ who: 'admin' as const, cases: [{ label, writes, fields: [keyParam, version(valid, wrongState)] }] });

	const imported = { ...doc, key: 'fuzz-import', version: '1.0.0', title: 'Imported by the fuzz suite' };
	const edited = { ...doc, version: draft, title: 'Edited by the fuzz suite' };
	const profile = { format: 'clearance-profile/1', name: 'Imported weights', sections: { governance: 2, keys: 3 } };
	const sectionWeights: Field[] = doc.sections.map((s) => form(`weight.${s.id}`, String(s.weight), weight(String(s.weight))));
	const unknownSections: Field[] = ['__proto__', 'constructor', 'prototype', 'no-such-section'].map((k) => unwelcome(`weight.${k}`, '1', `a weight for section ${JSON.stringify(k)}`));

	return {
		'/(app)/templates create': {
			who: 'admin',
			cases: [
				{
					label: 'a blank questionnaire',
					writes: true,
					fields: [
						form(
							'key',
							'fuzz-blank',
							fc.oneof(
								fc.constantFrom('', 'Fuzz', '__proto__', '-fuzz', '.fuzz', 'a'.repeat(65), key, 'fuzz' + NUL, '\u202Efuzz', 'fuzz key', MEGABYTE).map((v) => m(`key ${JSON.stringify(v.slice(0, 12))}`, v)),
								fc.constant(m('missing')),
								fc.constant(m('sent twice', 'fuzz-blank', 'fuzz-blank')),
								fc.constant(m('a file instead of text', file('k.txt', 'fuzz-blank')))
							)
						),
						form('title', 'Vendor due diligence', text('Vendor due diligence', { max: 200, required: true }))
					]
				}
			]
		},
		'/(app)/templates import': {
			who: 'admin',
			cases: [{ label: 'a new questionnaire imported', writes: true, fields: [form('file', file('upload.json', serialiseJson(imported), 'application/json'), fc.oneof(jsonFile(templateDocs(imported), 1_000_000), fc.constant(m('sent twice', file('a.json', serialiseJson(imported)), file('b.json', serialiseJson(imported))))))] }]
		},
		'/(app)/templates/[key]/[version]/edit save': {
			who: 'admin',
			cases: [
				{
					label: "the draft's title edited",
					writes: true,
					fields: [
						keyParam,
						version(draft, published),
						shownDraft,
						form(
							'json',
							serialiseJson(edited),
							fc.oneof(
								{ weight: 6, arbitrary: templateDocs(edited) },
								fc.constant(m('over 1,000,000 characters', `{"title":"${'x'.repeat(1_000_000)}"}`)),
								fc.constant(m('1 MB', MEGABYTE)),
								fc.constant(m('missing')),
								fc.constant(m('sent twice', serialiseJson(edited), serialiseJson(edited))),
								fc.constant(m('a file instead of text', file('t.json', serialiseJson(edited))))
							)
						)
					]
				}
			]
		},
		'/(app)/templates/[key]/[version]/edit publish': { who: 'admin', cases: [{ label: 'the draft published', writes: true, fields: [keyParam, version(draft, published), shownDraft] }] },
		'/(app)/templates/[key]/[version] publish': { who: 'admin', cases: [{ label: 'the draft published', writes: true, fields: [keyParam, version(draft, published), shownDraft] }] },
		'/(app)/templates/[key]/[version] retire': versionOnly('the published version retired', published, draft),
		'/(app)/templates/[key]/[version] newDraft': versionOnly('a new draft', published, draft),
		'/(app)/templates/[key]/[version] deleteDraft': { who: 'admin', cases: [{ label: 'the draft deleted', writes: true, fields: [keyParam, version(draft, published), shownDraft] }] },
		'/(app)/templates/[key] saveProfile': {
			who: 'admin',
			cases: [{ label: 'a profile from the form', writes: true, fields: [keyParam, seen, form('name', 'Fuzz profile', text('Fuzz profile', { max: 80, required: true })), ...sectionWeights, ...unknownSections] }]
		},
		'/(app)/templates/[key] importProfile': {
			who: 'admin',
			cases: [{ label: 'a profile imported', writes: true, fields: [keyParam, seen, form('file', file('p.json', serialiseJson(profile), 'application/json'), fc.oneof(jsonFile(profileDocs(profile), 100_000), fc.constant(m('sent twice', file('a.json', serialiseJson(profile)), file('b.json', serialiseJson(profile))))))] }]
		},
		'/(app)/templates/[key] deleteProfile': {
			who: 'admin',
			cases: [{ label: 'a profile deleted', writes: true, fields: [keyParam, form('profileId', String(world.profile.id), id(String(world.profile.id))), form('version', String(world.profile.version), number(String(world.profile.version)))] }]
		}
	};
}
