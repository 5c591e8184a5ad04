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
// Nothing is mocked: only the outermost write() opens a transaction on the
// drizzle handle (a nested one is a savepoint of its `tx`), so watching the
// handle's `transaction` finds exactly the moment before the lock.
import { onTestFinished, vi } from 'vitest';
import { handle } from '../../src/lib/server/db/index';

/** The change last given to beforeNextWrite in this test, and how far it got. */
let scheduled: { state: 'waiting' | 'ran' | 'failed' } | null = null;

/**
 * Run `change` as another process that takes the write lock just before this
 * process's next write transaction does. The test fails if the change never
 * runs: a request refused before it reached its transaction proves nothing
 * about the race.
 */
export function beforeNextWrite(change: () => void): void {
	if (scheduled?.state === 'waiting') throw new Error('beforeNextWrite: the change given before has not run yet; a test schedules one at a time.');
	const entry: { state: 'waiting' | 'ran' | 'failed' } = { state: 'waiting' };
	scheduled = entry;
	const db = handle().db;
	const transaction = db.transaction;
	const spy = vi.spyOn(db, 'transaction').mockImplementationOnce(function (this: typeof db, ...args: Parameters<typeof db.transaction>) {
		spy.mockRestore();
		entry.state = 'failed';
		asOtherProcess(change);
		entry.state = 'ran';
		return transaction.apply(this, args);
	} as typeof db.transaction);
	onTestFinished(() => {
		spy.mockRestore();
		if (scheduled === entry) scheduled = null;
		if (entry.state === 'waiting') throw new Error('The change given to beforeNextWrite never ran: nothing wrote after it, so this test proves nothing about the race.');
	});
}

/** Whether the change last given to beforeNextWrite has run and committed (for a test that says so at a particular point). */
export function happened(): boolean {
	return scheduled?.state === 'ran';
}

const waiting: Array<() => void> = [];

/** Run `change` as another process: at once, or once this process's open transaction ends (it holds the lock). */
export function asAnotherProcess(change: () => void): void {
	if (!handle().sqlite.inTransaction) return asOtherProcess(change);
	if (!waiting.length)
		onTestFinished(() => {
			const left = waiting.splice(0).length;
			if (left) throw new Error(`${left} change(s) given to asAnotherProcess still wait for the lock: call settle() once the transaction is over.`);
		});
	waiting.push(() => asOtherProcess(change));
}

/** Let the other processes that waited for the lock have it now. */
export function settle(): void {
	while (waiting.length) waiting.shift()!();
}

/**
 * Its own request: whoever this request acts as is not who acts there. Its
 * failure is not this request's refusal: a DomainError of the other process
 * must not pass for the 409 the test expects, so it arrives as a plain Error.
 */
function asOtherProcess(change: () => void): void {
	try {
		change();
	} catch (err) {
		throw new Error(`The other process's change failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
	}
}
