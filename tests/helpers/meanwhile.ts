// "Another server process got there first": runs a change just before the
// next write transaction of the code under test takes the write lock, after
// everything that code read on its way there. A rule checked before the
// transaction misses the change; a rule checked inside it sees it.
//
// A test file opts in with
//   vi.mock('../../src/lib/server/db/index', async (original) => (await import('../helpers/meanwhile')).withMeanwhile(await original()));
type DbModule = typeof import('../../src/lib/server/db/index');

let pending: (() => void) | null = null;

/** Run `change` once, just before the next outermost write transaction starts. */
export function meanwhile(change: () => void): void {
	pending = change;
}

export function withMeanwhile(db: DbModule): DbModule {
	const write: DbModule['write'] = (fn) => {
		const change = pending;
		pending = null;
		change?.();
		return db.write(fn);
	};
	return { ...db, write };
}
