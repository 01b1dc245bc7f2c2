/** The header's theme choice (settings.theme): auto follows the system, light and dark override it (App applies it: document-theme.ts). */
import type { Theme } from '../state/settings';
import { THEMES } from '../state/settings';
import { useAppStore } from '../state/store';

const THEME_NAMES: Record<Theme, string> = { auto: 'auto (system)', light: 'light', dark: 'dark' };

export function ThemeSelect() {
  const theme = useAppStore((s) => s.settings.theme);
  const update = useAppStore((s) => s.update);
  return (
    <label>
      Theme{' '}
      <select value={theme} onChange={(e) => update({ theme: e.target.value as Theme })} data-testid="theme-select">
        {THEMES.map((t) => (
          <option key={t} value={t}>{THEME_NAMES[t]}</option>
        ))}
      </select>
    </label>
  );
}
