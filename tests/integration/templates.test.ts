import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileTemplate, score, validateTemplate, type Template } from '../../src/lib/scoring/index';
import { listEvents } from '../../src/lib/server/audit';
import { BUNDLED_TEMPLATES, installBundledContent } from '../../src/lib/server/templates/content';
import { handle } from '../../src/lib/server/db/index';
import * as profiles from '../../src/lib/server/profiles';
import * as templates from '../../src/lib/server/templates';
import * as users from '../../src/lib/server/auth/users';
import { actions as editActions } from '../../src/routes/(app)/templates/[key]/[version]/edit/+page.server';
import { actions as libraryActions } from '../../src/routes/(app)/templates/+page.server';
import { actions as templateActions } from '../../src/routes/(app)/templates/[key]/+page.server';
import { useTempDatabase } from '../helpers/database';
import { refusalOf } from '../helpers/refusal';
import { formEvent, outcomeOf, type Locals } from '../helpers/request-event';

useTempDatabase();

const analyst = { id: null, label: 'analyst@example.com' };
const basic = () => JSON.parse(fs.readFileSync('tests/fixtures/scoring/basic.template.json', 'utf8'));
/** The spec's platform-kinds case: appliesTo on a section and a question, reviewGuidance on a question. */
const kinds = () => JSON.parse(fs.readFileSync('tests/fixtures/scoring/kinds.template.json', 'utf8'));
const count = (table: string) => (handle().sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('the default questionnaire', () => {
	it('is installed and published by migrate: 2.0.0, the latest, beside 1.0.0', () => {
		const ciDd = templates.latestPublished('ci-dd');
		expect(ciDd?.row.status).toBe('published');
		expect(ciDd?.doc.version).toBe('2.0.0');
		expect(templates.getVersion('ci-dd', '1.0.0')?.row.status).toBe('published');
	});

	it('comes with the Exchange, Custodian and DeFi protocol weight profiles for 2.0.0’s sections', () => {
		const shipped = profiles.list('ci-dd');
		expect(shipped.map((p) => p.name)).toEqual(['Custodian', 'DeFi protocol', 'Exchange']);
		const sections = templates.latestPublished('ci-dd')!.doc.sections.map((s) => s.id);
		for (const p of shipped) expect(Object.keys(p.sections).sort(), p.name).toEqual([...sections].sort());
		expect(shipped.find((p) => p.name === 'DeFi protocol')!.sections).toMatchObject({ custody: 0 });
		expect(shipped.find((p) => p.name === 'Exchange')!.sections).toMatchObject({ protocol: 0 });
	});

	it('is installed once: a second run adds nothing, and profiles come only with the version they belong to', () => {
		expect(installBundledContent()).toEqual([]);
		expect(profiles.installShippedProfiles([])).toEqual([]);
		expect(templates.find('ci-dd')?.versions).toHaveLength(2);
		// A profile someone removed is not brought back by a later run.
		const custodian = profiles.list('ci-dd').find((p) => p.name === 'Custodian')!;
		profiles.remove(analyst, 'ci-dd', custodian.id);
		expect(profiles.installShippedProfiles(installBundledContent())).toEqual([]);
		expect(profiles.list('ci-dd').map((p) => p.name)).toEqual(['DeFi protocol', 'Exchange']);
	});

	it('has at least 7 sections, 55 scored questions, 4 answer types and 10 knock-outs, each question documented', () => {
		const doc = templates.latestPublished('ci-dd')!.doc;
		const questions = doc.sections.flatMap((s) => s.questions).filter((q) => q.type !== 'text');
		expect(doc.sections.length).toBeGreaterThanOrEqual(7);
		expect(questions.length).toBeGreaterThanOrEqual(55);
		expect(new Set(questions.map((q) => q.type)).size).toBeGreaterThanOrEqual(4);
		expect(questions.filter((q) => q.critical).length).toBeGreaterThanOrEqual(10);
		for (const q of questions) {
			expect(q.prompt, q.id).toBeTruthy();
			expect(q.guidance, q.id).toBeTruthy();
			expect(q.source, q.id).toBeTruthy();
			expect(q.weight, q.id).toBeGreaterThan(0);
			if (q.type === 'maturity') expect(q.levels, q.id).toHaveLength(6);
		}
	});

	it('scores: all "best" answers give an A with no knock-outs; no answers trigger every knock-out', () => {
		const doc = templates.latestPublished('ci-dd')!.doc;
		const ct = compileTemplate(doc);
		const best: Record<string, { value: unknown; assurance: 'verified' }> = {};
		for (const q of doc.sections.flatMap((s) => s.questions)) {
			const value =
				q.type === 'yes_no' || q.type === 'yes_partial_no' ? 'yes'
				: q.type === 'maturity' ? 5
				: q.type === 'choice' ? [...q.options].sort((a, b) => b.score - a.score)[0].value
				: q.type === 'multi_choice' ? q.options.map((o) => o.value)
				: q.type === 'number' ? bestNumber(q.bands)
				: q.type === 'percent' ? (q.bands ? bestNumber(q.bands) : 100)
				: 'text';
			best[q.id] = { value, assurance: 'verified' };
		}
		const top = score(ct, { format: 'clearance-answers/1', template: { key: 'ci-dd', version: '1.0.0' }, answers: best as never });
		expect(top.overall.grade).toBe('A');
		expect(top.knockouts).toEqual([]);
		const none = score(ct, { format: 'clearance-answers/1', template: { key: 'ci-dd', version: '1.0.0' }, answers: {} });
		expect(none.overall.score).toBe(0);
		expect(none.knockouts.length).toBe(doc.sections.flatMap((s) => s.questions).filter((q) => q.critical).length);
	});
});

function bestNumber(bands: Array<{ min?: number; max?: number; score: number }>): number {
	const band = [...bands].sort((a, b) => b.score - a.score)[0];
	return band.min ?? band.max ?? 0;
}

describe('import and export', () => {
	it('export → import → export gives identical JSON', () => {
		const first = templates.importDocument(analyst, basic(), { publish: true });
		const exported = templates.exportJson('basic');
		expect(exported).toBe(first.row.json);
		// A copy under another version, then its export with the version set back, is the same text.
		const copy = JSON.parse(exported);
		copy.version = '1.0.0-copy';
		templates.importDocument(analyst, copy);
		const again = JSON.parse(templates.exportJson('basic', '1.0.0-copy'));
		again.version = '1.0.0';
		expect(templates.serialise(validateTemplate(again).ok ? (again as Template) : (null as never))).toBe(exported);
	});

	it('keeps platform kinds and review guidance: export → import → export gives identical JSON', () => {
		const first = templates.importDocument(analyst, kinds(), { publish: true });
		const exported = templates.exportJson('kinds');
		expect(exported).toBe(first.row.json);
		const doc = JSON.parse(exported);
		expect(doc.sections[0].questions[1]).toMatchObject({ appliesTo: ['exchange', 'custodian'], reviewGuidance: 'Ask for the policy-engine rule and a recent breach alert.' });
		expect(doc.sections[1].appliesTo).toEqual(['defi']);
		const copy = { ...doc, version: '1.0.0-copy' };
		templates.importDocument(analyst, copy);
		expect(templates.exportJson('kinds', '1.0.0-copy')).toBe(exported.replace('"version": "1.0.0"', '"version": "1.0.0-copy"'));
	});

	it("refuses a question whose platform kinds leave its section's, naming the path, and saves nothing", () => {
		const before = [count('templates'), count('template_versions'), count('audit_events')];
		const bad = kinds();
		bad.key = 'kinds-bad';
		bad.sections[1].questions[0].appliesTo = ['defi', 'exchange'];
		bad.sections[0].questions[0].reviewGuidance = '';
		const problems = refusalOf(() => templates.importDocument(analyst, bad), templates.TemplateError).problems.map((p) => `${p.path}: ${p.message}`);
		expect(problems).toEqual([
			'sections[0].questions[0].reviewGuidance: must not be empty; leave reviewGuidance out when there is none',
			`sections[1].questions[0].appliesTo: "exchange" is not in its section's appliesTo ("defi"); a question's list must be a subset of its section's`
		]);
		expect([count('templates'), count('template_versions'), count('audit_events')]).toEqual(before);
	});

	it('exports the bundled questionnaires exactly as the validator normalises them, the latest by default', () => {
		const [v1, v2] = BUNDLED_TEMPLATES.map((doc) => validateTemplate(doc));
		expect(v1.ok && v2.ok).toBe(true);
		if (v2.ok) expect(templates.exportJson('ci-dd')).toBe(templates.serialise(v2.value));
		if (v1.ok) expect(templates.exportJson('ci-dd', '1.0.0')).toBe(templates.serialise(v1.value));
	});

	it('lists every problem with its JSON path and saves nothing', () => {
		const before = [count('templates'), count('template_versions'), count('audit_events')];
		const bad = basic();
		bad.key = 'Bad Key';
		bad.sections[0].weight = -1;
		bad.sections[0].questions[1].type = 'slider';
		const paths = refusalOf(() => templates.importDocument(analyst, bad), templates.TemplateError).problems.map((p) => p.path);
		expect(paths).toEqual(expect.arrayContaining(['key', 'sections[0].weight', 'sections[0].questions[1].type']));
		expect([count('templates'), count('template_versions'), count('audit_events')]).toEqual(before);
	});

	it('refuses text that is not JSON, naming the problem', () => {
		expect(() => templates.parseJson('{"format": ')).toThrow(templates.TemplateError);
	});

	it('refuses a version that exists already', () => {
		expect(() => templates.importDocument(analyst, basic())).toThrow(/already has a version 1.0.0/);
	});
});

describe('published versions are immutable', () => {
	it('the server refuses to change, re-publish or delete a published version', () => {
		const doc = basic();
		doc.title = 'Changed';
		expect(() => templates.saveDraft(analyst, 'basic', '1.0.0', doc, templates.getVersion('basic', '1.0.0')!.row.sha256)).toThrow(/published and cannot change/);
		expect(() => templates.publish(analyst, 'basic', '1.0.0')).toThrow(/only a draft version/);
		expect(() => templates.deleteDraft(analyst, 'basic', '1.0.0')).toThrow(/only drafts can be deleted/);
		expect(templates.getVersion('basic', '1.0.0')!.doc.title).toBe('Basic');
	});

	it('the database refuses it too, whatever path tries', () => {
		const { sqlite } = handle();
		const id = templates.getVersion('basic', '1.0.0')!.row.id;
		expect(() => sqlite.prepare(`UPDATE template_versions SET json = '{}' WHERE id = ?`).run(id)).toThrow(/cannot be changed/);
		expect(() => sqlite.prepare(`UPDATE template_versions SET status = 'draft' WHERE id = ?`).run(id)).toThrow(/draft → published → retired/);
		expect(() => sqlite.prepare('DELETE FROM template_versions WHERE id = ?').run(id)).toThrow(/only a draft/);
	});

	it('retiring keeps the version, and a retired one cannot come back', () => {
		templates.importDocument(analyst, { ...basic(), version: '0.9.0' }, { publish: true });
		templates.retire(analyst, 'basic', '0.9.0');
		expect(templates.getVersion('basic', '0.9.0')!.row.status).toBe('retired');
		expect(() => handle().sqlite.prepare(`UPDATE template_versions SET status = 'published' WHERE version = '0.9.0'`).run()).toThrow();
	});
});

describe('drafts', () => {
	it('"new draft from this version" copies it under the next version and leaves the original alone', () => {
		const draft = templates.newDraftFrom(analyst, 'basic', '1.0.0');
		expect(draft.doc.version).toBe('1.0.1');
		expect(draft.row.status).toBe('draft');
		expect(draft.row.basedOnId).toBe(templates.getVersion('basic', '1.0.0')!.row.id);
	});

	it('a draft saves new content, records the change, and keeps its key', () => {
		const { doc, row } = templates.getVersion('basic', '1.0.1')!;
		const edited = structuredClone(doc);
		edited.title = 'Basic, revised';
		const saved = templates.saveDraft(analyst, 'basic', '1.0.1', edited, row.sha256);
		expect(saved.doc.title).toBe('Basic, revised');
		expect(listEvents({ action: 'template.draft_save' })).toHaveLength(1);
		expect(() => templates.saveDraft(analyst, 'basic', '1.0.1', { ...edited, key: 'other' }, saved.row.sha256)).toThrow(/key must stay/);
		expect(() => templates.saveDraft(analyst, 'basic', '1.0.1', { ...edited, version: '1.0.0' }, saved.row.sha256)).toThrow(/already has a version 1.0.0/);
	});

	it('an invalid draft is refused with every problem, and the stored draft is unchanged', () => {
		const before = templates.getVersion('basic', '1.0.1')!.row.sha256;
		const bad = structuredClone(templates.getVersion('basic', '1.0.1')!.doc) as unknown as { sections: { questions: { id: string }[] }[] };
		bad.sections[0].questions[1].id = bad.sections[0].questions[0].id;
		expect(() => templates.saveDraft(analyst, 'basic', '1.0.1', bad, before)).toThrow(templates.TemplateError);
		expect(templates.getVersion('basic', '1.0.1')!.row.sha256).toBe(before);
	});

	it('publishing a draft freezes it; deleting a draft is allowed and audited', () => {
		templates.publish(analyst, 'basic', '1.0.1');
		expect(templates.latestPublished('basic')!.doc.version).toBe('1.0.1');
		const scratch = templates.newDraftFrom(analyst, 'basic', '1.0.1');
		templates.deleteDraft(analyst, 'basic', scratch.doc.version);
		expect(templates.getVersion('basic', scratch.doc.version)).toBeUndefined();
		expect(listEvents({ action: 'template.draft_delete' })).toHaveLength(1);
	});

	it('a blank template starts as a valid draft', () => {
		const blank = templates.createBlank(analyst, { key: 'vendor-dd', title: 'Vendor due diligence' });
		expect(validateTemplate(blank.doc).ok).toBe(true);
		expect(() => templates.createBlank(analyst, { key: 'vendor-dd', title: 'Again' })).toThrow(/exists already/);
	});
});

describe('weight profiles', () => {
	const profile = (sections: Record<string, unknown>, name = 'Custody-heavy') => ({ format: 'clearance-profile/1', name, sections });

	it('saves a named profile checked against the latest published version', () => {
		const saved = profiles.save(analyst, 'basic', profile({ keys: 3, hiring: 1 }));
		expect(saved.sections).toEqual({ keys: 3, hiring: 1 });
		expect(profiles.list('basic').map((p) => p.name)).toEqual(['Custody-heavy']);
	});

	it('refuses unknown sections and negative weights with their paths, saving nothing', () => {
		const err = refusalOf(() => profiles.save(analyst, 'basic', profile({ vault: 1, keys: -2 }, 'Broken')), templates.TemplateError);
		expect(err.problems.map((p) => p.path)).toEqual(['sections["vault"]', 'sections["keys"]']);
		expect(profiles.list('basic')).toHaveLength(1);
	});

	it('from the compare view, never replaces one: a name taken in any case is refused', () => {
		expect(() => profiles.save(analyst, 'basic', profile({ keys: 9 }, 'CUSTODY-HEAVY'), { replace: false })).toThrow('A profile named “Custody-heavy” exists already; choose another name.');
		expect(profiles.list('basic').map((p) => [p.name, p.sections])).toEqual([['Custody-heavy', { keys: 3, hiring: 1 }]]);
	});

	it('replaces a profile saved under the same name, and deletes one', () => {
		profiles.save(analyst, 'basic', profile({ keys: 5 }));
		const [p] = profiles.list('basic');
		expect(p.sections).toEqual({ keys: 5 });
		profiles.remove(analyst, 'basic', p.id);
		expect(profiles.list('basic')).toEqual([]);
		const ofBasic = listEvents({ entityType: 'weight_profile' }).filter((e) => JSON.parse(e.details).template === 'basic');
		expect(ofBasic.map((e) => e.action)).toEqual(['profile.delete', 'profile.update', 'profile.create']);
	});
});

// Issue 8 (fuzzing) found titles with bidi overrides stored, and two uploads
// or a file in a text field read as one value.
describe('the template forms', () => {
	let locals: Locals;
	const post = (route: string, actions: Record<string, (e: never) => unknown>, name: string, form: Record<string, string | string[] | File>, params: Record<string, string> = {}) =>
		outcomeOf(() => actions[name](formEvent(route, name, form, { locals, params }) as never));

	it('refuse a title with a text-direction override, two files for one, and a file where the JSON belongs', async () => {
		const u = await users.create({ id: null, label: 'cli' }, { email: 'forms@example.com', name: 'Forms', role: 'analyst', password: 'unrelated words for the forms analyst' });
		locals = { user: { id: u.id, email: u.email, name: u.name, role: u.role }, session: null, respondent: null };
		const before = count('template_versions');
		expect(await post('/(app)/templates', libraryActions, 'create', { key: 'vendor-review', title: 'Vendor \u202Eexe.fdp' })).toMatchObject({ kind: 'refused', data: { errors: { title: expect.stringMatching(/^A title cannot contain/) } } });
		const doc = () => new File([JSON.stringify({ ...basic(), key: 'twice' })], 't.json');
		expect(await post('/(app)/templates', libraryActions, 'import', { file: [doc(), doc()] } as never)).toMatchObject({ kind: 'refused', data: { field: 'file', message: 'This field was sent twice; submit the form again.' } });
		const draft = templates.importDocument(analyst, { ...basic(), key: 'forms' });
		expect(await post('/(app)/templates/[key]/[version]/edit', editActions, 'save', { json: new File([JSON.stringify(basic())], 'x.json') }, { key: 'forms', version: draft.doc.version })).toMatchObject({
			kind: 'refused',
			data: { field: 'json', message: 'This field takes text, not a file; submit the form again.' }
		});
		expect(count('template_versions')).toBe(before + 1);
		expect(await post('/(app)/templates', libraryActions, 'create', { key: 'vendor-review', title: 'בדיקת ספקים' })).toMatchObject({ kind: 'accepted', label: 'redirect 303' });
	});

	// A form field cannot hold a lone surrogate, but JSON inside one can: its
	// "\ud800" escape is plain ASCII until JSON.parse makes it half a pair,
	// which SQLite then stored as invalid UTF-8.
	it('take platform kinds and review guidance from an uploaded file and from the editor, and refuse a broken subset there too', async () => {
		const file = new File([JSON.stringify({ ...kinds(), key: 'kinds-upload' })], 'k.json', { type: 'application/json' });
		expect(await post('/(app)/templates', libraryActions, 'import', { file })).toMatchObject({ kind: 'accepted' });
		const uploaded = templates.getVersion('kinds-upload', '1.0.0')!;
		expect(uploaded.doc.sections[0].questions[1].reviewGuidance).toBe('Ask for the policy-engine rule and a recent breach alert.');

		const edited = structuredClone(uploaded.doc);
		edited.sections[0].appliesTo = ['exchange', 'custodian', 'wallet'];
		edited.sections[0].questions[0].reviewGuidance = 'Ask who holds each key share.';
		const route = '/(app)/templates/[key]/[version]/edit';
		const params = { key: 'kinds-upload', version: '1.0.0' };
		expect(await post(route, editActions, 'save', { json: JSON.stringify(edited), sha256: uploaded.row.sha256 }, params)).toMatchObject({ kind: 'accepted' });
		const saved = templates.getVersion('kinds-upload', '1.0.0')!;
		expect(saved.doc.sections[0].appliesTo).toEqual(['exchange', 'custodian', 'wallet']);
		expect(saved.doc.sections[0].questions[0].reviewGuidance).toBe('Ask who holds each key share.');

		const narrowed = structuredClone(saved.doc);
		narrowed.sections[0].appliesTo = ['wallet'];
		expect(await post(route, editActions, 'save', { json: JSON.stringify(narrowed), sha256: saved.row.sha256 }, params)).toMatchObject({
			kind: 'refused',
			data: { problems: [{ path: 'sections[0].questions[1].appliesTo', message: expect.stringMatching(/^"exchange", "custodian" are not in its section's appliesTo \("wallet"\)/) }] }
		});
		expect(templates.getVersion('kinds-upload', '1.0.0')!.row.sha256).toBe(saved.row.sha256);
	});

	it('refuse a questionnaire or profile whose JSON escapes make a lone surrogate, naming the path, and save nothing', async () => {
		const before = [count('template_versions'), count('weight_profiles')];
		const refusedAt = (path: string) => ({ kind: 'refused', data: { problems: [{ path, message: expect.stringMatching(/lone UTF-16 surrogates/) }] } });
		const imported = { ...basic(), key: 'surrogates', title: 'Vendor \uD800' };
		expect(JSON.stringify(imported)).toContain('\\ud800');
		expect(await post('/(app)/templates', libraryActions, 'import', { file: new File([JSON.stringify(imported)], 't.json', { type: 'application/json' }) })).toMatchObject(refusedAt('title'));
		const draft = templates.importDocument(analyst, { ...basic(), key: 'surrogate-edit' });
		before[0]++;
		const edited = basic();
		edited.sections[1].questions[1].options[0].value = 'single\uDC00';
		expect(await post('/(app)/templates/[key]/[version]/edit', editActions, 'save', { json: JSON.stringify(edited), sha256: draft.row.sha256 }, { key: 'surrogate-edit', version: draft.doc.version })).toMatchObject(
			refusedAt('sections[1].questions[1].options[0].value')
		);
		const profile = { format: 'clearance-profile/1', name: 'Custody \uD800', sections: { keys: 2 } };
		expect(await post('/(app)/templates/[key]', templateActions, 'importProfile', { file: new File([JSON.stringify(profile)], 'p.json', { type: 'application/json' }), seen: '{}' }, { key: 'basic' })).toMatchObject(refusedAt('name'));
		expect([count('template_versions'), count('weight_profiles')]).toEqual(before);
	});
});
