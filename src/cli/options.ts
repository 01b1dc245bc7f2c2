/** Options shared by several commands. */
import type { GridConvention } from '../model/geometry';
import type { Parsed } from './commands';
import { UsageError } from './commands';

export function gridOption(values: Parsed['values']): GridConvention | undefined {
  const v = values['grid'];
  if (v === undefined) return undefined;
  if (v !== 'xy' && v !== 'ij') throw new UsageError(`--grid must be xy or ij, got '${String(v)}'`);
  return v;
}
