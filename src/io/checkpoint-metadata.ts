/**
 * The safetensors metadata that makes a weights file self-describing: the
 * architecture (YOLOv5 config as JSON), class names, strides and the AKConv
 * grid convention, as `refcli.py export` writes them.
 */
import type { ModelConfig } from '../common/model-config';
import { configToObject } from './model-config';
import type { GridConvention } from '../common/geometry';
import { DEFAULT_CONVENTION } from '../common/geometry';

export interface ModelDescription {
  config: ModelConfig;
  names: string[];
  strides: number[] | null;
  convention: GridConvention | null;
}

export function checkpointMetadata(model: ModelDescription, extra: Record<string, string> = {}): Record<string, string> {
  const meta: Record<string, string> = {
    config: JSON.stringify(configToObject(model.config)),
    names: JSON.stringify(model.names),
    indexing: model.convention ?? DEFAULT_CONVENTION,
    bn_eps: '0.001',
    ...extra,
  };
  if (model.strides) meta['stride'] = JSON.stringify(model.strides);
  return meta;
}
