/** Options shared by several commands. */
import type { GridConvention } from '../common/geometry';
import { isGridConvention } from '../common/geometry';
import type { Parsed } from './commands';
import { UsageError } from './commands';

export function gridOption(values: Parsed['values']): GridConvention | undefined {
  const v = values['grid'];
  if (v === undefined) return undefined;
  if (!isGridConvention(v)) throw new UsageError(`--grid must be xy or ij, got '${String(v)}'`);
  return v;
}
