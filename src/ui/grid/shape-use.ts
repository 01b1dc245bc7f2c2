/**
 * What the shape editor says about the shape in use, read against the live
 * model: a drawn shape replaces p_n only in AKConv layers whose num_param
 * equals its point count (yolo.ts setSamplingGeometry), so a 5-point shape
 * on a model whose AKConvs all have N = 3 changes nothing, and saying
 * "In use" there would be wrong.
 */
import type { SiteInfo } from '../../runtime/protocol';

/** Layer names shown per N before "and k more". */
const NAMES_SHOWN = 3;

/** "N = 3 (model.2.m.0.cv2, model.4.m.0.cv2)" for each N the sites have, in order of first appearance. */
export function sitesByN(sites: readonly Pick<SiteInfo, 'name' | 'numParam'>[]): string {
  const groups = new Map<number, string[]>();
  for (const site of sites) groups.set(site.numParam, [...(groups.get(site.numParam) ?? []), site.name]);
  return [...groups]
    .map(([n, names]) => {
      const listed = names.slice(0, NAMES_SHOWN).join(', ');
      const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '';
      return `N = ${n} (${listed}${more})`;
    })
    .join(', ');
}

/**
 * The sentence after the editor's point count.
 * @param points the drawn shape's point count, or null when the model's own p_n is in use
 * @param sites the live model's AKConv layers, or null while no model is loaded
 */
export function shapeUseText(points: number | null, sites: readonly Pick<SiteInfo, 'name' | 'numParam'>[] | null): string {
  if (points === null) return 'In use: the model’s own p_n.';
  const shape = `a ${points}-point shape`;
  if (sites === null) return `In use: ${shape}.`;
  if (sites.length === 0) return `Set: ${shape}, but the live model has no AKConv layer to use it.`;
  const using = sites.filter((s) => s.numParam === points);
  if (using.length === 0) {
    return (
      `Set: ${shape}, but no layer of the live model uses it: its AKConv layers have ${sitesByN(sites)}, ` +
      `and a drawn shape replaces p_n only where N equals its point count.`
    );
  }
  return `In use: ${shape}, in ${sitesByN(using)}.`;
}
