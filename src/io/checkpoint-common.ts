/**
 * Helpers both checkpoint readers (torch zips and safetensors) share.
 */
import type { ModelConfig } from '../common/model-config';
import type { ReadCheckpointOptions } from './checkpoint-types';
import { CheckpointError } from './checkpoint-types';
import { PickleError } from './pickle';
import { SafetensorsError } from './safetensors';
import { ZipError } from './zip';

/** Yields to the event loop between chunks of decoding, so that progress paints and the page stays responsive. */
export const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs f, turning the readers' own errors into CheckpointErrors with the same message. */
export function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ZipError || e instanceof PickleError || e instanceof SafetensorsError) {
      throw new CheckpointError(e.message, { cause: e });
    }
    throw e;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Class names for a file without any: '0', '1', ... */
export function defaultNames(nc: number): string[] {
  return Array.from({ length: nc }, (_, i) => String(i));
}

/**
 * An Ultralytics (YOLOv8+) config: a backbone without YOLOv5's anchors.
 * Checked before the config reader so the user hears what the file is.
 */
export function isUltralyticsConfig(doc: unknown): boolean {
  return isRecord(doc) && doc['anchors'] === undefined && Array.isArray(doc['backbone']);
}

/** Runs the caller's architecture check, if any, and returns the config. */
export function checkedConfig(config: ModelConfig, opts: ReadCheckpointOptions): ModelConfig {
  opts.checkConfig?.(config);
  return config;
}
