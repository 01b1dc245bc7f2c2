import { useEffect } from 'react';
import { useAppStore } from '../state/store';

/**
 * Puts settings.theme on <html data-theme>, which app.css keys its colours
 * on. Called by App, so an embedded panel (no header, no Theme select)
 * follows `theme=` too. Reads the setting and writes none.
 */
export function useDocumentTheme(): void {
  const theme = useAppStore((s) => s.settings.theme);
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
  }, [theme]);
}
