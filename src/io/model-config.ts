/**
 * Reading and writing YOLOv5 model configs: the YAML format of the seed
 * (`nc`, `depth_multiple`, `width_multiple`, `anchors`, `backbone` / `head`
 * rows of `[from, number, module, args]`), the same dict as a checkpoint
 * stores it, or JSON from safetensors metadata; checked into plain data.
 * Whether the model can build every row is the model's question
 * (`buildArchitecture`), not this reader's.
 */
import { SentenceError } from './sentence-error';
import { load as loadYaml } from 'js-yaml';
import type { ArgValue, ConfigRow, ModelConfig } from '../common/model-config';

export class ConfigError extends SentenceError {
  override name = 'ConfigError';
}

/** Parses a YOLOv5 YAML config (text) into a checked ModelConfig. */
export function parseConfigYaml(text: string): ModelConfig {
  let doc: unknown;
  try {
    doc = loadYaml(text);
  } catch (e) {
    throw new ConfigError(`the model config is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return configFromObject(doc);
}

/**
 * Checks a config given as an object (the dict YOLOv5 stores as `model.yaml`
 * in checkpoints, or JSON from safetensors metadata) and returns it typed.
 */
export function configFromObject(doc: unknown): ModelConfig {
  if (!isRecord(doc)) throw new ConfigError('the model config must be a mapping with nc, anchors, backbone and head');
  const nc = requireNumber(doc, 'nc');
  if (!Number.isInteger(nc) || nc < 1) throw new ConfigError(`nc must be a positive integer, got ${nc}`);
  const depthMultiple = requireNumber(doc, 'depth_multiple');
  const widthMultiple = requireNumber(doc, 'width_multiple');
  if (!(depthMultiple > 0) || !(widthMultiple > 0)) {
    throw new ConfigError('depth_multiple and width_multiple must be positive numbers');
  }
  const ch = doc['ch'] === undefined ? 3 : requireNumber(doc, 'ch');
  return {
    nc,
    depthMultiple,
    widthMultiple,
    anchors: parseAnchors(doc['anchors']),
    backbone: parseRows(doc['backbone'], 'backbone'),
    head: parseRows(doc['head'], 'head'),
    ch,
  };
}

/** The config as YOLOv5 writes it (snake_case keys), e.g. for safetensors metadata. */
export function configToObject(cfg: ModelConfig): Record<string, unknown> {
  const row = (r: ConfigRow): unknown[] => [r.from, r.number, r.module, r.args];
  return {
    nc: cfg.nc,
    depth_multiple: cfg.depthMultiple,
    width_multiple: cfg.widthMultiple,
    anchors: cfg.anchors,
    backbone: cfg.backbone.map(row),
    head: cfg.head.map(row),
    ch: cfg.ch,
  };
}

function parseAnchors(value: unknown): number[][] | number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError('anchors must be a list of per-level (w, h) lists, or a count');
  }
  return value.map((level, i) => {
    if (!Array.isArray(level) || level.length === 0 || level.length % 2 !== 0 || !level.every(isFiniteNumber)) {
      throw new ConfigError(`anchors level ${i} must be an even-length list of numbers`);
    }
    return level.map(Number);
  });
}

function parseRows(value: unknown, section: string): ConfigRow[] {
  if (!Array.isArray(value)) throw new ConfigError(`${section} must be a list of [from, number, module, args] rows`);
  return value.map((row, i) => {
    const where = `${section} row ${i}`;
    if (!Array.isArray(row) || row.length !== 4) throw new ConfigError(`${where} must be [from, number, module, args]`);
    const [from, number, module, args] = row as unknown[];
    const fromOk = isInteger(from) || (Array.isArray(from) && from.length > 0 && from.every(isInteger));
    if (!fromOk) throw new ConfigError(`${where}: 'from' must be an integer or a list of integers`);
    if (!isInteger(number) || number < 1) throw new ConfigError(`${where}: 'number' must be a positive integer`);
    if (typeof module !== 'string' || module === '') throw new ConfigError(`${where}: 'module' must be a name`);
    if (!Array.isArray(args) || !args.every(isArgValue)) {
      throw new ConfigError(`${where}: 'args' must be a list of numbers, strings, booleans, nulls or lists`);
    }
    return { from: from as number | number[], number, module, args: args as ArgValue[] };
  });
}

function requireNumber(doc: Record<string, unknown>, key: string): number {
  const v = doc[key];
  if (!isFiniteNumber(v)) throw new ConfigError(`the model config needs a number '${key}'`);
  return v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function isArgValue(v: unknown): v is ArgValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || isFiniteNumber(v)) return true;
  return Array.isArray(v) && v.every(isArgValue);
}
