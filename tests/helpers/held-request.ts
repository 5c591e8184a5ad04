// HTTP/1.1 over a raw socket, holding back the request's last byte. A form
// action reads its body only after the hooks have run, so a request held
// one byte short sits at the action's first await; a request without a body
// is held one byte short of its head, before the server sees it at all.
// Releasing two held requests in one tick lets both reach the write path at
// the same moment; releasing one after another change shows what an action
// does with a decision made before it.
import net from 'node:net';

export interface RawRequest {
	method: 'GET' | 'POST' | 'PUT';
	path: string;
	headers?: Record<string, string>;
	body?: Buffer | string;
}

export interface RawAnswer {
	status: number;
	headers: Record<string, string>;
	cookies: string[];
	body: string;
}

export class HeldRequest {
	private constructor(
		private readonly socket: net.Socket,
		private readonly last: Buffer,
		/** Settles when the server has answered and closed the connection. */
		readonly answer: Promise<RawAnswer>
	) {}

	/** Connect and send everything but the last byte; resolves once that is on the wire. */
	static async open(origin: string, request: RawRequest): Promise<HeldRequest> {
		const { hostname, port } = new URL(origin);
		const bytes = encode(hostname, port, request);
		const socket = net.connect({ host: hostname, port: Number(port) });
		socket.setNoDelay(true);
		const answer = collect(socket);
		// Rejections surface when the caller awaits `answer`; until then, do not crash the runner.
		answer.catch(() => {});
		await new Promise<void>((resolve, reject) => {
			socket.once('error', reject);
			socket.once('connect', () => socket.write(bytes.subarray(0, -1), (err) => (err ? reject(err) : resolve())));
		});
		return new HeldRequest(socket, bytes.subarray(-1), answer);
	}

	/** Send the last byte. */
	release(): void {
		// The server may have answered already (a refusal needs no body) and closed.
		if (!this.socket.destroyed) this.socket.write(this.last, () => {});
	}
}

/** One request sent whole: the same wire format, nothing held. */
export async function sendRaw(origin: string, request: RawRequest): Promise<RawAnswer> {
	const held = await HeldRequest.open(origin, request);
	held.release();
	return held.answer;
}

function encode(host: string, port: string, { method, path, headers = {}, body }: RawRequest): Buffer {
	const payload = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
	const lines = [`${method} ${path} HTTP/1.1`, `host: ${host}:${port}`, 'connection: close'];
	for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
	if (method !== 'GET') lines.push(`content-length: ${payload.length}`);
	return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), payload]);
}

function collect(socket: net.Socket): Promise<RawAnswer> {
	const chunks: Buffer[] = [];
	return new Promise((resolve, reject) => {
		socket.on('data', (chunk: Buffer) => chunks.push(chunk));
		// A reset after the answer arrived (the held byte hit a closed socket) changes nothing.
		socket.on('error', (err) => {
			if (!chunks.length) reject(err);
		});
		socket.on('close', () => {
			if (!chunks.length) return reject(new Error('the server closed the connection without answering'));
			try {
				resolve(parse(Buffer.concat(chunks)));
			} catch (err) {
				reject(err);
			}
		});
	});
}

function parse(raw: Buffer): RawAnswer {
	const split = raw.indexOf('\r\n\r\n');
	if (split < 0) throw new Error(`an incomplete HTTP answer: ${raw.subarray(0, 200).toString('latin1')}`);
	const [statusLine, ...headerLines] = raw.subarray(0, split).toString('latin1').split('\r\n');
	const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
	if (!status) throw new Error(`not an HTTP status line: ${statusLine}`);
	const headers: Record<string, string> = {};
	const cookies: string[] = [];
	for (const line of headerLines) {
		const colon = line.indexOf(':');
		const name = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		if (name === 'set-cookie') cookies.push(value);
		else headers[name] = value;
	}
	let body = raw.subarray(split + 4);
	if (headers['transfer-encoding']?.includes('chunked')) body = dechunk(body);
	return { status, headers, cookies, body: body.toString('utf8') };
}

function dechunk(body: Buffer): Buffer {
	const parts: Buffer[] = [];
	let at = 0;
	while (at < body.length) {
		const end = body.indexOf('\r\n', at);
		const size = parseInt(body.subarray(at, end).toString('latin1'), 16);
		if (!size) break;
		parts.push(body.subarray(end + 2, end + 2 + size));
		at = end + 2 + size + 2;
	}
	return Buffer.concat(parts);
}
