// Autosave: one request per changed question after a pause, carrying the
// version it started from; a newer answer elsewhere is shown, never overwritten.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnswerSheet } from '../../../src/lib/components/assessment/answer-sheet.svelte';
import type { AnswerView } from '../../../src/lib/server/assessments';
import { ct } from './template';

interface Sent {
	questionId: string;
	value: unknown;
	na: boolean;
	note: string;
	expectedVersion: number;
}

const view = (questionId: string, value: AnswerView['value'], version: number, extra: Partial<AnswerView> = {}): AnswerView => ({
	questionId,
	value,
	na: false,
	assurance: 'claimed',
	note: '',
	notApplicableTo: null,
	version,
	updatedAt: 1_700_000_000_000,
	updatedBy: 'Ada Admin',
	...extra
});

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A server holding versions per question, as the answers endpoint does. */
function fakeServer(start: Record<string, AnswerView> = {}) {
	const stored = { ...start };
	const sent: Sent[] = [];
	const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
		const body = JSON.parse(String(init!.body)) as Sent;
		sent.push(body);
		// A round trip takes time, so that changes can happen while a save is under way.
		await new Promise((resolve) => setTimeout(resolve, 100));
		const current = stored[body.questionId];
		if ((current?.version ?? 0) !== body.expectedVersion) return json({ field: 'version', message: 'changed meanwhile', current }, 409);
		stored[body.questionId] = view(body.questionId, body.value as AnswerView['value'], (current?.version ?? 0) + 1, { note: body.note, na: body.na, updatedBy: 'me' });
		return json({ answer: stored[body.questionId] });
	});
	return { stored, sent, fetch: fetch as unknown as typeof globalThis.fetch };
}

const settle = async () => {
	await vi.runAllTimersAsync();
};

describe('autosave', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('waits for a pause, then sends each changed question once with the version it started from', async () => {
		const server = fakeServer({ 'hiring.video': view('hiring.video', 'no', 3) });
		const sheet = new AnswerSheet({ ct, stored: server.stored, url: '/a/1/answers', fetch: server.fetch });
		sheet.edit('hiring.video', { raw: ['yes'] });
		sheet.edit('hiring.video', { note: 'seen' });
		sheet.edit('keys.training', { raw: ['80'] });
		expect(sheet.unsaved).toEqual(['hiring.video', 'keys.training']);
		expect(server.sent).toHaveLength(0);
		await settle();
		expect(server.sent.map((s) => [s.questionId, s.value, s.expectedVersion])).toEqual([
			['hiring.video', 'yes', 3],
			['keys.training', 80, 0]
		]);
		expect(sheet.version('hiring.video')).toBe(4);
		expect(sheet.status['hiring.video'].kind).toBe('saved');
		expect(sheet.unsaved).toEqual([]);
	});

	it('counts a change in the live score at once, and leaves out a value that does not fit', () => {
		const server = fakeServer();
		const sheet = new AnswerSheet({ ct, stored: {}, url: '/a/1/answers', fetch: server.fetch });
		sheet.edit('hiring.video', { raw: ['yes'] });
		sheet.edit('keys.training', { raw: ['150'] });
		expect(sheet.entries).toEqual({ 'hiring.video': { value: 'yes', assurance: 'claimed' } });
	});

	it('does not send a value that does not fit, and says why', async () => {
		const server = fakeServer();
		const sheet = new AnswerSheet({ ct, stored: {}, url: '/a/1/answers', fetch: server.fetch });
		sheet.edit('keys.training', { raw: ['150'] });
		await settle();
		expect(server.sent).toHaveLength(0);
		expect(sheet.status['keys.training']).toEqual({ kind: 'invalid', message: 'expected a number from 0 to 100' });
		expect(sheet.unsaved).toEqual(['keys.training']);
	});

	it('a change typed while its save is under way goes next, on the new version', async () => {
		const server = fakeServer();
		const sheet = new AnswerSheet({ ct, stored: {}, url: '/a/1/answers', fetch: server.fetch });
		sheet.edit('hiring.notes', { raw: ['first'] });
		await vi.advanceTimersByTimeAsync(600);
		sheet.edit('hiring.notes', { raw: ['first, then more'] });
		await settle();
		expect(server.sent.map((s) => [s.value, s.expectedVersion])).toEqual([
			['first', 0],
			['first, then more', 1]
		]);
		expect(sheet.unsaved).toEqual([]);
	});

	it('changing an answer back while it is being saved saves it back', async () => {
		const server = fakeServer({ 'hiring.video': view('hiring.video', 'no', 1) });
		const sheet = new AnswerSheet({ ct, stored: server.stored, url: '/a/1/answers', fetch: server.fetch });
		sheet.edit('hiring.video', { raw: ['yes'] });
		await vi.advanceTimersByTimeAsync(600);
		sheet.edit('hiring.video', { raw: ['no'] });
		await settle();
		expect(server.sent.map((s) => [s.value, s.expectedVersion])).toEqual([
			['yes', 1],
			['no', 2]
		]);
		expect(server.stored['hiring.video'].value).toBe('no');
		expect(sheet.status['hiring.video'].kind).toBe('saved');
		expect(sheet.unsaved).toEqual([]);
	});

	it('on a conflict shows theirs; "Keep mine" saves over the version seen, "Use theirs" takes it', async () => {
		const server = fakeServer();
		const sheet = new AnswerSheet({ ct, stored: {}, url: '/a/1/answers', fetch: server.fetch });
		server.stored['hiring.video'] = view('hiring.video', 'yes', 1, { note: 'theirs' });
		server.stored['hiring.refs'] = view('hiring.refs', 'partial', 2);
		sheet.edit('hiring.video', { raw: ['no'] });
		sheet.edit('hiring.refs', { raw: ['no'] });
		await settle();
		const status = sheet.status['hiring.video'];
		expect(status.kind).toBe('conflict');
		expect(status.kind === 'conflict' && status.current.note).toBe('theirs');
		expect(sheet.unsaved).toEqual(['hiring.video', 'hiring.refs']);

		// More typing does not resend while the choice is open.
		sheet.edit('hiring.video', { note: 'mine' });
		await settle();
		expect(server.sent).toHaveLength(2);

		const kept = sheet.keepMine('hiring.video');
		await settle();
		await kept;
		expect(server.sent.at(-1)).toMatchObject({ questionId: 'hiring.video', value: 'no', note: 'mine', expectedVersion: 1 });
		expect(server.stored['hiring.video'].version).toBe(2);

		sheet.useTheirs('hiring.refs');
		expect(sheet.drafts['hiring.refs'].raw).toEqual(['partial']);
		expect(sheet.version('hiring.refs')).toBe(2);
		expect(sheet.unsaved).toEqual([]);
		expect(server.sent).toHaveLength(3);
	});

	it('reports a refusal and an unreachable server at the question, keeping the answer', async () => {
		const refuse = vi.fn(async () => json({ field: 'hiring.video', message: 'expected one of "yes", "no"' }, 400));
		const sheet = new AnswerSheet({ ct, stored: {}, url: '/a/1/answers', fetch: refuse as unknown as typeof fetch });
		sheet.edit('hiring.video', { raw: ['yes'] });
		await settle();
		expect(sheet.status['hiring.video']).toEqual({ kind: 'failed', message: 'Not saved: expected one of "yes", "no"' });

		const offline = vi.fn(async () => {
			throw new TypeError('Failed to fetch');
		});
		const other = new AnswerSheet({ ct, stored: {}, url: '/a/1/answers', fetch: offline as unknown as typeof fetch });
		other.edit('hiring.video', { raw: ['yes'] });
		await settle();
		expect(other.status['hiring.video'].kind).toBe('failed');
		expect(other.drafts['hiring.video'].raw).toEqual(['yes']);
		expect(other.unsaved).toEqual(['hiring.video']);
	});

	it('flush sends what is waiting without the pause', async () => {
		const server = fakeServer();
		const sheet = new AnswerSheet({ ct, stored: {}, url: '/a/1/answers', fetch: server.fetch });
		sheet.edit('hiring.video', { raw: ['yes'] });
		const flushed = sheet.flush();
		// Sent at once: only the round trip's own time passes, not the pause.
		await vi.advanceTimersByTimeAsync(100);
		expect(server.sent).toHaveLength(1);
		expect(await flushed).toBe(0);
	});

	it('takes in newer answers from a page reload, but not over a change of its own', () => {
		const server = fakeServer();
		const sheet = new AnswerSheet({ ct, stored: {}, url: '/a/1/answers', fetch: server.fetch });
		sheet.edit('hiring.refs', { raw: ['yes'] });
		sheet.adopt({ 'hiring.video': view('hiring.video', 'yes', 1), 'hiring.refs': view('hiring.refs', 'no', 1) });
		expect(sheet.drafts['hiring.video'].raw).toEqual(['yes']);
		expect(sheet.version('hiring.video')).toBe(1);
		expect(sheet.drafts['hiring.refs'].raw).toEqual(['yes']);
		expect(sheet.version('hiring.refs')).toBe(0);
	});
});
