/**
 * A YOLOv5 model config as plain data: what the YAML (or a checkpoint's
 * `yaml` dict, or safetensors `config` metadata) says, after checking. The
 * reader is `src/io/model-config.ts`; the model builds from it.
 */

/** A value in a config row's argument list, as YAML gives it. */
export type ArgValue = number | string | boolean | null | ArgValue[];

/** One `[from, number, module, args]` row. */
export interface ConfigRow {
  from: number | number[];
  number: number;
  module: string;
  args: ArgValue[];
}

export interface ModelConfig {
  nc: number;
  depthMultiple: number;
  widthMultiple: number;
  /** Per detection level: anchor (w, h) pairs in pixels, or a count per level. */
  anchors: number[][] | number;
  backbone: ConfigRow[];
  head: ConfigRow[];
  /** Input channels (3 unless the config says otherwise). */
  ch: number;
}
