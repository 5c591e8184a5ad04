// Reading untrusted JSON-shaped values without tripping over inherited keys
// such as `__proto__` or `constructor`.

export function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The value of an own property, or undefined. */
export function own(x: unknown, name: string): unknown {
	return isRecord(x) && Object.hasOwn(x, name) ? x[name] : undefined;
}
