// Why the domain refused a change: the field it concerns and a sentence for
// the person. Every folder's own error (AssessmentError, ReviewError, …) is
// one of these, so a route maps them all to a response in one place
// (http/refused.ts). `status` 409 says the data changed under the request —
// another person, process or tab got there first — and nothing was changed;
// 429 says too many wrong attempts, and when to try again.
export class DomainError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly status: 400 | 403 | 404 | 409 | 429 = 400
	) {
		super(message);
	}
}

/** A lost race: what the request relied on changed before its transaction ran. */
export class Conflict extends DomainError {
	constructor(field: string, message: string) {
		super(field, message, 409);
	}
}
