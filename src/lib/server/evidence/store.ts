// Evidence files: accepted by what their bytes are, never by their name,
// stored once per SHA-256 outside the web root.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export type EvidenceType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'text/plain' | 'text/csv';

export const TYPE_NAMES: Record<EvidenceType, string> = {
	'application/pdf': 'PDF',
	'image/png': 'PNG image',
	'image/jpeg': 'JPEG image',
	'text/plain': 'plain text',
	'text/csv': 'CSV'
};

export function evidenceDir(): string {
	return path.resolve(process.env.EVIDENCE_DIR || path.join(path.dirname(path.resolve(process.env.DATABASE_PATH || './data/clearance.db')), 'evidence'));
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Plain UTF-8 text: decodes strictly and holds no control bytes but tab, CR and LF. */
function isText(bytes: Uint8Array): boolean {
	if (bytes.length === 0) return false;
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
	} catch {
		return false;
	}
}

/** The file's type as its content shows it, or null when it is not on the allow-list. */
export function sniff(bytes: Uint8Array, filename: string): EvidenceType | null {
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	// Text carries no magic number; the name only chooses between two text types.
	if (isText(bytes)) return /\.csv$/i.test(filename) ? 'text/csv' : 'text/plain';
	return null;
}

export function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export function blobPath(hash: string): string {
	if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('not a SHA-256');
	return path.join(evidenceDir(), hash.slice(0, 2), hash);
}

/**
 * Make sure the bytes are on disk under their hash, writing them (atomically)
 * when they are not. The caller holds the write lock: see evidence.ts on why.
 */
export function ensureBlob(hash: string, bytes: Uint8Array): void {
	const target = blobPath(hash);
	if (fs.existsSync(target)) return;
	fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
	const temp = `${target}.partial-${process.pid}-${randomBytes(6).toString('hex')}`;
	fs.writeFileSync(temp, bytes, { mode: 0o600 });
	fs.renameSync(temp, target);
}

/**
 * Take the file out of its place, to be deleted once the transaction that
 * released it commits (`discard`), or put back if it does not (`restore`).
 * Null when there was no file.
 */
export function setAside(hash: string): string | null {
	const target = blobPath(hash);
	const aside = `${target}.released-${process.pid}-${randomBytes(6).toString('hex')}`;
	try {
		fs.renameSync(target, aside);
		return aside;
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw err;
	}
}

export function discard(aside: string): void {
	fs.rmSync(aside, { force: true });
}

/** Same bytes under the same name: if a store wrote the file again meanwhile, either copy will do. */
export function restore(aside: string, hash: string): void {
	try {
		fs.renameSync(aside, blobPath(hash));
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
	}
}

/** A file no committed row refers to (the bytes of a refused upload). */
export function removeBlob(hash: string): void {
	fs.rmSync(blobPath(hash), { force: true });
}

/** A filename fit to show and to send back in Content-Disposition. */
export function safeFilename(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? 'evidence';
	const cleaned = base.replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^\.+/, '').slice(0, 120).trim();
	return cleaned || 'evidence';
}
