#!/usr/bin/env node
// The `akconv` command line. The CLI is TypeScript (src/cli); tsx compiles it
// on the fly so that `npx akconv` works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(
  process.argv.slice(2),
  { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
  !!process.env['AKCONV_DEBUG'],
);
