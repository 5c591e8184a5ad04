// What the candidate picker offers. A small portfolio is listed whole in the
// "Add a platform" menu; a large one (an allocator's thousand platforms) is
// searched by name instead, so the page does not carry a thousand options
// that nobody scrolls through.
import type { PlatformOption } from './types';

/** Up to this many comparable platforms, the menu lists them all. */
export const PICKER_LIST_ALL = 100;
/** The most matches a search shows; a longer list asks for more letters. */
export const PICKER_MATCHES = 50;
/** The longest search kept from the address. */
export const FIND_MAX = 100;

export interface PickerChoices {
	/** The candidates' platforms, in the order given; unknown ids are left out. */
	chosen: PlatformOption[];
	/** What the "Add a platform" menu offers: every other platform, or the search's matches. */
	addable: PlatformOption[];
	/** True when the portfolio is too large to list and the picker searches instead. */
	searching: boolean;
	/** The search as applied (trimmed, shortened); '' for none. */
	find: string;
	/** How many platforms match the search, of which `addable` shows the first PICKER_MATCHES. */
	matches: number;
}

/** `all` sorted by name, as platformOptions gives it. */
export function pickerChoices(all: readonly PlatformOption[], chosenIds: readonly number[], findRaw: string | null): PickerChoices {
	const byId = new Map(all.map((p) => [p.id, p]));
	const chosen = chosenIds.map((id) => byId.get(id)).filter((p): p is PlatformOption => p !== undefined);
	const taken = new Set(chosenIds);
	const others = all.filter((p) => !taken.has(p.id));
	const find = (findRaw ?? '').trim().slice(0, FIND_MAX);
	const searching = all.length > PICKER_LIST_ALL;
	if (!searching) return { chosen, addable: others, searching, find, matches: others.length };
	if (!find) return { chosen, addable: [], searching, find, matches: 0 };
	const needle = find.toLocaleLowerCase('en');
	const matching = others.filter((p) => p.name.toLocaleLowerCase('en').includes(needle));
	return { chosen, addable: matching.slice(0, PICKER_MATCHES), searching, find, matches: matching.length };
}
