// The requests the race suite sends, shaped as the app's own pages send them:
// form actions as `use:enhance` posts them (JSON answer, no page render),
// autosave as JSON, uploads as multipart; and signing in, with a TOTP code
// computed from the account's known secret when it has two factors.
import { randomBytes } from 'node:crypto';
import { STEP_SECONDS, stepAt, totp } from '../../src/lib/server/auth/totp';
import { sendRaw, type RawAnswer, type RawRequest } from './held-request';

export type Fields = Record<string, string>;

export interface FilePart {
	name: string;
	filename: string;
	type: string;
	bytes: Buffer;
}

/** What a form action (or endpoint) answered, as a status a person would read. */
export interface Outcome {
	status: number;
	/** success, failure, redirect or error for actions; the content type otherwise. */
	kind: string;
	location?: string;
	/** The start of the body, for reports. */
	text: string;
}

/**
 * A form action, posted the way `use:enhance` posts it: kit answers with JSON
 * and HTTP 200 for both success and failure, carrying the real status inside.
 * `action` null is a page's default action. No fields: an empty body.
 */
export function action(origin: string, path: string, name: string | null, options: { cookie?: string; fields?: Fields; files?: FilePart[] } = {}): RawRequest {
	const headers: Record<string, string> = { origin, accept: 'application/json', 'x-sveltekit-action': 'true' };
	if (options.cookie) headers.cookie = options.cookie;
	let body: Buffer | string = '';
	if (options.files?.length) {
		const boundary = `----race${randomBytes(8).toString('hex')}`;
		headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
		body = multipart(boundary, options.fields ?? {}, options.files);
	} else {
		headers['content-type'] = 'application/x-www-form-urlencoded';
		body = new URLSearchParams(options.fields ?? {}).toString();
	}
	return { method: 'POST', path: name === null ? path : `${path}?/${name}`, headers, body };
}

/** A JSON write to an endpoint (autosave). */
export function json(origin: string, method: 'PUT' | 'POST', path: string, cookie: string, value: unknown): RawRequest {
	return { method, path, headers: { origin, cookie, accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function page(path: string, cookie: string): RawRequest {
	return { method: 'GET', path, headers: { cookie, accept: 'text/html' } };
}

function multipart(boundary: string, fields: Fields, files: FilePart[]): Buffer {
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
	}
	for (const file of files) {
		parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\ncontent-type: ${file.type}\r\n\r\n`));
		parts.push(file.bytes, Buffer.from('\r\n'));
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return Buffer.concat(parts);
}

/** The status an answer stands for: an action's JSON carries it inside; anything else has it on the status line. */
export function outcome(answer: RawAnswer): Outcome {
	const text = answer.body.slice(0, 300);
	if (answer.status === 200 && answer.headers['content-type']?.includes('json')) {
		try {
			const body = JSON.parse(answer.body) as { type?: string; status?: number; location?: string };
			if (body.type && typeof body.status === 'number') return { status: body.status, kind: body.type, location: body.location, text };
		} catch {
			// not an action's answer: fall through
		}
	}
	return { status: answer.status, kind: answer.headers['content-type']?.split(';')[0] ?? 'none', location: answer.headers.location, text };
}

export async function perform(origin: string, request: RawRequest): Promise<Outcome> {
	return outcome(await sendRaw(origin, request));
}

/** Perform a setup step that must succeed; anything but 2xx/3xx stops the test with the answer. */
export async function must(origin: string, request: RawRequest, what: string): Promise<Outcome> {
	const result = await perform(origin, request);
	if (result.status >= 400) throw new Error(`${what}: ${result.status} ${result.kind} ${result.text}`);
	return result;
}

function cookieNamed(answer: RawAnswer, name: string): string | undefined {
	return answer.cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);
}

/** The steps each account has spent on this server: a TOTP step is accepted once. */
const spent = new Map<string, number>();

/**
 * A code for a step this account has not used: the previous, current or next
 * step (the server accepts one either side), waiting only once all are spent.
 */
async function unusedTotp(secret: string, account: string): Promise<string> {
	const now = Date.now();
	const step = Math.max(stepAt(now) - 1, (spent.get(account) ?? -Infinity) + 1);
	const wait = (step - 1) * STEP_SECONDS * 1000 - now + 500;
	if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
	spent.set(account, step);
	return totp(secret, step * STEP_SECONDS * 1000);
}

/** Sign in through the login form (and the code page, with `totpSecret`); returns the Cookie header. */
export async function signIn(origin: string, email: string, password: string, totpSecret?: string): Promise<string> {
	const form = (path: string, fields: Fields, cookie = '') =>
		sendRaw(origin, { method: 'POST', path, headers: { origin, cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
	const first = await form('/login', { email, password });
	const session = cookieNamed(first, 'clearance_session');
	if (first.status === 303 && session) return session;
	const challenge = cookieNamed(first, 'clearance_mfa');
	if (first.status !== 303 || !challenge || !totpSecret) throw new Error(`signing in as ${email} answered ${first.status}: ${first.body.slice(0, 200)}`);
	const second = await form(first.headers.location ?? '/login/mfa', { code: await unusedTotp(totpSecret, `${origin} ${email}`) }, challenge);
	const granted = cookieNamed(second, 'clearance_session');
	if (second.status !== 303 || !granted) throw new Error(`the code page for ${email} answered ${second.status}: ${second.body.slice(0, 200)}`);
	return granted;
}
