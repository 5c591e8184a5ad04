// Canonical JSON: object keys sorted, no whitespace, so the same value always
// hashes the same way whatever order its keys were written in.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function canonicalJson(value: unknown): string {
	if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for NaN or Infinity');
		return JSON.stringify(value);
	}
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (typeof value === 'object') {
		// A plain loop: every audit event's details pass through here.
		const record = value as Record<string, unknown>;
		let out = '';
		for (const k of Object.keys(record).sort()) {
			const v = record[k];
			if (v === undefined) continue;
			out += `${out ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(v)}`;
		}
		return `{${out}}`;
	}
	throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
}
