// Another server process committing a change while a request is in flight:
// after whatever the request read first, and just before its write
// transaction begins. A test file routes db/index's write() through
// `interleavedWrite` (with vi.mock); `meanwhile(change)` then runs `change`,
// in its own committed transaction, in front of the next outermost write.
// A rule checked only on rows read inside that transaction sees the change;
// one decided on an earlier read does not.
import type * as Db from '../../src/lib/server/db/index';

let pending: (() => void) | null = null;
let depth = 0;

/** The next request's write transaction starts only after `change` has committed. */
export function meanwhile(change: () => void): void {
	pending = change;
}

/** Whether the change set with `meanwhile` has run (a test asserts it did, so it proves something). */
export function happened(): boolean {
	return pending === null;
}

/** db/index's write(), with the change of `meanwhile` run in front of the next outermost one. */
export function interleavedWrite(real: typeof Db): typeof Db.write {
	return (fn) => {
		if (depth === 0 && pending) {
			const change = pending;
			pending = null;
			change();
		}
		depth++;
		try {
			return real.write(fn);
		} finally {
			depth--;
		}
	};
}
