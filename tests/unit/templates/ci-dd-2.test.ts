// The facts issue 19 asks of the bundled ci-dd 2.0.0, read from the JSON that
// `migrate` installs, and of the weight profiles shipped with it.
import { describe, expect, it } from 'vitest';
import ciDd2 from '../../../src/lib/server/templates/ci-dd-2.template.json';
import custodian from '../../../src/lib/server/templates/profiles/custodian.profile.json';
import defi from '../../../src/lib/server/templates/profiles/defi.profile.json';
import exchange from '../../../src/lib/server/templates/profiles/exchange.profile.json';
import { kindsOf, validateProfile, validateTemplate, type Template } from '../../../src/lib/scoring/index';

const result = validateTemplate(ciDd2);
const doc = (result.ok ? result.value : null) as Template;
const scored = () => doc.sections.flatMap((s) => s.questions.filter((q) => q.type !== 'text'));

describe('ci-dd 2.0.0 as bundled', () => {
	it('validates against the spec, as version 2.0.0 of ci-dd', () => {
		expect(result.ok ? [] : result.problems).toEqual([]);
		expect(doc).toMatchObject({ key: 'ci-dd', version: '2.0.0' });
	});

	it('gives every scored question respondent guidance, analyst-only review guidance and a source', () => {
		for (const q of scored()) {
			expect(q.guidance?.trim(), q.id).toBeTruthy();
			expect(q.reviewGuidance?.trim(), q.id).toBeTruthy();
			expect(q.source?.trim(), q.id).toBeTruthy();
			expect(q.reviewGuidance, q.id).not.toBe(q.guidance);
		}
	});

	it('has at least 16 knock-outs', () => {
		expect(scored().filter((q) => q.critical).length).toBeGreaterThanOrEqual(16);
	});

	it('asks fewer than a third of its scored questions as yes / partial / no', () => {
		const vague = scored().filter((q) => q.type === 'yes_partial_no').length;
		expect(vague * 3).toBeLessThan(scored().length);
	});

	it('has at least one section or question for each of exchanges, custodians and DeFi protocols', () => {
		for (const kind of ['exchange', 'custodian', 'defi'] as const) {
			const limited = doc.sections.flatMap((s) => s.questions.filter((q) => kindsOf(s, q)?.includes(kind)));
			expect(limited.length, kind).toBeGreaterThan(0);
		}
		// Exchange-only operations are not asked of a DeFi protocol, and the reverse.
		expect(doc.sections.find((s) => s.id === 'custody')?.appliesTo).not.toContain('defi');
		expect(doc.sections.find((s) => s.id === 'protocol')?.appliesTo).not.toContain('exchange');
	});

	it('keeps every section of 1.0.0, so compare lines the two versions up', () => {
		expect(doc.sections.map((s) => s.id)).toEqual(expect.arrayContaining(['governance', 'hiring', 'insider', 'keys', 'social', 'supply-chain', 'response']));
	});
});

describe('the weight profiles shipped with it', () => {
	it.each([
		['Exchange', exchange],
		['Custodian', custodian],
		['DeFi protocol', defi]
	])('%s is a valid profile of 2.0.0 that weighs every section', (name, profile) => {
		const checked = validateProfile(profile, doc);
		expect(checked.ok ? [] : checked.problems).toEqual([]);
		expect(profile.name).toBe(name);
		expect(Object.keys(profile.sections).sort()).toEqual(doc.sections.map((s) => s.id).sort());
	});
});
