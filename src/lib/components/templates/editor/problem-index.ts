// Validation problems looked up by the JSON path they concern, so each input
// can show its own next to it and each section can count what is wrong inside.

/** A problem as the editor needs it: where, and what is wrong. */
export interface Located {
	path: string;
	message: string;
}

const NONE: readonly string[] = Object.freeze([]);

export class ProblemIndex {
	private readonly byPath = new Map<string, string[]>();

	constructor(readonly problems: readonly Located[]) {
		for (const p of problems) {
			const list = this.byPath.get(p.path);
			if (list) list.push(p.message);
			else this.byPath.set(p.path, [p.message]);
		}
	}

	/** Messages for exactly this path; the same empty list whenever there are none, so nothing re-renders. */
	at(path: string): readonly string[] {
		return this.byPath.get(path) ?? NONE;
	}

	/** How many problems concern `path` or anything inside it. */
	within(path: string): number {
		let n = 0;
		for (const p of this.problems) {
			if (p.path === path || p.path.startsWith(path + '.') || p.path.startsWith(path + '[')) n++;
		}
		return n;
	}
}
