// The answer a domain call refused with, for a test to look at. Anything else
// it throws (a database error, a bug) is passed on, and a call that was not
// refused at all fails the test.
import { DomainError } from '../../src/lib/server/errors';

type ErrorClass<E> = abstract new (...args: never[]) => E;

/** The DomainError (or the narrower `kind`) that `fn` throws, or its promise rejects with. */
export function refusalOf<E extends DomainError = DomainError>(fn: () => PromiseLike<unknown>, kind?: ErrorClass<E>): Promise<E>;
export function refusalOf<E extends DomainError = DomainError>(fn: () => unknown, kind?: ErrorClass<E>): E;
export function refusalOf(fn: () => unknown, kind: ErrorClass<DomainError> = DomainError): DomainError | Promise<DomainError> {
	const refused = (err: unknown): DomainError => {
		if (err instanceof kind) return err;
		throw err;
	};
	const notRefused = (): never => {
		throw new Error(`It was not refused: a ${kind.name} was expected.`);
	};
	let result: unknown;
	try {
		result = fn();
	} catch (err) {
		return refused(err);
	}
	if (isThenable(result)) return Promise.resolve(result).then(notRefused, refused);
	return notRefused();
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
	return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}
