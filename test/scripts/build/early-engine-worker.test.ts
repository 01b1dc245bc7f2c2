import { describe, expect, it } from 'vitest';
import { engineWorkerFile, withEarlyWorker } from '../../../scripts/build/early-engine-worker';
import { EARLY_WORKER_GLOBAL } from '../../../src/runtime/early-worker';

const HTML = '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n    <script type="module" crossorigin src="/assets/index-x.js"></script>\n  </head>\n  <body></body>\n</html>';

describe('early-engine-worker (build plugin)', () => {
  it("finds the engine worker among the bundle's files", () => {
    expect(engineWorkerFile(['assets/index-x.js', 'assets/engine.worker-JhrJ_AYf.js', 'assets/engine-core-y.js'])).toBe('assets/engine.worker-JhrJ_AYf.js');
  });

  it('says how many it found when there is not exactly one', () => {
    expect(() => engineWorkerFile(['assets/index-x.js'])).toThrow('the build has 0 engine worker files (none), so index.html cannot start it early');
    expect(() => engineWorkerFile(['assets/engine.worker-a.js', 'x/engine.worker-b.js'])).toThrow('the build has 2 engine worker files (assets/engine.worker-a.js, x/engine.worker-b.js)');
  });

  it('puts the starter in <head> before its first script or stylesheet, with the URL it was given', () => {
    const html = withEarlyWorker(HTML, '/sub/assets/engine.worker-a.js');
    const starter = html.indexOf(EARLY_WORKER_GLOBAL);
    expect(starter).toBeGreaterThan(html.indexOf('<meta charset'));
    expect(starter).toBeLessThan(html.indexOf('src="/assets/index-x.js"'));
    const styled = withEarlyWorker(HTML.replace('<script type', '<link rel="stylesheet" href="/a.css">\n    <script type'), '/w.js');
    expect(styled.indexOf(EARLY_WORKER_GLOBAL)).toBeLessThan(styled.indexOf('a.css'));
    expect(html).toContain('new Worker("/sub/assets/engine.worker-a.js"');
    expect(html.replace(/<script>[\s\S]*?<\/script>\n\s*/, '')).toBe(HTML);
  });

  it('refuses a page without a head', () => {
    expect(() => withEarlyWorker('<html><body></body></html>', '/w.js')).toThrow('index.html has no <head>, so the engine worker cannot start early');
  });
});
