// Issue 8, fuzzing: every form action and every non-GET endpoint in
// src/routes, called as SvelteKit calls it — a signed-in user of the role it
// needs (or the platform's respondent), parameters naming real rows of the
// seeded demo database — with at least 1,000 generated requests each, every
// one hostile in at least one field the handler reads: left out, sent twice,
// a megabyte long, laced with NUL or bidirectional controls (or, in JSON,
// half a surrogate pair), named or valued __proto__, NaN, ±Infinity, huge
// (weights past the spec's 1,000,000), the wrong type, a file of the wrong
// kind, in the body or in the address's query.
// A correct app refuses all of them: no server error, no change to any
// business table, and Object.prototype and Array.prototype as they were.
// An action that reads nothing but who asks (signing out, verifying the
// audit chain, a platform submitting) gets hostile session, invitation or
// remediation cookies instead, resolved as hooks.server.ts resolves them. Before each
// handler's run, a control sends its accepted request (inside a savepoint
// rolled back) to prove the refusals are down to the hostile fields. What a
// refusal may rightly spend (the tries of a sign-in waiting for its code) is
// put back before every request, so that each one meets a live target.
//
// The seed is printed; FC_SEED=<n> explores others and FUZZ_RUNS=<n> (at
// least 1,000) sends more per handler.
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handle } from '../../src/lib/server/db/index';
import { businessTables, changedTables, type BusinessTables } from '../helpers/business-tables';
import { useTempDatabase } from '../helpers/database';
import { specsFor, type Spec, type Specs } from '../helpers/fuzz/cases/index';
import { baseline, drafts, formOf, jsonOf, prototypeChanges, prototypeSnapshot, queryOf, restorePrototypes, valuesOf, type Draft } from '../helpers/fuzz/harness';
import { NOISE } from '../helpers/fuzz/hostile';
import { buildWorld, localsOf, remediatorLocals, respondentLocals, sessionLocals, type World } from '../helpers/fuzz/world';
import { bodyEvent, formEvent, outcomeOf, type Locals, type Outcome } from '../helpers/request-event';
import { concretePath, mutatingHandlers, type MutatingHandler } from '../helpers/routes';

useTempDatabase();

const SEED = Number(process.env.FC_SEED ?? 20261121);
const RUNS = Math.max(1000, Number(process.env.FUZZ_RUNS) || 0);
const { handlers, problems } = mutatingHandlers(path.resolve('src/routes'));
const nameOf = (h: MutatingHandler) => `${h.route} ${h.name}`;

let world: World;
let specs: Specs;
let first: BusinessTables;
const pristine = prototypeSnapshot();

beforeAll(async () => {
	// A throwaway database need not survive power loss: commits without an
	// fsync each keep some 50,000 requests within the suite's time budget.
	handle().sqlite.pragma('synchronous = OFF');
	world = await buildWorld();
	specs = specsFor(world);
	first = businessTables(handle().sqlite);
}, 120_000);

type Handler = (event: unknown) => unknown;

async function handlerOf(h: MutatingHandler): Promise<Handler> {
	const module = (await import(/* @vite-ignore */ h.file)) as Record<string, unknown> & { actions?: Record<string, Handler> };
	return h.kind === 'action' ? module.actions![h.name] : (module[h.name] as Handler);
}

/** The event SvelteKit would pass, for one request; its cookie field, if any, decides who sends it (as hooks.server.ts would). */
function eventFor(h: MutatingHandler, spec: Spec, draft: Draft, locals: Locals, ip: string) {
	const params = Object.fromEntries(valuesOf(draft, 'param').map(([name, v]) => [name, String(v[0] ?? '')]));
	const session = valuesOf(draft, 'session')[0]?.[1];
	const respondent = valuesOf(draft, 'respondent')[0]?.[1];
	const remediator = valuesOf(draft, 'remediator')[0]?.[1];
	const who = session
		? sessionLocals(String(session[0] ?? ''))
		: respondent
			? respondentLocals(String(respondent[0] ?? ''))
			: remediator
				? remediatorLocals(String(remediator[0] ?? ''))
				: locals;
	// The address of the accepted request: kit hands over the parameters, hostile or not, separately.
	const valid = Object.fromEntries(spec.cases[0].fields.filter((f) => f.where === 'param').map((f) => [f.name, String(f.valid[0])]));
	const cookies = Object.fromEntries(valuesOf(draft, 'cookie').flatMap(([name, v]) => (v.length ? [[name, String(v[0])]] : [])));
	const query = queryOf(draft);
	const common = { locals: who, params, path: concretePath(h.route, valid) + (query ? `?${query}` : ''), ip, cookies };
	if (h.kind === 'action') return formEvent(h.route, h.name, formOf(draft), common);
	const type = valuesOf(draft, 'header')[0]?.[1];
	return bodyEvent(h.route, h.name, jsonOf(draft), type?.length ? String(type[0]) : null, common);
}

/** Run `fn` inside a savepoint and roll everything it wrote back. */
async function rolledBack<T>(fn: () => Promise<T>): Promise<T> {
	const { sqlite } = handle();
	sqlite.exec('SAVEPOINT fuzz_control');
	try {
		return await fn();
	} finally {
		sqlite.exec('ROLLBACK TO fuzz_control');
		sqlite.exec('RELEASE fuzz_control');
	}
}

interface Tally {
	name: string;
	kind: MutatingHandler['kind'];
	tried: number;
	outcomes: Map<string, number>;
	kinds: Record<Outcome['kind'], number>;
	ms: number;
}
const tallies: Tally[] = [];

function describeDraft(draft: Draft): string {
	const noise = draft.noise.length ? ` + fields ${draft.noise.map(([n]) => n).join(', ')}` : '';
	return `[${draft.case.label}] ${draft.hostile.join('; ')}${noise}`;
}

describe('fuzzing every form action and endpoint with hostile requests', () => {
	it('has a case for every handler in src/routes, and none for a handler that is gone', () => {
		expect(problems).toEqual([]);
		expect(handlers.map(nameOf).filter((n) => !Object.hasOwn(specs, n))).toEqual([]);
		expect(Object.keys(specs).filter((n) => !handlers.some((h) => nameOf(h) === n))).toEqual([]);
	});

	it.each(handlers.map((h) => [nameOf(h), h] as const))('%s refuses every hostile request', async (name, h) => {
		const spec = specs[name];
		const handler = await handlerOf(h);
		const { sqlite } = handle();
		const locals = localsOf(world, spec.who);

		// The control: each case's request as the app would accept it, extra
		// prototype-named fields included, so that refusals below are down to
		// the hostile field and nothing else.
		for (const c of spec.cases) {
			const { outcome, changed } = await rolledBack(async () => {
				spec.before?.();
				const before = businessTables(sqlite);
				const outcome = await outcomeOf(() => handler(eventFor(h, spec, baseline(c, h.kind === 'action' ? NOISE.slice(0, 1) : []), locals, '203.0.113.200')));
				return { outcome, changed: businessTables(sqlite).sha256 !== before.sha256 };
			});
			expect(outcome, `control "${c.label}": ${outcome.detail ?? ''}`).toMatchObject({ kind: 'accepted' });
			expect(changed, `control "${c.label}" changes business tables`).toBe(c.writes);
		}

		const tally: Tally = { name, kind: h.kind, tried: 0, outcomes: new Map(), kinds: { refused: 0, accepted: 0, 'server error': 0 }, ms: 0 };
		const failures: string[] = [];
		const before = businessTables(sqlite);
		const prototypes = prototypeSnapshot();
		const started = performance.now();
		await fc.assert(
			fc.asyncProperty(drafts(spec.cases), async (draft) => {
				if (!draft.hostile.length) failures.push(`not hostile in any field: ${describeDraft(draft)}`);
				spec.before?.();
				const outcome = await outcomeOf(() => handler(eventFor(h, spec, draft, locals, `203.0.113.${tally.tried % 10}`)));
				tally.tried++;
				tally.kinds[outcome.kind]++;
				const label = outcome.kind === 'server error' ? 'server error' : outcome.label;
				tally.outcomes.set(label, (tally.outcomes.get(label) ?? 0) + 1);
				if (outcome.kind !== 'refused') failures.push(`${outcome.kind} (${outcome.label}): ${describeDraft(draft)}`);
				const polluted = prototypeChanges(prototypes);
				if (polluted.length) {
					failures.push(`prototype changed (${polluted.join(', ')}): ${describeDraft(draft)}`);
					restorePrototypes(prototypes);
				}
			}),
			{ numRuns: RUNS, seed: seedFor(name), endOnFailure: true }
		);
		tally.ms = performance.now() - started;
		tallies.push(tally);
		const changed = changedTables(before, businessTables(sqlite));

		expect(tally.tried).toBeGreaterThanOrEqual(1000);
		expect(failures.slice(0, 20), `${failures.length} of ${tally.tried} requests were not cleanly refused (FC_SEED=${SEED}; this handler's seed ${seedFor(name)})`).toEqual([]);
		expect(changed, 'business tables changed').toEqual([]);
	}, 120_000);
});

/** Each handler's own seed, derived from FC_SEED and its name, so adding a handler leaves the others' inputs alone. */
function seedFor(name: string): number {
	let h = 0x811c9dc5;
	for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
	return (SEED ^ h) | 0;
}

afterAll(() => {
	if (!tallies.length) return;
	const last = businessTables(handle().sqlite);
	const total = tallies.reduce((n, t) => n + t.tried, 0);
	const ms = tallies.reduce((n, t) => n + t.ms, 0);
	const sum = (kind: Outcome['kind']) => tallies.reduce((n, t) => n + t.kinds[kind], 0);
	const labels = new Map<string, number>();
	for (const t of tallies) for (const [l, n] of t.outcomes) labels.set(l, (labels.get(l) ?? 0) + n);
	const actions = tallies.filter((t) => t.kind === 'action').length;
	const fmt = (n: number) => n.toLocaleString('en');
	const lines = [
		`Fuzz: seed ${SEED} (set FC_SEED to change it; each handler's seed is derived from it and its name)`,
		`Fuzz: ${tallies.length} handlers (${actions} form actions, ${tallies.length - actions} endpoint handler${tallies.length - actions === 1 ? '' : 's'}) × ${fmt(RUNS)} inputs = ${fmt(total)} requests in ${(ms / 1000).toFixed(1)} s`,
		`Fuzz: refused ${fmt(sum('refused'))}, accepted ${fmt(sum('accepted'))}, server errors ${fmt(sum('server error'))}`,
		...[...labels].sort((a, b) => b[1] - a[1]).map(([l, n]) => `Fuzz:   ${fmt(n).padStart(7)}  ${l}`),
		...tallies.map((t) => `Fuzz:   ${t.name.padEnd(58)} ${fmt(t.tried).padStart(6)} tried, ${fmt(t.kinds.refused).padStart(6)} refused, ${(t.ms / 1000).toFixed(1).padStart(5)} s`),
		`Fuzz: business tables (${first.tables} tables, ${fmt(first.rows)} rows) sha256 before ${first.sha256}`,
		`Fuzz: business tables (${last.tables} tables, ${fmt(last.rows)} rows) sha256 after  ${last.sha256}`,
		`Fuzz: Object.prototype and Array.prototype: ${prototypeChanges(pristine).join(', ') || 'no key added, removed or replaced'}`
	];
	console.log(lines.join('\n'));
});
