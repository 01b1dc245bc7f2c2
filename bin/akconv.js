#!/usr/bin/env node
// The `akconv` command line. The CLI is TypeScript (src/cli); tsx compiles it
// on the fly so that `npx akconv` works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
