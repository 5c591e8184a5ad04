// The QR symbol's grid: the fixed patterns a scanner finds it by, the format
// and version information, the data zigzag, the eight masks and the penalty
// that chooses between them (ISO/IEC 18004).

/** Level M's two bits in the format information. */
const LEVEL_M_BITS = 0b00;

/** Centres of the alignment patterns along each axis: the standard's table, as a formula. */
function alignmentPositions(version: number): number[] {
	if (version === 1) return [];
	const count = Math.floor(version / 7) + 2;
	const step = version === 32 ? 26 : Math.floor((version * 4 + count * 2 + 1) / (count * 2 - 2)) * 2;
	const positions = [6];
	for (let pos = version * 4 + 10, i = 0; i < count - 1; i++, pos -= step) positions.splice(1, 0, pos);
	return positions;
}

/** BCH(15,5) format information for level M and `mask`, already XORed with the standard's mask. */
export function formatBits(mask: number): number {
	const data = (LEVEL_M_BITS << 3) | mask;
	let rem = data;
	for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
	return ((data << 10) | rem) ^ 0x5412;
}

/** BCH(18,6) version information (versions 7 and up). */
function versionBits(version: number): number {
	let rem = version;
	for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
	return (version << 12) | rem;
}

export class Matrix {
	readonly modules: boolean[][];
	/** Finder, timing, alignment, format and version modules: never data, never masked. */
	readonly reserved: boolean[][];

	constructor(readonly size: number) {
		this.modules = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
		this.reserved = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
	}

	set(x: number, y: number, dark: boolean): void {
		this.modules[y][x] = dark;
		this.reserved[y][x] = true;
	}

	drawFunctionPatterns(version: number): void {
		const s = this.size;
		for (let i = 0; i < s; i++) {
			this.set(6, i, i % 2 === 0);
			this.set(i, 6, i % 2 === 0);
		}
		for (const [cx, cy] of [[3, 3], [s - 4, 3], [3, s - 4]]) {
			for (let dy = -4; dy <= 4; dy++) {
				for (let dx = -4; dx <= 4; dx++) {
					const x = cx + dx;
					const y = cy + dy;
					if (x < 0 || y < 0 || x >= s || y >= s) continue;
					const ring = Math.max(Math.abs(dx), Math.abs(dy));
					this.set(x, y, ring !== 2 && ring !== 4);
				}
			}
		}
		const align = alignmentPositions(version);
		const last = align.length - 1;
		align.forEach((ax, i) =>
			align.forEach((ay, j) => {
				// The three corners that a finder pattern already occupies.
				if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
				for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) this.set(ax + dx, ay + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
			})
		);
		this.drawFormat(0); // reserve the area; the real bits come with the mask
		if (version >= 7) {
			const bits = versionBits(version);
			for (let i = 0; i < 18; i++) {
				const dark = ((bits >>> i) & 1) === 1;
				const a = s - 11 + (i % 3);
				const b = Math.floor(i / 3);
				this.set(a, b, dark);
				this.set(b, a, dark);
			}
		}
	}

	drawFormat(mask: number): void {
		const bits = formatBits(mask);
		const bit = (i: number) => ((bits >>> i) & 1) === 1;
		const s = this.size;
		for (let i = 0; i <= 5; i++) this.set(8, i, bit(i));
		this.set(8, 7, bit(6));
		this.set(8, 8, bit(7));
		this.set(7, 8, bit(8));
		for (let i = 9; i < 15; i++) this.set(14 - i, 8, bit(i));
		for (let i = 0; i < 8; i++) this.set(s - 1 - i, 8, bit(i));
		for (let i = 8; i < 15; i++) this.set(8, s - 15 + i, bit(i));
		this.set(8, s - 8, true); // the dark module
	}

	/** Codewords along the two-column zigzag from the bottom right, skipping the vertical timing column. */
	drawCodewords(data: readonly number[]): void {
		const s = this.size;
		let i = 0;
		for (let right = s - 1; right >= 1; right -= 2) {
			if (right === 6) right = 5;
			for (let vert = 0; vert < s; vert++) {
				for (let j = 0; j < 2; j++) {
					const x = right - j;
					const upward = ((right + 1) & 2) === 0;
					const y = upward ? s - 1 - vert : vert;
					if (this.reserved[y][x]) continue;
					// Remainder bits past the last codeword stay light.
					if (i < data.length * 8) this.modules[y][x] = ((data[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
					i++;
				}
			}
		}
	}

	applyMask(mask: number): void {
		for (let y = 0; y < this.size; y++) {
			for (let x = 0; x < this.size; x++) {
				if (!this.reserved[y][x] && MASKS[mask](x, y)) this.modules[y][x] = !this.modules[y][x];
			}
		}
	}
}

const MASKS: Array<(x: number, y: number) => boolean> = [
	(x, y) => (x + y) % 2 === 0,
	(_x, y) => y % 2 === 0,
	(x) => x % 3 === 0,
	(x, y) => (x + y) % 3 === 0,
	(x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
	(x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
	(x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
	(x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0
];

/** The standard's four penalty rules; the mask with the lowest total is used. */
export function penalty(m: boolean[][]): number {
	const size = m.length;
	let score = 0;
	const lines: boolean[][] = [...m, ...m[0].map((_, x) => m.map((row) => row[x]))];
	for (const line of lines) {
		// Rule 1: runs of five or more modules of one colour.
		let run = 1;
		for (let i = 1; i <= size; i++) {
			if (i < size && line[i] === line[i - 1]) run++;
			else {
				if (run >= 5) score += run - 2;
				run = 1;
			}
		}
		// Rule 3: anything that looks like a finder pattern, 1:1:3:1:1 with four light modules beside it.
		const text = line.map((d) => (d ? '1' : '0')).join('');
		for (const pattern of ['10111010000', '00001011101']) {
			for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + 1)) score += 40;
		}
	}
	// Rule 2: 2×2 blocks of one colour.
	for (let y = 0; y < size - 1; y++) {
		for (let x = 0; x < size - 1; x++) {
			const c = m[y][x];
			if (c === m[y][x + 1] && c === m[y + 1][x] && c === m[y + 1][x + 1]) score += 3;
		}
	}
	// Rule 4: how far the share of dark modules strays from half.
	const dark = m.reduce((n, row) => n + row.filter(Boolean).length, 0);
	score += Math.floor(Math.abs(dark * 20 - size * size * 10) / (size * size)) * 10;
	return score;
}
