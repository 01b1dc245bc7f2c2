/**
 * The engine's own thread: tfjs, the models and every forward pass run here,
 * so the page stays responsive. Talks `protocol.ts` with `engine-client.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import type { YoloModel } from '../model/yolo';
import { gatherEnvironment } from './diagnostics';
import { EngineCore } from './engine-core';
import { framePixels } from './frame-pixels';
import type { EngineSnapshot, FromEngine, ToEngine } from './protocol';
import { startupTimeline } from './startup-timeline';
import { tfDevice } from './tf-device';
import { resultBuffers } from './transfer';
import { ExportCancelled } from './video-export';

// tfjs-wasm's threaded build cannot start its thread pool from a bundled module worker (its
// pthread workers fail with "e is not defined"): the engine worker runs the single-threaded build.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// The worker's bundle (tfjs and the model code) has been fetched, parsed and evaluated by now.
startupTimeline.mark('worker-script');

const scope = self as unknown as { postMessage(m: FromEngine, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToEngine>) => void) | null };
const post = (m: FromEngine, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

let sentLatest: EngineSnapshot['latest'] = null;

/** The snapshot goes without its latest result, which goes once, by transfer, in its own message (before the snapshot). */
function publish(snapshot: EngineSnapshot): void {
  const latest = snapshot.latest;
  // A reset (null, after a backend switch) goes too, so the page drops the old numbers.
  if (latest !== sentLatest) post({ type: 'result', result: latest }, latest ? resultBuffers(latest) : []);
  sentLatest = latest;
  post({ type: 'snapshot', snapshot: { ...startupTimeline.stamp(snapshot), latest: null } });
}

/** Running video exports, by job id, to cancel. */
const exports = new Map<number, AbortController>();

function exportVideo(m: Extract<ToEngine, { type: 'export-video' }>): void {
  const abort = new AbortController();
  exports.set(m.jobId, abort);
  const onProgress = (fraction: number, frames: number) => post({ type: 'export-progress', jobId: m.jobId, fraction, frames });
  core
    .exportVideo(m.file, m.name, { stride: m.stride, onProgress, signal: abort.signal })
    .then(
      (video) => post({ type: 'export-done', jobId: m.jobId, video, error: null }, [video.bytes]),
      (e: unknown) => post({ type: 'export-done', jobId: m.jobId, video: null, error: e instanceof ExportCancelled ? null : e instanceof Error ? e.message : String(e) }),
    )
    .finally(() => exports.delete(m.jobId));
}

const core = new EngineCore<YoloModel>(tfDevice, { snapshot: publish, notice: (notice) => post({ type: 'notice', notice }) }, { kind: 'worker', reason: null });

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'configure':
      startupTimeline.mark('configure');
      core.configure(m.settings);
      break;
    case 'frame':
      startupTimeline.mark('frame-received');
      void framePixels(m.bitmap)
        .then((pixels) => core.detectFrame(m.frameId, m.kind, pixels))
        .then(
          (r) => post({ type: 'frame-done', frameId: m.frameId, detected: r !== null }),
          () => post({ type: 'frame-done', frameId: m.frameId, detected: false }),
        );
      break;
    case 'load-file':
      void core.loadFile(new Uint8Array(m.bytes), m.name, m.configYaml).then((info) => post({ type: 'file-loaded', name: m.name, info }));
      break;
    case 'time-layers':
      void core.timeLayers();
      break;
    case 'diagnose':
      void gatherEnvironment().then((environment) => post({ type: 'diagnostics', environment }));
      break;
    case 'export-video':
      exportVideo(m);
      break;
    case 'cancel-export':
      exports.get(m.jobId)?.abort();
      break;
  }
};

post({ type: 'ready' });
