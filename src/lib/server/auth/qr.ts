// The QR code on the two-factor enrolment page: uqr encodes the otpauth://
// URI (byte mode, error-correction level M, the smallest version that fits,
// with the four-module quiet zone readers need); this file only draws it.
import { encode } from 'uqr';

const QUIET_ZONE = 4;

/**
 * The code as a standalone SVG: one path of dark squares on a white ground.
 * Attributes only, no style, so it passes the page's Content Security Policy.
 */
export function qrSvg(text: string, moduleSize = 6): string {
	const { size, data } = encode(text, { ecc: 'M', border: QUIET_ZONE });
	let path = '';
	data.forEach((row, y) =>
		row.forEach((dark, x) => {
			if (dark) path += `M${x},${y}h1v1h-1z`;
		})
	);
	const px = size * moduleSize;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${px}" height="${px}" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">` +
		`<rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
	);
}

/** The SVG as a data: URI for an <img> (the CSP allows data: images, not inline markup styles). */
export function qrDataUri(text: string): string {
	return `data:image/svg+xml;base64,${Buffer.from(qrSvg(text)).toString('base64')}`;
}
