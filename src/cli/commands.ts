/**
 * The CLI's commands, separated from process handling so that tests can run
 * them in-process and read what they print.
 */
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { runConvert } from './convert';
import { runInfo } from './info';
import { runOffsets } from './offsets';
import { runPredict } from './predict';
import { runVal } from './val';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** A mistake in the command line itself (the usage is printed after it). */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommandArgs(args: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify.*$/, ''));
  }
}

/** A number option within bounds, or a UsageError naming it. */
export function numberOption(values: Parsed['values'], name: string, fallback: number, min: number, max: number, integer = false): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got '${String(raw)}'`);
  }
  return v;
}

export function stringOption(values: Parsed['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function requireOption(values: Parsed['values'], name: string): string {
  const v = stringOption(values, name);
  if (!v) throw new UsageError(`--${name} is required`);
  return v;
}

export async function runCommand(command: string, args: string[], io: Output): Promise<void> {
  switch (command) {
    case 'info':
      return runInfo(args, io);
    case 'predict':
      return runPredict(args, io);
    case 'val':
      return runVal(args, io);
    case 'convert':
      return runConvert(args, io);
    case 'offsets':
      return runOffsets(args, io);
    default:
      throw new UsageError(`unknown command '${command}' (commands: info, predict, val, convert, offsets)`);
  }
}
