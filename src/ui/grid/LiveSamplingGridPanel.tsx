import { useMemo } from 'react';
import { useEngine } from '../app-context';
import { LiveModelContext } from './live-model';
import { SamplingGridPanel } from './SamplingGridPanel';

/** The sampling-grid panel as the app shows it: told by the engine what the live model runs. */
export function LiveSamplingGridPanel() {
  const convention = useEngine((e) => e.main?.convention ?? null);
  const sites = useEngine((e) => e.main?.sites ?? null);
  const live = useMemo(() => ({ convention, sites }), [convention, sites]);
  return (
    <LiveModelContext.Provider value={live}>
      <SamplingGridPanel />
    </LiveModelContext.Provider>
  );
}
