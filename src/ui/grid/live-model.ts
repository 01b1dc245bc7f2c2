/**
 * What the grid panel knows of the live model: the convention its AKConvs
 * run with and its AKConv layers, as the engine reports them. A context, so
 * the panel's views stay free of the engine (they render in Node tests with
 * the empty default) and the badge and the editor's "In use" follow the
 * model, not the view's settings.
 */
import { createContext, useContext } from 'react';
import type { GridConvention } from '../../common/geometry';
import type { SiteInfo } from '../../runtime/protocol';

export interface LiveModel {
  /** The convention the live model's AKConvs run with; null while none is loaded or when it has no AKConv. */
  convention: GridConvention | null;
  /** Its AKConv layers; null while no model is loaded. */
  sites: readonly SiteInfo[] | null;
}

export const LiveModelContext = createContext<LiveModel>({ convention: null, sites: null });

export function useLiveModel(): LiveModel {
  return useContext(LiveModelContext);
}
