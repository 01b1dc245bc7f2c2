/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation, so that SharedArrayBuffer exists and the wasm backend
 * can run its threaded SIMD build (Chromium gives wasm threads only to isolated
 * pages). `require-corp` rather than `credentialless`: every asset is
 * same-origin, and Safari supports only `require-corp`. Static hosts need the
 * same two headers (README, "Hosting").
 */
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// One config for the app and the tests. The tests are split into two vitest
// projects: `node` (model and geometry on the tfjs cpu and wasm backends) and
// `browser` (the same checks on WebGPU, run in headless Chromium through
// playwright-core, which is why they get long time-outs and run one file at a time).
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
  // esbuild, not the default oxc minifier: oxc folds `typeof _scriptDir !== 'undefined'`
  // inside tfjs-backend-wasm's threaded factory, which tfjs re-runs from its source text
  // in each pthread worker, where _scriptDir does not exist, so threaded wasm died in
  // production builds ("_scriptDir is not defined"; with mangling, "e is not defined").
  build: { target: 'es2022', sourcemap: true, minify: 'esbuild' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
