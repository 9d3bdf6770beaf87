#!/usr/bin/env node
// Runs the TypeScript CLI directly (no build step in the repository; ADR 0003).
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
