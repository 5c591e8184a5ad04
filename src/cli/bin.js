#!/usr/bin/env node
// The `clearance` command. The CLI is TypeScript that shares modules with the
// server, so it runs through tsx's loader rather than a separate build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main');
process.exitCode = await main(process.argv.slice(2));
