import { marked } from 'marked';
import methodology from '../../../../docs/methodology.md?raw';
import type { PageServerLoad } from './$types';

// One source for the method: docs/methodology.md, rendered once per process.
// The markdown is the project's own committed text, not user input.
const html = marked.parse(methodology, { async: false, gfm: true });

export const load: PageServerLoad = () => ({ html });
