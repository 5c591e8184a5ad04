// A small seeded generator (sfc32, seeded through splitmix32) so that a
// robustness check gives the same answer every time it is asked the same
// question. Not for anything secret.

export class Random {
	private a: number;
	private b: number;
	private c: number;
	private d: number;
	private spare = NaN;

	constructor(seed: number) {
		let s = seed >>> 0;
		const split = () => {
			s = (s + 0x9e3779b9) | 0;
			let z = s;
			z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
			z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
			return (z ^ (z >>> 15)) >>> 0;
		};
		this.a = split();
		this.b = split();
		this.c = split();
		this.d = split();
		for (let i = 0; i < 12; i++) this.next();
	}

	/** A uniform 32-bit unsigned integer. */
	next(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** Uniform in the open interval (0, 1). */
	uniform(): number {
		return (this.next() + 0.5) / 4294967296;
	}

	/** Standard normal, by the Box–Muller transform (two per pair of uniforms). */
	normal(): number {
		if (this.spare === this.spare) {
			const z = this.spare;
			this.spare = NaN;
			return z;
		}
		const radius = Math.sqrt(-2 * Math.log(this.uniform()));
		const angle = 2 * Math.PI * this.uniform();
		this.spare = radius * Math.sin(angle);
		return radius * Math.cos(angle);
	}
}
