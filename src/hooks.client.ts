// Zod probes whether it may compile parsers with `new Function`. The CSP
// forbids eval, so in the browser the probe is only ever refused, and each
// refusal is reported as a CSP violation; parse without it. (The server and
// the CLI keep zod's compiled parsers.)
import { config } from 'zod';

config({ jitless: true });
