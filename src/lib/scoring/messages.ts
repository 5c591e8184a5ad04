// Turns zod's issue codes into sentences an analyst can act on. Passed as the
// per-parse error map; messages written into a schema take precedence.
import type { z } from 'zod';
import { oneOf, quote } from './problems';

const TYPE_WORDS: Record<string, string> = {
	string: 'a string',
	number: 'a number',
	int: 'a whole number',
	boolean: 'true or false',
	array: 'a list',
	object: 'an object',
	null: 'null'
};

function typeWords(expected: string): string {
	return Object.hasOwn(TYPE_WORDS, expected) ? TYPE_WORDS[expected] : expected;
}

function literal(value: unknown): string {
	return typeof value === 'string' ? quote(value) : String(value);
}

function count(n: number | bigint, one: string, many: string): string {
	return `${n} ${n === 1 || n === 1n ? one : many}`;
}

export function issueMessage(issue: z.core.$ZodRawIssue): string {
	switch (issue.code) {
		case 'invalid_type':
			if (issue.input === undefined) return `missing; expected ${typeWords(issue.expected)}`;
			if (issue.expected === 'number' && typeof issue.input === 'number') return 'expected a finite number';
			return `expected ${typeWords(issue.expected)}`;
		case 'invalid_value':
			return issue.values.length === 1
				? `expected ${literal(issue.values[0])}`
				: `expected ${oneOf(issue.values.map(String))}`;
		case 'invalid_union':
			if (issue.discriminator !== undefined && 'options' in issue && Array.isArray(issue.options)) {
				const missing = issue.input === undefined ? 'missing; ' : '';
				return `${missing}expected ${oneOf(issue.options.map(String))}`;
			}
			return 'does not match any allowed form';
		case 'too_small':
			if (issue.origin === 'string') {
				return issue.minimum === 1 ? 'must not be empty' : `needs at least ${count(issue.minimum, 'character', 'characters')}`;
			}
			if (issue.origin === 'array') {
				return issue.exact
					? `needs exactly ${count(issue.minimum, 'entry', 'entries')}`
					: `needs at least ${count(issue.minimum, 'entry', 'entries')}`;
			}
			return issue.inclusive ? `must be at least ${issue.minimum}` : `must be more than ${issue.minimum}`;
		case 'too_big':
			if (issue.origin === 'string') return `must be at most ${count(issue.maximum, 'character', 'characters')}`;
			if (issue.origin === 'array') {
				return issue.exact
					? `needs exactly ${count(issue.maximum, 'entry', 'entries')}`
					: `allows at most ${count(issue.maximum, 'entry', 'entries')}`;
			}
			return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
		case 'unrecognized_keys':
			return `unexpected ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.slice(0, 12).map(quote).join(', ')}`;
		case 'invalid_format':
			return 'is not in the expected format';
		default:
			return 'is not valid';
	}
}
