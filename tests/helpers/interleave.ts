// Another server process, acting at a chosen moment. Several processes share
// one SQLite file and only one of them holds the write lock at a time, so a
// request's transaction may find that another process got the lock first and
// changed what the request read before it began. These helpers make that
// happen, in one test process, at the two moments that matter:
// - beforeNextWrite: just before this process's next transaction takes the
//   lock, after everything the request read or checked outside it;
// - asAnotherProcess: now, unless this process holds the lock, in which case
//   the other process waits for it, as SQLite would make it (run the waiting
//   work with settle() once the transaction is over).
import { vi } from 'vitest';
import { withRequestScope } from '../../src/lib/server/db/acting';
import { handle } from '../../src/lib/server/db/index';

/** Run `change` as another process that takes the write lock just before this process's next write transaction does. */
export function beforeNextWrite(change: () => void): void {
	const db = handle().db;
	const transaction = db.transaction;
	const spy = vi.spyOn(db, 'transaction').mockImplementationOnce(function (this: typeof db, ...args: Parameters<typeof db.transaction>) {
		spy.mockRestore();
		// Its own request: whoever this request acts as is not who acts there.
		withRequestScope(change);
		return transaction.apply(this, args);
	} as typeof db.transaction);
}

const waiting: Array<() => void> = [];

/** Run `change` as another process: at once, or once this process's open transaction ends (it holds the lock). */
export function asAnotherProcess(change: () => void): void {
	if (handle().sqlite.inTransaction) waiting.push(() => withRequestScope(change));
	else withRequestScope(change);
}

/** Let the other processes that waited for the lock have it now. */
export function settle(): void {
	while (waiting.length) waiting.shift()!();
}
