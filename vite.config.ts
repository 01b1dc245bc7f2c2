/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { modelRevisions } from './scripts/build/model-revisions.ts';
import { earlyEngineWorker } from './scripts/build/early-engine-worker.ts';

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

/**
 * The service worker (Workbox's generateSW, through vite-plugin-pwa): after
 * the first visit it serves the app shell, the wasm binaries, the sample
 * photos and the bundled models from the Cache API, so the app loads and
 * detects offline. Precached responses keep the server's headers, COOP/COEP
 * included, so the page stays cross-origin isolated offline. `prompt`: a new
 * deployment waits for the user's "Reload" (src/ui/OfflineNote.tsx). No
 * service worker in the dev server (devOptions off): it would get between
 * the tests and Vite.
 */
const serviceWorker = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  manifest: false,
  devOptions: { enabled: false },
  workbox: {
    globPatterns: ['**/*.{js,css,html,wasm,svg,jpg,json,safetensors}'],
    // The models are 3.6 MB each; Workbox skips files over 2 MiB by default.
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
    // A model's cache entry is keyed by its sha256, so a changed model is fetched anew.
    manifestTransforms: [modelRevisions],
  },
});

/** Resolves `@tensorflow/tfjs` to src/runtime/tfjs-lean.ts (in the worker build only). */
function leanTfjs(): Plugin {
  const lean = fileURLToPath(new URL('./src/runtime/tfjs-lean.ts', import.meta.url));
  return {
    name: 'akconv-lean-tfjs',
    enforce: 'pre',
    resolveId(source, importer) {
      // The shim itself imports the parts, never the whole package.
      return source === '@tensorflow/tfjs' && importer !== lean ? lean : null;
    },
  };
}

// One config for the app and the tests. The tests are split into two vitest
// projects: `node` (model and geometry on the tfjs cpu and wasm backends) and
// `browser` (the same checks on WebGPU, run in headless Chromium through
// playwright-core, which is why they get long time-outs and run one file at a time).
export default defineConfig({
  // earlyEngineWorker: index.html starts the engine worker before the page's scripts load (src/runtime/early-worker.ts).
  plugins: [react(), serviceWorker, earlyEngineWorker()],
  server: { port: 5173, headers: CROSS_ORIGIN_ISOLATION },
  preview: { headers: CROSS_ORIGIN_ISOLATION },
  // esbuild, not the default oxc minifier: oxc folds `typeof _scriptDir !== 'undefined'`
  // inside tfjs-backend-wasm's threaded factory, which tfjs re-runs from its source text
  // in each pthread worker, where _scriptDir does not exist, so threaded wasm died in
  // production builds ("_scriptDir is not defined"; with mangling, "e is not defined").
  // No source maps unless asked (`npm run build -- --sourcemap`): they were 21.9 MB of the build.
  build: { target: 'es2022', sourcemap: false, minify: 'esbuild' },
  // The engine worker's tfjs without layers, converter and data (src/runtime/tfjs-lean.ts), and as
  // an ES module, so what it imports on demand (the WebGPU backend) is its own chunk, fetched only when
  // used, not inlined into the script every first load waits for (2.5 MB before, 1.8 MB now).
  worker: { format: 'es', plugins: () => [leanTfjs()] },
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
