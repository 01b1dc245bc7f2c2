/**
 * The glue between the store, the engine and a source of frames: keeps the
 * backend and the models loaded as the settings say, and runs detection on
 * whatever the user shows (photo, video frame, webcam frame).
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { DetectResult } from '../../detect/detector';
import { detect } from '../../detect/detector';
import type { RgbImage } from '../../io/image';
import type { BrowserBackend } from '../../runtime/browser-backends';
import { startBackend } from '../../runtime/browser-backends';
import type { LoadedModel } from '../../runtime/engine';
import { applyGeometry, BUNDLED_MODELS, bundledModelUrl, exclusive, fetchBytes, modelFromBytes, warmUp } from '../../runtime/engine';
import type { ModelId } from '../../state/settings';
import { DEFAULT_SETTINGS } from '../../state/settings';
import { useAppStore } from '../../state/store';

export interface DetectorHandle {
  /** The loaded main model and A/B model (null while none). */
  models: React.MutableRefObject<{ main: LoadedModel | null; compare: LoadedModel | null }>;
  /** Detections of the loaded models on one image; null when a run is already in flight. */
  run(image: RgbImage): Promise<{ main: DetectResult | null; compare: DetectResult | null } | null>;
  loadFile(file: File): Promise<void>;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Frees a model once the work queued before it is done (a frame may still be using it). */
const retire = (m: LoadedModel | null): void => {
  if (m) void exclusive(async () => m.model.dispose());
};

export function useDetector(): DetectorHandle {
  const models = useRef<{ main: LoadedModel | null; compare: LoadedModel | null }>({ main: null, compare: null });
  const custom = useRef<LoadedModel | null>(null);
  const backendReady = useRef<Promise<void> | null>(null);
  const running = useRef(false);
  const settings = useAppStore((s) => s.settings);
  const { setRuntime, notify } = useAppStore.getState();

  // Backend: start (again) when the choice changes; tfjs moves the loaded weights to the new backend on first use.
  useEffect(() => {
    const choice = settings.backend === 'auto' ? 'auto' : (settings.backend as BrowserBackend);
    backendReady.current = startBackend(choice)
      .then((status) => {
        setRuntime({ backend: status });
        if (status.fallbackReason) notify('warning', `Running on ${status.backend.toUpperCase()}: ${status.fallbackReason}.`);
      })
      .catch((e) => notify('error', describe(e)));
  }, [settings.backend, setRuntime, notify]);

  const loadBundled = useCallback(
    async (id: ModelId): Promise<LoadedModel | null> => {
      if (id === 'custom') return custom.current;
      const entry = BUNDLED_MODELS.find((m) => m.id === id);
      if (!entry) return null;
      setRuntime({ busy: { label: entry.label, stage: 'download', fraction: 0 } });
      const bytes = await fetchBytes(bundledModelUrl(entry), (f, stage) => setRuntime({ busy: { label: entry.label, stage, fraction: f } }));
      return modelFromBytes(bytes, id, entry.label, null, (f, stage) => setRuntime({ busy: { label: entry.label, stage, fraction: f } }));
    },
    [setRuntime],
  );

  // Main and A/B models follow the settings; a failed load keeps what we had.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      await backendReady.current;
      for (const slot of ['main', 'compare'] as const) {
        const id = slot === 'main' ? settings.model : settings.compare;
        const current = models.current[slot];
        if (!id) {
          if (current !== custom.current) retire(current);
          models.current[slot] = null;
          continue;
        }
        if (current?.id === id) continue;
        if (id === 'custom' && !custom.current) {
          // A link made with the sender's own model file: the file is not in it.
          notify('info', "Links never carry the sender's own model file; opening the default model.");
          useAppStore.getState().update(slot === 'main' ? { model: DEFAULT_SETTINGS.model } : { compare: null });
          return;
        }
        try {
          const loaded = await loadBundled(id);
          if (cancelled || !loaded) {
            loaded?.model.dispose();
            continue;
          }
          if (current !== custom.current) retire(current);
          models.current[slot] = loaded;
          const size = settings.imageSize;
          await exclusive(() => warmUp(loaded.model, size, size, (fraction, stage) => setRuntime({ busy: { label: loaded.label, stage, fraction } })));
        } catch (e) {
          notify('error', `Could not load ${id}: ${describe(e)}. The current model stays.`);
        }
      }
      const main = models.current.main;
      setRuntime({ busy: null, modelLabel: main?.label ?? null, segmentation: main?.model.isSegmentation ?? false, names: main?.names ?? [] });
    })();
    return () => {
      cancelled = true;
    };
  }, [settings.model, settings.compare, settings.imageSize, loadBundled, setRuntime, notify]);

  // The drawn shape and the convention apply to the live models.
  useEffect(() => {
    for (const m of [models.current.main, models.current.compare]) {
      if (!m) continue;
      try {
        applyGeometry(m.model, settings.convention, settings.customShape);
      } catch (e) {
        notify('error', describe(e));
      }
    }
  }, [settings.convention, settings.customShape, notify]);

  const loadFile = useCallback(
    async (file: File) => {
      await backendReady.current;
      try {
        setRuntime({ busy: { label: file.name, stage: 'read', fraction: 0 } });
        const bytes = new Uint8Array(await file.arrayBuffer());
        const loaded = await modelFromBytes(bytes, 'custom', file.name, null, (f, stage) => setRuntime({ busy: { label: file.name, stage, fraction: f } }));
        const previous = new Set([custom.current, models.current.main]);
        custom.current = loaded;
        models.current.main = loaded;
        previous.forEach(retire);
        useAppStore.getState().update({ model: 'custom' });
        setRuntime({ modelLabel: loaded.label, segmentation: loaded.model.isSegmentation, names: loaded.names });
        notify('info', `Loaded ${file.name} (${loaded.model.arch.layers.length} layers).`);
      } catch (e) {
        notify('error', `${file.name}: ${describe(e)} The current model stays.`);
      } finally {
        setRuntime({ busy: null });
      }
    },
    [setRuntime, notify],
  );

  const run = useCallback(async (image: RgbImage) => {
    if (running.current) return null;
    running.current = true;
    try {
      const s = useAppStore.getState().settings;
      const opts = { imageSize: s.imageSize, confThreshold: s.conf, iouThreshold: s.iou, maxDet: s.maxDet, ...(s.classes ? { classes: s.classes } : {}) };
      // The models are read when the job runs: one swapped meanwhile is already retired.
      const { a, b } = await exclusive(async () => {
        const { main, compare } = models.current;
        return { a: main ? await detect(main.model, image, opts) : null, b: compare ? await detect(compare.model, image, opts) : null };
      });
      if (a) useAppStore.getState().setRuntime({ timings: a.timings, inputSize: [a.input.height, a.input.width] });
      return { main: a, compare: b };
    } finally {
      running.current = false;
    }
  }, []);

  // A stable handle: consumers key their effects on it, so a new object per render would loop.
  return useMemo(() => ({ models, run, loadFile }), [run, loadFile]);
}
