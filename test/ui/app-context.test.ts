/**
 * Panels render in Node over the real engine core and a fake device: the
 * engine and the viewer come from context (app-context.tsx), not from module
 * globals, so what a panel shows is checked against what the core computed.
 */
import type { ReactElement } from 'react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createLocalEngine } from '../../src/runtime/engine-client';
import { EngineCore } from '../../src/runtime/engine-core';
import { DEFAULT_SETTINGS } from '../../src/state/settings';
import { useAppStore } from '../../src/state/store';
import { AppProvider } from '../../src/ui/app-context';
import { bindEngineToStore } from '../../src/ui/engine';
import { LiveSamplingGridPanel } from '../../src/ui/grid/LiveSamplingGridPanel';
import { ModelPanel } from '../../src/ui/ModelPanel';
import { StatusLine } from '../../src/ui/StatusLine';
import { Viewer } from '../../src/ui/viewer/viewer';
import { parseConfigYaml } from '../../src/io/model-config';
import type { BundledModelId } from '../../src/common';
import { LDCONV_YOLOV5N_YAML } from '../../src/model/bundled-configs';
import { FakeDevice } from '../runtime/fake-device';

/** The fake device, with a real architecture behind its models (the model panel tabulates it). */
class ConfiguredDevice extends FakeDevice {
  override async loadBundled(id: BundledModelId) {
    const loaded = await super.loadBundled(id);
    return { ...loaded, info: { ...loaded.info, config: parseConfigYaml(LDCONV_YOLOV5N_YAML) } };
  }
}

/** A stand-in for an ImageBitmap in Node: its size is all the fake device reads. */
const bitmap = (width: number, height: number) => ({ width, height, close: () => undefined }) as unknown as ImageBitmap;

function services() {
  const device = new ConfiguredDevice();
  const engine = createLocalEngine((events) => new EngineCore(device, events, { kind: 'main', reason: 'a Node test' }), {
    pixels: async (frame) => {
      const { width, height } = frame as ImageBitmap;
      return { read: () => ({ width, height, data: new Uint8Array(width * height * 3) }), close: () => undefined };
    },
    diagnose: () => Promise.reject(new Error('no diagnostics in Node')),
    isCancelled: () => false,
  });
  useAppStore.getState().replaceSettings({ ...DEFAULT_SETTINGS, backend: 'wasm', imageSize: 64 });
  const unbind = bindEngineToStore(engine, useAppStore);
  const viewer = new Viewer(engine, useAppStore);
  const render = (panel: () => ReactElement | null) => renderToStaticMarkup(createElement(AppProvider, { services: { engine, viewer }, children: createElement(panel) }));
  return { device, engine, render, unbind };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(check()).toBe(true);
}

describe('panels over the engine core with a fake device', () => {
  it('the status line shows the core\'s backend, model and the frame it detected', async () => {
    const { engine, render, unbind } = services();
    expect(render(StatusLine)).toContain('starting…');
    await until(() => engine.getSnapshot().main !== null && !engine.getSnapshot().busy);
    const result = await engine.detect('still', bitmap(8, 6));
    expect(result?.image).toEqual({ width: 8, height: 6 });
    const html = render(StatusLine);
    expect(html).toContain('label of akconv-ij');
    expect(html).toMatch(/data-testid="backend">wasm</);
    expect(html).toContain('Engine: main thread (a Node test)');
    // The fake device's timings, 1 + 2 + 3 ms, and one frame.
    expect(html).toMatch(/data-testid="latency"><span class="stat-num">1<\/span> \+ <span class="stat-num">2<\/span> \+ <span class="stat-num">3<\/span>/);
    expect(html).toMatch(/data-testid="frame-count">1</);
    unbind();
  });

  it('the model and sampling-grid panels render the loaded model\'s sites', async () => {
    const { engine, render, unbind } = services();
    await until(() => engine.getSnapshot().main !== null);
    // The official LDConv YOLOv5n config the core loaded: its size, and the twin it is compared with (YOLOv5n).
    expect(render(ModelPanel)).toContain('1,655,097 parameters, 4.1 GFLOPs at 640 — plain YOLOv5 twin: 1,872,157 parameters');
    // The fake model's one AKConv (N = 5, layer 8) is what the grid's live badge names.
    expect(render(LiveSamplingGridPanel)).toMatch(/model\.8|layer 8/);
    unbind();
  });
});
