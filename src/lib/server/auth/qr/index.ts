// QR codes (ISO/IEC 18004, model 2) for the two-factor enrolment page: byte
// mode, error-correction level M, the smallest version that fits and the mask
// with the lowest penalty. Only what an otpauth:// URI needs, written here
// rather than taken as a dependency for a few hundred lines of arithmetic.
import { Matrix, penalty } from './matrix';
import { rsRemainder } from './reed-solomon';

/** Error-correction codewords per block and number of blocks at level M, by version (index 0 unused). */
const ECC_PER_BLOCK = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
const BLOCKS = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

export interface QrCode {
	version: number;
	/** Modules per side: 17 + 4 × version (the quiet zone is not included). */
	size: number;
	mask: number;
	/** Row-major; true is dark. */
	modules: boolean[][];
}

/** Modules that carry data in a version, before error correction is taken out. */
function rawDataModules(version: number): number {
	let n = (16 * version + 128) * version + 64;
	if (version >= 2) {
		const align = Math.floor(version / 7) + 2;
		n -= (25 * align - 10) * align - 55;
		if (version >= 7) n -= 36;
	}
	return n;
}

const dataCodewords = (version: number) => Math.floor(rawDataModules(version) / 8) - ECC_PER_BLOCK[version] * BLOCKS[version];

// Data: mode, length, bytes, padding; then blocks with their error correction, interleaved.

function dataBits(bytes: Uint8Array, version: number): number[] {
	const bits: number[] = [];
	const push = (value: number, length: number) => {
		for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
	};
	push(0b0100, 4); // byte mode
	push(bytes.length, version <= 9 ? 8 : 16);
	for (const b of bytes) push(b, 8);
	const capacity = dataCodewords(version) * 8;
	push(0, Math.min(4, capacity - bits.length)); // terminator
	push(0, (8 - (bits.length % 8)) % 8);
	for (let pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) push(pad, 8);
	return bits;
}

function codewords(bytes: Uint8Array, version: number): number[] {
	const bits = dataBits(bytes, version);
	const data: number[] = [];
	for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0));

	const blocks = BLOCKS[version];
	const ecc = ECC_PER_BLOCK[version];
	const raw = Math.floor(rawDataModules(version) / 8);
	const shortBlocks = blocks - (raw % blocks);
	const shortLength = Math.floor(raw / blocks);
	const split: Array<{ data: number[]; ecc: number[] }> = [];
	for (let i = 0, k = 0; i < blocks; i++) {
		const length = shortLength - ecc + (i < shortBlocks ? 0 : 1);
		const block = data.slice(k, k + length);
		k += length;
		split.push({ data: block, ecc: rsRemainder(block, ecc) });
	}
	// Interleave: the i-th data codeword of every block in turn, then the same for error correction.
	const out: number[] = [];
	for (let i = 0; i <= shortLength - ecc; i++) for (const b of split) if (i < b.data.length) out.push(b.data[i]);
	for (let i = 0; i < ecc; i++) for (const b of split) out.push(b.ecc[i]);
	return out;
}

/** Encode `text` (as UTF-8). Throws when it does not fit even version 40. */
export function encodeQr(text: string): QrCode {
	const bytes = new TextEncoder().encode(text);
	let version = 1;
	while (version <= 40 && 4 + (version <= 9 ? 8 : 16) + bytes.length * 8 > dataCodewords(version) * 8) version++;
	if (version > 40) throw new RangeError(`${bytes.length} bytes do not fit in a QR code`);

	const matrix = new Matrix(version * 4 + 17);
	matrix.drawFunctionPatterns(version);
	matrix.drawCodewords(codewords(bytes, version));
	let best = { mask: 0, score: Infinity };
	for (let mask = 0; mask < 8; mask++) {
		matrix.applyMask(mask);
		matrix.drawFormat(mask);
		const score = penalty(matrix.modules);
		if (score < best.score) best = { mask, score };
		matrix.applyMask(mask); // XOR again: undone
	}
	matrix.applyMask(best.mask);
	matrix.drawFormat(best.mask);
	return { version, size: matrix.size, mask: best.mask, modules: matrix.modules };
}

/**
 * The code as a standalone SVG: one path of dark squares on a white ground
 * with the four-module quiet zone readers need. Attributes only, no style,
 * so it passes the page's Content Security Policy.
 */
export function qrSvg(text: string, moduleSize = 6): string {
	const { size, modules } = encodeQr(text);
	const quiet = 4;
	const side = size + quiet * 2;
	let path = '';
	modules.forEach((row, y) =>
		row.forEach((dark, x) => {
			if (dark) path += `M${x + quiet},${y + quiet}h1v1h-1z`;
		})
	);
	const px = side * moduleSize;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">` +
		`<rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
	);
}

/** The SVG as a data: URI for an <img> (the CSP allows data: images, not inline markup styles). */
export function qrDataUri(text: string): string {
	return `data:image/svg+xml;base64,${Buffer.from(qrSvg(text)).toString('base64')}`;
}
