import { zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../src/io/checkpoint';
import type { ReadCheckpointOptions } from '../../src/io/checkpoint';
import { CheckpointError, readCheckpoint, ULTRALYTICS_MESSAGE, WEIGHTS_ONLY_MESSAGE } from '../../src/io/checkpoint';
import { readZip } from '../../src/io/zip';
import { ConfigError, parseConfigYaml } from '../../src/io/model-config';
import { buildArchitecture } from '../../src/model/architecture';
import { readFixtureBytes, readFixtureText } from '../helpers/fixtures';

/** As the app reads: with the model's architecture check (a ConfigError for what it cannot build). */
const readChecked = (bytes: Uint8Array, opts: ReadCheckpointOptions = {}): Promise<Checkpoint> =>
  readCheckpoint(bytes, { ...opts, checkConfig: buildArchitecture });

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every file in test/fixtures/checkpoints/bad/ and the one error it must give. */
const CORPUS: { file: string; error: typeof CheckpointError | typeof ConfigError; message: RegExp }[] = [
  { file: 'random.bin', error: CheckpointError, message: /^unknown file format: expected a PyTorch \.pt checkpoint \(a zip\) or a \.safetensors file\.$/ },
  { file: 'notes.txt', error: CheckpointError, message: /^this is a text file, not a model checkpoint/ },
  { file: 'empty.pt', error: CheckpointError, message: /^the file is empty\.$/ },
  { file: 'legacy.pt', error: CheckpointError, message: /^this is a legacy \(pre-1\.6\) PyTorch file, not a zip/ },
  { file: 'no_data_pkl.pt', error: CheckpointError, message: /^the zip holds no data\.pkl, so it is not a PyTorch checkpoint\.$/ },
  { file: 'torchscript.pt', error: CheckpointError, message: /^this is a TorchScript model \(torch\.jit\.save\), which is not supported/ },
  { file: 'unsupported_opcode.pt', error: CheckpointError, message: /^unsupported pickle opcode 0x82 \(EXT1\) at byte \d+\.$/ },
  { file: 'unknown_rebuild.pt', error: CheckpointError, message: /^unsupported pickle global 'torch\._utils\._rebuild_qtensor'/ },
  { file: 'unsupported_module.pt', error: ConfigError, message: /^unsupported module 'C2f' in layer 3; supported: Conv, / },
  { file: 'yolov8.pt', error: CheckpointError, message: new RegExp(`^${escape(ULTRALYTICS_MESSAGE)}$`) },
  { file: 'weights_only.pt', error: CheckpointError, message: new RegExp(`^${escape(WEIGHTS_ONLY_MESSAGE)}$`) },
  { file: 'weights_only.safetensors', error: CheckpointError, message: new RegExp(`^${escape(WEIGHTS_ONLY_MESSAGE)}$`) },
  { file: 'no_model.pt', error: CheckpointError, message: /^the checkpoint holds no model: .*\(it has epoch, best_fitness, optimizer\)\.$/ },
];

describe('readCheckpoint: the architecture check is the caller\'s', () => {
  it('without checkConfig, a config the model cannot build still reads', async () => {
    const ckpt = await readCheckpoint(readFixtureBytes('checkpoints/bad/unsupported_module.pt'));
    expect(ckpt.config.backbone.some((row) => row.module === 'C2f')).toBe(true);
  });

  it('calls checkConfig before decoding any tensor, and lets its error through', async () => {
    const fractions: number[] = [];
    const refusal = new Error('refused by the test');
    const read = readCheckpoint(readFixtureBytes('checkpoints/yolov5n_tiny.pt'), {
      checkConfig: () => {
        throw refusal;
      },
      onProgress: (f) => fractions.push(f),
    });
    await expect(read).rejects.toBe(refusal);
    // 0.15 is where tensor decoding starts (see torch-checkpoint.ts).
    expect(Math.max(...fractions)).toBeLessThanOrEqual(0.15);
  });
});

describe('readCheckpoint: the error corpus (test/fixtures/checkpoints/bad/)', () => {
  it.each(CORPUS)('$file: $message', async ({ file, error, message }) => {
    const err = await readChecked(readFixtureBytes(`checkpoints/bad/${file}`)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(error);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toMatch(/\n/); // one sentence, one line
    expect((err as Error).message).toMatch(/[^.]\.$/); // ends as a sentence: the app appends more after it
  });

  it('damage to a good file: truncation and a flipped byte in tensor data', async () => {
    const good = readFixtureBytes('checkpoints/minimal.state_dict.pt');
    const config = parseConfigYaml(readFixtureText('checkpoints/minimal.yaml'));
    await expect(readChecked(good.subarray(0, good.length >> 1), { config })).rejects.toThrow(
      new CheckpointError('the zip is truncated or corrupted: its end-of-central-directory record is missing'),
    );
    // Flip a byte inside the stored data of model.0.conv.weight's storage (entry data/0).
    const entry = [...readZip(good).entries.values()].find((e) => e.name.endsWith('/data/0'))!;
    const view = new DataView(good.buffer, good.byteOffset, good.byteLength);
    const start = entry.localHeaderOffset + 30 + view.getUint16(entry.localHeaderOffset + 26, true) + view.getUint16(entry.localHeaderOffset + 28, true);
    const flipped = good.slice();
    flipped[start + 5] = (flipped[start + 5] as number) ^ 0x10;
    await expect(readChecked(flipped, { config })).rejects.toThrow(/^the zip is corrupted: entry '.*' fails its CRC-32 check\.$/);
  });

  it('names a YOLOv8 config in a safetensors file', async () => {
    const { writeSafetensors } = await import('../../src/io/safetensors');
    const v8 = { nc: 80, backbone: [[-1, 1, 'Conv', [64, 3, 2]], [-1, 3, 'C2f', [128, true]]], head: [[[1], 1, 'Detect', ['nc']]] };
    const bytes = writeSafetensors(new Map([['model.0.conv.weight', { shape: [1], data: new Float32Array(1) }]]), { config: JSON.stringify(v8) });
    await expect(readChecked(bytes)).rejects.toThrow(new CheckpointError(ULTRALYTICS_MESSAGE));
  });
});

/** mulberry32: a small seeded PRNG, so that the fuzz cases are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = { kind: 'loaded'; ckpt: Checkpoint } | { kind: 'error'; name: string; message: string } | { kind: 'bad'; what: string };

const FUZZ_TIMEOUT_MS = 5_000;

/** Reads with a time limit; a rejection must be an Error subclass (not a bare Error) with a message. */
async function attempt(bytes: Uint8Array): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'bad', what: 'timed out' }), FUZZ_TIMEOUT_MS);
  });
  const run = readChecked(bytes).then(
    (ckpt): Outcome => ({ kind: 'loaded', ckpt }),
    (e: unknown): Outcome =>
      e instanceof Error && e.message.length > 0 && e.constructor !== Error
        ? { kind: 'error', name: e.name, message: e.message }
        : { kind: 'bad', what: `threw ${e instanceof Error ? `a bare ${e.name}` : typeof e}: ${String(e)}` },
  );
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function summarise(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.kind === 'error' ? `${o.name}: ${o.message.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N')}` : o.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function sameAs(a: Checkpoint, b: Checkpoint): boolean {
  if (JSON.stringify([a.config, a.names, a.strides, a.source]) !== JSON.stringify([b.config, b.names, b.strides, b.source])) return false;
  if (a.weights.size !== b.weights.size) return false;
  for (const [name, t] of b.weights) {
    const u = a.weights.get(name);
    if (!u || u.data.length !== t.data.length || u.data.some((v, i) => !Object.is(v, t.data[i]))) return false;
  }
  return true;
}

describe('readCheckpoint: fuzz (seeded, deterministic) on yolov5n_tiny.pt', () => {
  const good = readFixtureBytes('checkpoints/yolov5n_tiny.pt');
  let original: Checkpoint;

  beforeAll(async () => {
    original = await readChecked(good);
  });

  /** No bad outcomes, and a file that still loads loads the original model: the CRC leaves no silent damage. */
  function check(label: string, outcomes: Outcome[], mustBeIntact: boolean): void {
    console.log(`${label}:`, summarise(outcomes));
    expect(outcomes.filter((o) => o.kind === 'bad')).toEqual([]);
    // Not just any Error: the reader's own classes, each with a one-line message.
    for (const o of outcomes) {
      if (o.kind !== 'error') continue;
      expect(['CheckpointError', 'ConfigError']).toContain(o.name);
      expect(o.message).not.toMatch(/\n/);
      expect(o.message).toMatch(/[^.]\.$/);
    }
    if (mustBeIntact) {
      const changed = outcomes.filter((o) => o.kind === 'loaded' && !sameAs(o.ckpt, original)).length;
      expect(changed, 'files that loaded with different contents').toBe(0);
    }
  }

  it('200 random truncations each load or throw an Error subclass with a message', async () => {
    const rand = prng(20261128);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 200; i++) outcomes.push(await attempt(good.slice(0, Math.floor(rand() * good.length))));
    check('truncations', outcomes, true);
    expect(outcomes.every((o) => o.kind === 'error')).toBe(true);
  });

  it('200 random byte flips each load (unchanged) or throw an Error subclass with a message', async () => {
    const rand = prng(1128);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 200; i++) {
      const bytes = good.slice();
      const at = Math.floor(rand() * bytes.length);
      bytes[at] = (bytes[at] as number) ^ (1 + Math.floor(rand() * 255));
      outcomes.push(await attempt(bytes));
    }
    check('byte flips', outcomes, true);
  });

  it('200 byte flips in the zip headers and central directory (not covered by the CRC)', async () => {
    const rand = prng(7);
    const outcomes: Outcome[] = [];
    const directory = 20_000; // the central directory and end records are the last ~16 KB
    for (let i = 0; i < 200; i++) {
      const bytes = good.slice();
      const at = i % 2 ? good.length - 1 - Math.floor(rand() * directory) : Math.floor(rand() * 128);
      bytes[at] = (bytes[at] as number) ^ (1 + Math.floor(rand() * 255));
      outcomes.push(await attempt(bytes));
    }
    check('header flips', outcomes, true);
  });

  it('200 byte flips inside data.pkl, re-zipped with a valid CRC (the pickle machine on garbage)', async () => {
    const entries = readZip(good).readAll();
    const pklName = [...entries.keys()].find((n) => n.endsWith('/data.pkl'))!;
    const pkl = entries.get(pklName)!;
    const rand = prng(99);
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 200; i++) {
      const damaged = pkl.slice();
      for (let k = 0; k < 1 + (i % 3); k++) {
        const at = Math.floor(rand() * damaged.length);
        damaged[at] = (damaged[at] as number) ^ (1 + Math.floor(rand() * 255));
      }
      const files: Zippable = {};
      for (const [name, data] of entries) files[name] = [name === pklName ? damaged : data, { level: 0 }];
      outcomes.push(await attempt(zipSync(files)));
    }
    check('pickle flips', outcomes, false);
  });
});
