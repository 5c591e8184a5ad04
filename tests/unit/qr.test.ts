import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrDataUri, qrSvg } from '../../src/lib/server/auth/qr';

/** Rasterise the SVG's squares (one per module, `M x,y h1v1h-1z`) at `scale` pixels a module, as RGBA. */
function raster(svg: string, scale = 4): { data: Uint8ClampedArray; width: number } {
	const side = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
	const width = side * scale;
	const data = new Uint8ClampedArray(width * width * 4).fill(255);
	for (const [, x, y] of svg.matchAll(/M(\d+),(\d+)h1v1h-1z/g)) {
		for (let dy = 0; dy < scale; dy++)
			for (let dx = 0; dx < scale; dx++) {
				const i = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
				data[i] = data[i + 1] = data[i + 2] = 0;
			}
	}
	return { data, width };
}

const decode = (svg: string) => {
	const { data, width } = raster(svg);
	return jsQR(data, width, width)?.data ?? null;
};

describe('the enrolment QR code', () => {
	it('reads back, through an independent decoder, as exactly the otpauth URI it was drawn from', () => {
		const uri = 'otpauth://totp/Clearance%3Aadmin%40clearance.demo?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Clearance&algorithm=SHA1&digits=6&period=30';
		expect(decode(qrSvg(uri))).toBe(uri);
	});

	it('reads back for short and long texts, and for text outside ASCII', () => {
		for (const text of ['hello', 'x'.repeat(14), 'x'.repeat(15), 'otpauth://totp/Clearance%3A' + 'a'.repeat(200), 'Zürich – 東京']) {
			expect(decode(qrSvg(text)), text).toBe(text);
		}
	});

	it('keeps the four-module quiet zone that readers need around the code', () => {
		const svg = qrSvg('hello');
		expect(svg).toContain('viewBox="0 0 29 29"'); // version 1 is 21 modules, and 4 each side
		const squares = [...svg.matchAll(/M(\d+),(\d+)h1v1h-1z/g)].map(([, x, y]) => [Number(x), Number(y)]);
		expect(Math.min(...squares.flat())).toBe(4);
		expect(Math.max(...squares.flat())).toBe(24);
	});

	it('is an SVG of attributes only, no style or script, inside a data: URI the page CSP allows', () => {
		const svg = qrSvg('hello');
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
		expect(svg).not.toMatch(/style|script/i);
		expect(Buffer.from(qrDataUri('hello').split(',')[1], 'base64').toString()).toBe(svg);
	});
});
