/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// One config for the app and the tests. The tests are split into two vitest
// projects: `node` (model and geometry on the tfjs cpu and wasm backends) and
// `browser` (the same checks on WebGPU, run in headless Chromium through
// playwright-core, which is why they get long time-outs and run one file at a time).
export default defineConfig({
  plugins: [react()],
  server: { port: 5173 },
  build: { target: 'es2022', sourcemap: true },
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
