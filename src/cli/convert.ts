/** `akconv convert IN.pt OUT.safetensors [--fp32] [--grid xy|ij]` */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DEFAULT_CONVENTION } from '../common/geometry';
import { checkpointMetadata } from '../io/checkpoint-metadata';
import { writeSafetensors } from '../io/safetensors';
import type { Output } from './commands';
import { parseCommandArgs, UsageError } from './commands';
import { gridOption } from './options';
import { InputError, loadCheckpointFile } from './files';

export async function runConvert(args: string[], io: Output): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { fp32: { type: 'boolean' }, grid: { type: 'string' } });
  const [input, output, ...extra] = positionals;
  if (!input || !output || extra.length) throw new UsageError('convert takes IN (.pt or .safetensors) and OUT.safetensors');
  if (!output.toLowerCase().endsWith('.safetensors')) throw new UsageError(`the output must end in .safetensors, got '${output}'`);
  const ckpt = await loadCheckpointFile(input);
  const convention = gridOption(values) ?? ckpt.convention ?? DEFAULT_CONVENTION;
  const dtype = values['fp32'] ? 'F32' : 'F16';
  // Provenance: which file this came from, byte for byte.
  const sha256 = createHash('sha256').update(await readFile(input)).digest('hex');
  const provenance = JSON.stringify({ source: basename(input), source_sha256: sha256, source_format: ckpt.format, source_entry: ckpt.source, made_by: 'akconv convert', dtype });
  const bytes = writeSafetensors(ckpt.weights, checkpointMetadata({ ...ckpt, convention }, { provenance }), dtype);
  try {
    await writeFile(output, bytes);
  } catch (e) {
    throw new InputError(`${output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  io.out(`${ckpt.weights.size} tensors (${dtype}, AKConv grid ${convention}) to ${output}, ${(bytes.byteLength / 1e6).toFixed(1)} MB\n`);
}
