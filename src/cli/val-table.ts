/**
 * val.py's printed results: the header, the `all` row and, with --verbose,
 * one row per class that has labels, in its printf formats
 * ('%22s' + '%11s' * 6 and '%22s' + '%11i' * 2 + '%11.3g' * 4).
 */
import type { Metrics } from '../detect/metrics';
import { formatG, padStart } from '../detect/py-format';

const HEADER = ['Class', 'Images', 'Instances', 'P', 'R', 'mAP50', 'mAP50-95'];

function row(name: string, images: number, instances: number, values: readonly number[]): string {
  return padStart(name, 22) + padStart(images, 11) + padStart(instances, 11) + values.map((v) => padStart(formatG(v, 3), 11)).join('');
}

export function valTable(m: Metrics, names: readonly string[], verbose: boolean): string {
  const lines = [HEADER.map((h, i) => padStart(h, i ? 11 : 22)).join(''), row('all', m.images, m.labels, [m.precision, m.recall, m.mAP50, m.mAP50_95])];
  if (verbose) {
    for (const c of m.perClass) lines.push(row(names[c.classId] ?? String(c.classId), c.images, c.labels, [c.precision, c.recall, c.ap50, c.ap50_95]));
  }
  return `${lines.join('\n')}\n`;
}
