import { marked } from 'marked';
import methodology from '../../../../docs/methodology.md?raw';
import type { PageServerLoad } from './$types';

// One source for the method: docs/methodology.md, rendered once per process.
// The markdown is the project's own committed text, not user input.
// Each table sits in a box that scrolls sideways on a narrow screen (the page
// itself must not), focusable so that a keyboard can scroll it too.
let tables = 0;
const html = marked
	.parse(methodology, { async: false, gfm: true })
	.replace(/<table>([\s\S]*?)<\/table>/g, (table) => `<div class="table-wrap" tabindex="0" role="region" aria-label="Table ${++tables}, scrolls sideways">${table}</div>`);

export const load: PageServerLoad = () => ({ html });
