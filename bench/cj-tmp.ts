import { clientScripts } from '/work/main/bench/portfolio/client-js';
for (const r of clientScripts('/work/main/.svelte-kit/output')) console.log(r.route.padEnd(45), (r.gzip/1024).toFixed(1).padStart(7), (r.lazyGzip/1024).toFixed(1).padStart(7), r.files.length);
