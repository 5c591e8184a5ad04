// Which weights a comparison uses: the newest template version's, then a saved
// profile's, then the link's; what each section's share of the total is.
import { describe, expect, it } from 'vitest';
import { commonSections } from '../../../src/lib/compare/sections';
import { parseState } from '../../../src/lib/compare/url-state';
import { resolveWeights, sameWeights, shares } from '../../../src/lib/compare/weights';
import { threePlatforms } from './fixture';

const common = commonSections(threePlatforms());

describe('resolveWeights', () => {
	it('starts from the newest version’s weights for the common sections', () => {
		expect(resolveWeights(common, null, null)).toEqual({ weights: { keys: 3, gov: 1 }, ignored: [] });
	});

	it('lets a profile override the template, and the link override the profile', () => {
		const { weights } = resolveWeights(common, { gov: 5 }, { keys: 0.5 });
		expect(weights).toEqual({ keys: 0.5, gov: 5 });
		expect(resolveWeights(common, { gov: 5, keys: 2 }, { gov: 1 }).weights).toEqual({ keys: 2, gov: 1 });
	});

	it('lists, once each, the sections a profile or link names that are not compared', () => {
		// ops is dropped (version 1 lacks it); zzz is in no version.
		const r = resolveWeights(common, { ops: 2, gov: 4 }, { ops: 1, zzz: 1, keys: 2 });
		expect(r.weights).toEqual({ keys: 2, gov: 4 });
		expect(r.ignored).toEqual(['ops', 'zzz']);
	});

	it('ignores a link weight for a section named like an Object member', () => {
		const { state } = parseState(new URLSearchParams('w=constructor:2,keys:1'));
		const r = resolveWeights(common, null, state.weights);
		expect(r).toEqual({ weights: { keys: 1, gov: 1 }, ignored: ['constructor'] });
	});

	it('does not change the template’s weights for the next comparison', () => {
		resolveWeights(common, { keys: 9 }, null);
		expect(resolveWeights(common, null, null).weights).toEqual({ keys: 3, gov: 1 });
		expect(common.sections.map((s) => s.weight)).toEqual([3, 1]);
	});
});

describe('shares', () => {
	it('gives each section its fraction of the total weight', () => {
		expect(shares({ keys: 3, gov: 1 })).toEqual({ keys: 0.75, gov: 0.25 });
		expect(shares({ a: 1, b: 0, c: 4 })).toEqual({ a: 0.2, b: 0, c: 0.8 });
	});

	it('is 0 everywhere when nothing weighs', () => {
		expect(shares({ a: 0, b: 0 })).toEqual({ a: 0, b: 0 });
		expect(shares({})).toEqual({});
	});
});

describe('sameWeights', () => {
	it('is true for the same sections with the same weights, in any order', () => {
		expect(sameWeights({ keys: 3, gov: 1 }, { gov: 1, keys: 3 })).toBe(true);
	});

	it('is false when a weight, a section or the number of sections differs', () => {
		expect(sameWeights({ keys: 3, gov: 1 }, { keys: 3, gov: 2 })).toBe(false);
		expect(sameWeights({ keys: 3, gov: 1 }, { keys: 3, ops: 1 })).toBe(false);
		expect(sameWeights({ keys: 3 }, { keys: 3, gov: 1 })).toBe(false);
		expect(sameWeights({ keys: 3, gov: 1 }, { keys: 3 })).toBe(false);
	});

	it('does not mistake an inherited member for a section', () => {
		const bare = Object.assign(Object.create(null), { constructor: 1 }) as Record<string, number>;
		expect(sameWeights(bare, {})).toBe(false);
		expect(sameWeights({ constructor: 1 }, { toString: 1 })).toBe(false);
	});
});
