// Values shared between requests (cached figures, parsed templates) are
// frozen, so a reader that changes one by mistake fails loudly instead of
// changing what every later reader sees.
export function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const child of Object.values(value)) deepFreeze(child);
	}
	return value;
}
