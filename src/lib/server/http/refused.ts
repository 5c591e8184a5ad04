// The one place a domain refusal becomes an answer. Form actions return
// refused(err, echo) — the page shows the message beside the field it names,
// with the form's own values echoed back — and endpoints return
// refusedJson(err). Anything that is not a DomainError is a fault, rethrown.
import { fail, json } from '@sveltejs/kit';
import { DomainError } from '../errors';

export function refused(err: unknown, echo: Record<string, unknown> = {}) {
	if (!(err instanceof DomainError)) throw err;
	return fail(err.status, { ...echo, field: err.field, message: err.message });
}

export function refusedJson(err: unknown): Response {
	if (!(err instanceof DomainError)) throw err;
	return json({ field: err.field, message: err.message }, { status: err.status });
}
