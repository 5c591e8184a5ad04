// Which weights a comparison uses: the template's for the common sections,
// then a saved profile's, then whatever the sliders (or the link) say. Each
// layer is bounded where it comes in (validateTemplate, validateProfile,
// parseState: 0 to MAX_WEIGHT), so none is checked again here.
import { defaultWeights, type CommonSections } from './sections';

export interface ResolvedWeights {
	weights: Record<string, number>;
	/** Section ids the profile or the link named that are not compared here; ignored. */
	ignored: string[];
}

export function resolveWeights(
	common: CommonSections,
	profile: Readonly<Record<string, number>> | null,
	override: Readonly<Record<string, number>> | null
): ResolvedWeights {
	const weights = defaultWeights(common);
	const ignored: string[] = [];
	for (const layer of [profile, override]) {
		if (!layer) continue;
		for (const [id, w] of Object.entries(layer)) {
			if (Object.hasOwn(weights, id)) weights[id] = w;
			else if (!ignored.includes(id)) ignored.push(id);
		}
	}
	return { weights, ignored };
}

/** Each section's share of the total weight, 0–1; all 0 when nothing weighs. */
export function shares(weights: Readonly<Record<string, number>>): Record<string, number> {
	const total = Object.values(weights).reduce((a, b) => a + b, 0);
	return Object.fromEntries(Object.entries(weights).map(([id, w]) => [id, total > 0 ? w / total : 0]));
}

export const sameWeights = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>) =>
	Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((id) => Object.hasOwn(b, id) && a[id] === b[id]);
