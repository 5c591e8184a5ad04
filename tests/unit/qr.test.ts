import { describe, expect, it } from 'vitest';
import { encodeQr, qrDataUri, qrSvg } from '../../src/lib/server/auth/qr/index';
import { formatBits } from '../../src/lib/server/auth/qr/matrix';
import { rsRemainder } from '../../src/lib/server/auth/qr/reed-solomon';

describe('QR encoder', () => {
	it('computes Reed–Solomon error correction as in the standard’s worked example (1-M, "HELLO WORLD")', () => {
		const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
		expect(rsRemainder(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
	});

	it('writes the format information of level M for every mask as the standard’s table has it', () => {
		const table = ['101010000010010', '101000100100101', '101111001111100', '101101101001011', '100010111111001', '100000011001110', '100111110010111', '100101010100000'];
		expect([0, 1, 2, 3, 4, 5, 6, 7].map((m) => formatBits(m).toString(2).padStart(15, '0'))).toEqual(table);
	});

	it('picks the smallest version that holds the text', () => {
		expect(encodeQr('hello').version).toBe(1);
		expect(encodeQr('x'.repeat(14)).version).toBe(1); // 14 bytes: level M's byte capacity at version 1
		expect(encodeQr('x'.repeat(15)).version).toBe(2);
		const uri = 'otpauth://totp/Clearance%3Aadmin%40clearance.demo?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Clearance&algorithm=SHA1&digits=6&period=30';
		const code = encodeQr(uri);
		expect(code.version).toBe(8);
		expect(code.size).toBe(17 + 4 * 8);
		expect(() => encodeQr('x'.repeat(2400))).toThrow(/do not fit/);
	});

	it('draws the three finder patterns and the timing lines', () => {
		const { size, modules } = encodeQr('finder patterns');
		const finder = ['1111111', '1000001', '1011101', '1011101', '1011101', '1000001', '1111111'];
		for (const [x0, y0] of [[0, 0], [size - 7, 0], [0, size - 7]]) {
			const drawn = finder.map((_, dy) => modules[y0 + dy].slice(x0, x0 + 7).map((d) => (d ? '1' : '0')).join(''));
			expect(drawn).toEqual(finder);
		}
		for (let i = 8; i < size - 8; i++) {
			expect(modules[6][i]).toBe(i % 2 === 0);
			expect(modules[i][6]).toBe(i % 2 === 0);
		}
		expect(modules[size - 8][8]).toBe(true); // the dark module
	});

	it('renders SVG with attributes only, no style, inside a data: URI', () => {
		const svg = qrSvg('hello');
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
		expect(svg).not.toMatch(/style|script/i);
		expect(svg).toContain('viewBox="0 0 29 29"'); // 21 modules and a quiet zone of 4 each side
		expect(Buffer.from(qrDataUri('hello').split(',')[1], 'base64').toString()).toBe(svg);
	});
});
