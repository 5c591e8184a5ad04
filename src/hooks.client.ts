// Zod probes whether it may compile parsers with `new Function`. The CSP
// forbids eval, so in the browser the probe is only ever refused, and each
// refusal is reported as a CSP violation; parse without it. (The server and
// the CLI keep zod's compiled parsers.)
//
// Set on the object zod reads its configuration from (core.js takes
// `globalThis.__zod_globalConfig` when it loads, so that copies of zod share
// one), not through `import { config } from 'zod'`: this file runs on every
// page, and importing zod here put 3.5 KB gzipped of it on pages that never
// validate anything. Pages that do load zod later find the setting waiting.
const shared = globalThis as { __zod_globalConfig?: { jitless?: boolean } };
(shared.__zod_globalConfig ??= {}).jitless = true;
