// Reed–Solomon error correction over GF(256) with the QR polynomial
// x^8 + x^4 + x^3 + x^2 + 1: the codewords that let a scanner read a code
// that is smudged or partly hidden.

function gfMultiply(x: number, y: number): number {
	let z = 0;
	for (let i = 7; i >= 0; i--) {
		z = (z << 1) ^ ((z >>> 7) * 0x11d);
		z ^= ((y >>> i) & 1) * x;
	}
	return z & 0xff;
}

/** The generator polynomial of `degree`, highest coefficient (always 1) left out. */
function rsDivisor(degree: number): number[] {
	const result = new Array<number>(degree).fill(0);
	result[degree - 1] = 1;
	let root = 1;
	for (let i = 0; i < degree; i++) {
		for (let j = 0; j < degree; j++) {
			result[j] = gfMultiply(result[j], root);
			if (j + 1 < degree) result[j] ^= result[j + 1];
		}
		root = gfMultiply(root, 0x02);
	}
	return result;
}

/** The error-correction codewords of one block. */
export function rsRemainder(data: readonly number[], degree: number): number[] {
	const divisor = rsDivisor(degree);
	const result = new Array<number>(degree).fill(0);
	for (const byte of data) {
		const factor = byte ^ (result.shift() as number);
		result.push(0);
		for (let i = 0; i < degree; i++) result[i] ^= gfMultiply(divisor[i], factor);
	}
	return result;
}
