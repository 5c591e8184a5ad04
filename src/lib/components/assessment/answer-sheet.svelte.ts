// The answers being worked on in this browser tab, and their autosave: each
// changed question is sent on its own (after a pause in typing) with the
// version it started from, so a save never silently overwrites someone else's.
import type { AnswerInput } from '$lib/assessments/answer-input';
import { toEntry } from '$lib/assessments/answer-input';
import type { Answer, CompiledTemplate, PlatformKind, Question } from '$lib/scoring/index';
import type { AnswerView } from '$lib/assessments/views';
import { draftOf, inputOf, inputProblem, sameInput, type Draft } from './answers';

export type SaveStatus =
	| { kind: 'clean' }
	| { kind: 'pending' }
	| { kind: 'saving' }
	| { kind: 'saved' }
	/** Checked in the browser and found wrong: not sent. */
	| { kind: 'invalid'; message: string }
	/** Refused by the server or not delivered. */
	| { kind: 'failed'; message: string }
	/** Someone saved a newer version; theirs is `current`. */
	| { kind: 'conflict'; message: string; current: AnswerView };

interface Base {
	input: AnswerInput;
	version: number;
	/** The stored answer is the N/A given for the platform's kind (AnswerView.notApplicableTo). */
	notApplicableTo: PlatformKind | null;
}

export interface SheetOptions {
	ct: CompiledTemplate;
	/** The answers as stored. */
	stored: Record<string, AnswerView>;
	/** What a person sent in a form the server refused: shown instead of the stored answer. */
	submitted?: Record<string, AnswerInput>;
	/** The autosave endpoint. */
	url: string;
	delayMs?: number;
	fetch?: typeof fetch;
}

const storedInput = (v: AnswerView): AnswerInput => ({ value: v.na ? null : (v.value ?? null), na: v.na, assurance: v.assurance, note: v.note });
const baseOf = (v: AnswerView): Base => ({ input: storedInput(v), version: v.version, notApplicableTo: v.notApplicableTo ?? null });
const EMPTY: AnswerInput = { value: null, na: false, assurance: 'claimed', note: '' };

export class AnswerSheet {
	readonly ct: CompiledTemplate;
	readonly questions = new Map<string, Question>();
	drafts: Record<string, Draft> = $state({});
	status: Record<string, SaveStatus> = $state({});
	/** What the server holds as far as this tab knows: the base a save starts from. */
	#base: Record<string, Base> = $state({});

	readonly #url: string;
	readonly #delay: number;
	readonly #fetch: typeof fetch;
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
	readonly #running = new Map<string, Promise<void>>();
	readonly #again = new Set<string>();
	// Checking an entry is a schema parse; a page of questions re-derives on every keystroke.
	readonly #problemCache = new Map<string, string | null>();

	constructor(options: SheetOptions) {
		this.ct = options.ct;
		this.#url = options.url;
		this.#delay = options.delayMs ?? 600;
		this.#fetch = options.fetch ?? ((...args) => fetch(...args));
		for (const q of options.ct.template.sections.flatMap((s) => s.questions)) {
			this.questions.set(q.id, q);
			const stored = options.stored[q.id];
			const submitted = options.submitted?.[q.id];
			this.#base[q.id] = stored ? baseOf(stored) : { input: EMPTY, version: 0, notApplicableTo: null };
			this.drafts[q.id] = draftOf(submitted ?? stored);
			this.status[q.id] = { kind: 'clean' };
		}
	}

	readonly inputs: Record<string, AnswerInput> = $derived.by(() => {
		const out: Record<string, AnswerInput> = {};
		for (const [id, q] of this.questions) out[id] = inputOf(q, this.drafts[id]);
		return out;
	});

	readonly problems: Record<string, string | null> = $derived.by(() => {
		const out: Record<string, string | null> = {};
		for (const id of this.questions.keys()) out[id] = this.#problem(id, this.inputs[id]);
		return out;
	});

	/** Valid answers only: what the live score counts. */
	readonly entries: Record<string, Answer> = $derived.by(() => {
		const out: Record<string, Answer> = {};
		for (const id of this.questions.keys()) {
			const entry = this.problems[id] ? null : toEntry(this.inputs[id]);
			if (entry) out[id] = entry;
		}
		return out;
	});

	/** Questions whose answer here differs from the stored one, or that wait on a conflict. */
	readonly unsaved: string[] = $derived([...this.questions.keys()].filter((id) => this.isDirty(id) || this.status[id].kind === 'conflict'));
	readonly busy: boolean = $derived(Object.values(this.status).some((s) => s.kind === 'saving' || s.kind === 'pending'));

	version(id: string): number {
		return this.#base[id]?.version ?? 0;
	}

	/** The kind the stored N/A was given for, while this tab leaves it as stored; null otherwise. */
	notApplicableTo(id: string): PlatformKind | null {
		return this.isDirty(id) ? null : (this.#base[id]?.notApplicableTo ?? null);
	}

	isDirty(id: string): boolean {
		return !sameInput(this.inputs[id], this.#base[id].input);
	}

	/** A change by the person: the live score follows at once, the save after a pause. */
	edit(id: string, patch: Partial<Draft>): void {
		this.drafts[id] = { ...this.drafts[id], ...patch };
		// Waiting on "Use theirs" / "Keep mine": saving now would only conflict again.
		if (this.status[id].kind === 'conflict') return;
		this.#clearTimer(id);
		// Changed back to what is stored; unless a save is under way, which this must follow.
		if (!this.isDirty(id) && !this.#running.has(id)) {
			this.status[id] = { kind: 'clean' };
			return;
		}
		this.status[id] = { kind: 'pending' };
		this.#timers.set(
			id,
			setTimeout(() => void this.save(id), this.#delay)
		);
	}

	/** Take a draft found elsewhere (fields changed before the page's script ran) when it differs. */
	absorb(id: string, draft: Draft): void {
		if (this.questions.has(id) && !sameInput(inputOf(this.questions.get(id)!, draft), this.inputs[id])) this.edit(id, draft);
	}

	/** Send one question's answer now (or once its save under way has finished). */
	save(id: string): Promise<void> {
		this.#clearTimer(id);
		const running = this.#running.get(id);
		if (running) {
			this.#again.add(id);
			return running;
		}
		// Only "Keep mine" or "Use theirs" end a conflict.
		if (this.status[id].kind === 'conflict') return Promise.resolve();
		if (!this.isDirty(id)) {
			if (this.status[id].kind === 'pending') this.status[id] = { kind: 'clean' };
			return Promise.resolve();
		}
		const problem = this.problems[id];
		if (problem) {
			this.status[id] = { kind: 'invalid', message: problem };
			return Promise.resolve();
		}
		const run = this.#send(id).finally(() => {
			this.#running.delete(id);
			// Asked for again while this one was under way: send what is there now.
			if (this.#again.delete(id)) void this.save(id);
		});
		this.#running.set(id, run);
		return run;
	}

	/** Save everything waiting, e.g. before leaving or changing the assessment's state; resolves with what is still unsaved. */
	async flush(): Promise<number> {
		for (let round = 0; round < 3; round++) {
			for (const id of [...this.#timers.keys()]) void this.save(id);
			if (!this.#running.size) break;
			await Promise.allSettled([...this.#running.values()]);
		}
		return this.unsaved.length;
	}

	/** Save every changed question of one section (the "Save section" button). */
	async saveAll(ids: string[]): Promise<void> {
		await Promise.allSettled(ids.filter((id) => this.isDirty(id) && this.status[id].kind !== 'conflict').map((id) => this.save(id)));
	}

	useTheirs(id: string): void {
		const s = this.status[id];
		if (s.kind !== 'conflict') return;
		this.#base[id] = baseOf(s.current);
		this.drafts[id] = draftOf(s.current);
		this.status[id] = { kind: 'clean' };
	}

	keepMine(id: string): Promise<void> {
		const s = this.status[id];
		if (s.kind !== 'conflict') return Promise.resolve();
		this.#base[id] = baseOf(s.current);
		this.status[id] = { kind: 'pending' };
		return this.save(id);
	}

	/**
	 * Take in answers the server sent with a page reload (after an upload, say):
	 * newer answers replace ones this tab has not changed; changed ones are kept,
	 * and their next save reports the conflict.
	 */
	adopt(stored: Record<string, AnswerView>): void {
		for (const [id, view] of Object.entries(stored)) {
			const base = this.#base[id];
			if (!base || view.version <= base.version || this.isDirty(id) || this.#running.has(id) || this.status[id].kind === 'conflict') continue;
			this.#base[id] = baseOf(view);
			this.drafts[id] = draftOf(view);
		}
	}

	async #send(id: string): Promise<void> {
		const input = this.inputs[id];
		this.status[id] = { kind: 'saving' };
		let response: Response;
		try {
			response = await this.#fetch(this.#url, {
				method: 'PUT',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify({ questionId: id, ...input, expectedVersion: this.version(id) })
			});
		} catch {
			this.status[id] = { kind: 'failed', message: 'Not saved: the server could not be reached. Your answer is kept here.' };
			return;
		}
		const body = response.headers.get('content-type')?.startsWith('application/json') ? await response.json().catch(() => null) : null;
		if (response.ok && body?.answer) {
			const saved = body.answer as AnswerView;
			this.#base[id] = baseOf(saved);
			// Typed on while the save was under way: that change is still waiting for its own.
			this.status[id] = this.isDirty(id) ? { kind: 'pending' } : { kind: 'saved' };
		} else if (response.status === 409 && body?.current) {
			this.status[id] = { kind: 'conflict', message: String(body.message ?? 'Someone changed this answer meanwhile.'), current: body.current as AnswerView };
		} else if (body?.message) {
			this.status[id] = { kind: 'failed', message: `Not saved: ${body.message}` };
		} else if (response.redirected || response.status === 401) {
			this.status[id] = { kind: 'failed', message: 'Not saved: your session has ended. Sign in again in another tab, then retry.' };
		} else {
			this.status[id] = { kind: 'failed', message: `Not saved: the server answered ${response.status}. Your answer is kept here.` };
		}
	}

	#problem(id: string, input: AnswerInput): string | null {
		const key = `${id}\u0000${JSON.stringify(toEntry(input))}`;
		let problem = this.#problemCache.get(key);
		if (problem === undefined) {
			if (this.#problemCache.size > 2000) this.#problemCache.clear();
			problem = inputProblem(this.ct, id, input);
			this.#problemCache.set(key, problem);
		}
		return problem;
	}

	#clearTimer(id: string): void {
		const t = this.#timers.get(id);
		if (t !== undefined) clearTimeout(t);
		this.#timers.delete(id);
	}
}
