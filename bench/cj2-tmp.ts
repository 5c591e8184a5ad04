import { clientScripts } from './portfolio/client-js';
import fs from 'node:fs'; import { gzipSync } from 'node:zlib';
const dir = '.svelte-kit/output/client/';
const man = JSON.parse(fs.readFileSync(dir + '.vite/manifest.json', 'utf8'));
const byFile = new Map(Object.entries(man).map(([k, v]: any) => [v.file, k]));
for (const r of clientScripts('.svelte-kit/output').filter((r) => ['/(app)/assessments/[id]', '/(app)/templates/[key]/[version]/edit', '/(app)/platforms/[id]', '/invite', '/'].includes(r.route))) {
  console.log('==', r.route);
  for (const f of r.files) { const g = gzipSync(fs.readFileSync(dir + f), { level: 9 }).length; if (g > 2000) console.log((g / 1024).toFixed(1).padStart(6), f, byFile.get(f) ?? ''); }
}
