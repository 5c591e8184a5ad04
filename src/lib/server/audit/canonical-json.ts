// Canonical JSON: object keys sorted, no whitespace, so the same value always
// hashes the same way whatever order its keys were written in.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// Written as plain loops and a switch: every audit event's details pass
// through here (hundreds of thousands in a bulk load).
export function canonicalJson(value: unknown): string {
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value);
		case 'boolean':
			return value ? 'true' : 'false';
		case 'number':
			if (!Number.isFinite(value)) throw new TypeError('canonical JSON has no representation for NaN or Infinity');
			return JSON.stringify(value);
		case 'object': {
			if (value === null) return 'null';
			if (Array.isArray(value)) {
				let out = '';
				for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
				return `[${out}]`;
			}
			const record = value as Record<string, unknown>;
			let out = '';
			for (const k of Object.keys(record).sort()) {
				const v = record[k];
				if (v === undefined) continue;
				out += (out ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson(v);
			}
			return `{${out}}`;
		}
		default:
			throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
	}
}
