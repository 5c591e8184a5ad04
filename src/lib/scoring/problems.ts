// Problems found in a document, each pinned to a JSON path and phrased for an
// analyst rather than a developer. Long input never reaches a message whole.

export interface Problem {
	/** Where, formatted like `answers["hiring.live-interview"].value`; "" for the whole document. */
	path: string;
	/** The same location as raw keys and array indexes. */
	keys: (string | number)[];
	message: string;
}

/** At most this many problems are kept; the rest are only counted. */
export const MAX_PROBLEMS = 1000;

const MAX_SHOWN = 60;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JSON string literal for display, shortened when the text is long. */
export function quote(text: string): string {
	if (text.length <= MAX_SHOWN) return JSON.stringify(text);
	return JSON.stringify(text.slice(0, MAX_SHOWN)).slice(0, -1) + `…" (${text.length} characters)`;
}

/** `one of "a", "b", "c"`, listing at most a dozen. */
export function oneOf(values: readonly string[]): string {
	const shown = values.slice(0, 12).map(quote).join(', ');
	return values.length > 12 ? `one of ${shown}, … (${values.length - 12} more)` : `one of ${shown}`;
}

/**
 * Formats a path. The keys inside the top-level `recordField` (the `answers`
 * of an answer set, the `sections` of a profile) are ids chosen by the
 * document's author and are always bracketed and quoted.
 */
export function formatPath(keys: readonly (string | number)[], recordField?: string): string {
	const recordDepth = recordField !== undefined && keys[0] === recordField ? 1 : -1;
	let out = '';
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i];
		if (typeof key === 'number') out += `[${key}]`;
		else if (i !== recordDepth && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
		else out += `[${quote(key)}]`;
	}
	return out;
}

/** Collects problems up to MAX_PROBLEMS and counts the ones beyond. */
export class ProblemList {
	readonly problems: Problem[] = [];
	omitted = 0;

	constructor(private readonly recordField?: string) {}

	add(keys: (string | number)[], message: string): void {
		if (this.problems.length >= MAX_PROBLEMS) {
			this.omitted++;
			return;
		}
		this.problems.push({ path: formatPath(keys, this.recordField), keys, message });
	}

	get size(): number {
		return this.problems.length + this.omitted;
	}
}

export type Report = (keys: (string | number)[], message: string) => void;

/** Zod issue params that carry a count of problems found but not reported one by one. */
export interface OmittedParams {
	omitted: number;
}

/**
 * Wraps a reporter so that a hostile document with a million bad entries
 * yields MAX_PROBLEMS problems; `finish` then passes on how many were left out.
 */
export function capReports(report: Report, reportOmitted: (count: number) => void): { add: Report; finish: () => void } {
	let reported = 0;
	let unreported = 0;
	return {
		add(keys, message) {
			if (reported < MAX_PROBLEMS) {
				reported++;
				report(keys, message);
			} else {
				unreported++;
			}
		},
		finish() {
			if (unreported > 0) reportOmitted(unreported);
		}
	};
}
