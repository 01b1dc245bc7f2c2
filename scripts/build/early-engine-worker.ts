/**
 * A build plugin: index.html starts the engine worker itself, before the
 * page's entry chunk has loaded (src/runtime/early-worker.ts says why). The
 * worker's file name is hashed, so it is found in the bundle once written.
 * Build only: the dev server serves the worker from its source, started by
 * engine-client.ts as before.
 */
import type { Plugin } from 'vite';
import { earlyWorkerScript } from '../../src/runtime/early-worker.ts';

/** The engine worker's output file among a bundle's files (`assets/engine.worker-<hash>.js`). */
export function engineWorkerFile(files: readonly string[]): string {
  const found = files.filter((f) => /(^|\/)engine\.worker-[^/]*\.js$/.test(f));
  if (found.length !== 1) throw new Error(`the build has ${found.length} engine worker files (${found.join(', ') || 'none'}), so index.html cannot start it early`);
  return found[0]!;
}

/**
 * `html` with the starter before the first script or stylesheet of its head:
 * a classic inline script runs as the parser reaches it, before any module
 * script (those are deferred), but not before the stylesheets above it have
 * loaded, so it goes first (the preload scanner still finds the entry chunk).
 */
export function withEarlyWorker(html: string, url: string): string {
  const tag = `<script>\n${earlyWorkerScript(url)}\n</script>`;
  const head = /<head[^>]*>[\s\S]*?<\/head>/i.exec(html);
  if (!head) throw new Error('index.html has no <head>, so the engine worker cannot start early');
  const first = /<script\b|<link\b[^>]*rel="(?:stylesheet|modulepreload)"/i.exec(head[0]);
  const at = head.index + (first ? first.index : head[0].length - '</head>'.length);
  return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
}

export function earlyEngineWorker(): Plugin {
  let base = '/';
  return {
    name: 'akconv-early-engine-worker',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        return withEarlyWorker(html, `${base}${engineWorkerFile(Object.keys(ctx.bundle))}`);
      },
    },
  };
}
