/** Which panels are on screen: the embedded one alone (`embed=grid`), or the ones switched on. */
import type { PanelId, Settings } from './settings';

export function shownPanels(s: Pick<Settings, 'panels' | 'embed'>): readonly PanelId[] {
  return s.embed ? [s.embed] : s.panels;
}
