/** `akconv info`: the per-layer table and summary of a config or a checkpoint. */
import { extname } from 'node:path';
import { buildArchitecture, formatSummaryTable, summarize } from '../model/architecture';
import type { ModelConfig } from '../model/config';
import { isScale, parseConfigYaml, withScale } from '../model/config';
import type { Output } from './commands';
import { parseCommandArgs, stringOption, UsageError } from './commands';
import { loadCheckpointFile, readInputFile } from './files';

export async function runInfo(args: string[], io: Output): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { scale: { type: 'string' }, json: { type: 'boolean' } });
  const [path, ...extra] = positionals;
  if (!path || extra.length) throw new UsageError('info takes one config (.yaml) or weights file');
  const scale = stringOption(values, 'scale');
  if (scale !== undefined && !isScale(scale)) throw new UsageError(`--scale must be one of n, s, m, l, x, got '${scale}'`);

  let config: ModelConfig;
  if (['.yaml', '.yml'].includes(extname(path).toLowerCase())) {
    const text = new TextDecoder().decode(await readInputFile(path));
    config = parseConfigYaml(text);
  } else {
    config = (await loadCheckpointFile(path)).config;
  }
  if (scale) config = withScale(config, scale);
  const summary = summarize(buildArchitecture(config));
  if (values['json']) {
    const layers = summary.layers.map(({ index, from, n, params, module, arguments: a, output, flops }) => ({
      index,
      from,
      n,
      params,
      module,
      arguments: a,
      output: [output.c, output.h, output.w],
      gflops: flops / 1e9,
    }));
    io.out(`${JSON.stringify({ layers, parameters: summary.parameters, modules: summary.modules, gflops: round1(summary.gflops) })}\n`);
  } else {
    io.out(`${formatSummaryTable(summary)}\n`);
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
