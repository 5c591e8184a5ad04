// The refusal every condition step raises, kept apart so the files of this
// folder share it without importing each other in a circle.
import { DomainError } from '../errors';

/** A refusal tied to the field at fault; `problems` names each bad entry of a list. */
export class ConditionError extends DomainError {
	constructor(
		field: string,
		message: string,
		status: DomainError['status'] = 400,
		readonly problems?: Record<string, string>
	) {
		super(field, message, status);
	}
}
