// Generated requests: the fields of an accepted request and the hostile
// values each may take instead, the body they make, and whether a request
// left a mark on Object.prototype or Array.prototype.
import fc from 'fast-check';
import { NOISE, serialiseJson, type Mutation } from './hostile';

/**
 * Where a field travels: the form body, a route parameter, the query string
 * of the address, a key of a JSON body, the raw body or a header, the
 * session, respondent or remediation cookie (which decide who asks), or another cookie the
 * handler reads itself.
 */
export type Where = 'form' | 'param' | 'query' | 'json' | 'body' | 'header' | 'session' | 'respondent' | 'remediator' | 'cookie';

/** A value made as the request is sent: an authenticator's code changes every 30 seconds, so a case cannot fix it in advance. */
export class Fresh {
	constructor(readonly make: () => string) {}
}

export interface Field {
	name: string;
	where: Where;
	/** What an accepted request carries: [] leaves the field out, several values send it that many times. */
	valid: unknown[];
	/** What it may carry instead; every one must be refused. */
	hostile: fc.Arbitrary<Mutation>;
}

/** A request the app accepts, and the fields that make it hostile once any of them is changed. */
export interface Case {
	label: string;
	fields: Field[];
	/** Whether accepting it changes business tables (false: reads only, or only sessions). */
	writes: boolean;
}

/** One request: each field's values, and which fields were made hostile and how. */
export interface Draft {
	case: Case;
	values: Map<string, unknown[]>;
	noise: ReadonlyArray<readonly [string, string]>;
	hostile: string[];
}

const key = (f: Field) => `${f.where}:${f.name}`;

/** The accepted request itself: what the control sends. */
export function baseline(c: Case, noise: Draft['noise'] = []): Draft {
	return { case: c, values: new Map(c.fields.map((f) => [key(f), f.valid])), noise, hostile: [] };
}

/** Requests hostile in at least one field (up to three at once), with extra prototype-named fields now and then. */
export function drafts(cases: Case[]): fc.Arbitrary<Draft> {
	return fc.oneof(
		...cases.map((c) => {
			const last = c.fields.length - 1;
			return fc
				.record({
					primary: fc.nat({ max: last }),
					more: fc.uniqueArray(fc.nat({ max: last }), { maxLength: Math.min(2, last) }),
					mutations: fc.tuple(...c.fields.map((f) => f.hostile)),
					noise: fc.option(fc.subarray([...NOISE], { minLength: 1, maxLength: 3 }), { freq: 3 })
				})
				.map(({ primary, more, mutations, noise }): Draft => {
					const draft = baseline(c, noise ?? []);
					for (const i of new Set([primary, ...more])) {
						const field = c.fields[i];
						draft.values.set(key(field), mutations[i].values);
						draft.hostile.push(`${field.where === 'form' ? '' : `${field.where} `}${field.name.slice(0, 40)}: ${mutations[i].tag}`);
					}
					return draft;
				});
		})
	);
}

export function valuesOf(draft: Draft, where: Where): Array<[string, unknown[]]> {
	return draft.case.fields.filter((f) => f.where === where).map((f) => [f.name, draft.values.get(key(f))!]);
}

/** The form body: every field's values in order, then the noise. */
export function formOf(draft: Draft): FormData {
	const form = new FormData();
	for (const [name, values] of valuesOf(draft, 'form')) for (const v of values) form.append(name, v instanceof Fresh ? v.make() : (v as string | Blob));
	for (const [name, v] of draft.noise) form.append(name, v);
	return form;
}

/** The query string ("" when no field travels there): each value of each field, in order. */
export function queryOf(draft: Draft): string {
	const params = new URLSearchParams();
	for (const [name, values] of valuesOf(draft, 'query')) for (const v of values) params.append(name, String(v));
	return params.toString();
}

/** The JSON body: the raw body's value when one is given, else the keys present (and the noise as extra keys). */
export function jsonOf(draft: Draft): string {
	const raw = valuesOf(draft, 'body')[0]?.[1];
	if (raw?.length) return raw[0] as string;
	const entries = valuesOf(draft, 'json').flatMap(([name, values]) => values.map((v) => `${JSON.stringify(name)}:${serialiseJson(v)}`));
	for (const [name, v] of draft.noise) entries.push(`${JSON.stringify(name)}:${JSON.stringify(v)}`);
	return `{${entries.join(',')}}`;
}

const PROTOTYPES: Record<string, object> = { 'Object.prototype': Object.prototype, 'Array.prototype': Array.prototype };

export type PrototypeSnapshot = Map<string, Map<PropertyKey, unknown>>;

/** Every own key of the prototypes a polluting write would reach, with its value. */
export function prototypeSnapshot(): PrototypeSnapshot {
	return new Map(
		Object.entries(PROTOTYPES).map(([name, proto]) => [
			name,
			new Map(Reflect.ownKeys(proto).map((k) => {
				const d = Object.getOwnPropertyDescriptor(proto, k)!;
				return [k, 'value' in d ? d.value : d.get];
			}))
		])
	);
}

/** Keys added, removed or replaced since `before`, as "Object.prototype.polluted (added)". */
export function prototypeChanges(before: PrototypeSnapshot): string[] {
	const changes: string[] = [];
	for (const [name, now] of prototypeSnapshot()) {
		const then = before.get(name)!;
		for (const k of new Set([...then.keys(), ...now.keys()])) {
			const what = !then.has(k) ? 'added' : !now.has(k) ? 'removed' : then.get(k) !== now.get(k) ? 'replaced' : null;
			if (what) changes.push(`${name}.${String(k)} (${what})`);
		}
	}
	return changes;
}

/** Undo what `prototypeChanges` found, so one polluting request does not spoil the rest of the run. */
export function restorePrototypes(before: PrototypeSnapshot): void {
	for (const [name, then] of before) {
		const proto = PROTOTYPES[name] as Record<PropertyKey, unknown>;
		for (const k of Reflect.ownKeys(proto)) if (!then.has(k)) delete proto[k];
		for (const [k, v] of then) {
			const d = Object.getOwnPropertyDescriptor(proto, k);
			if (d && 'value' in d && d.value !== v) Object.defineProperty(proto, k, { ...d, value: v });
		}
	}
}
