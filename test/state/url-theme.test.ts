import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, THEMES } from '../../src/state/settings';
import { decodeSettings, encodeSettings } from '../../src/state/url';

describe('the theme in the URL', () => {
  it('defaults to auto (not written), and light / dark travel as theme=', () => {
    expect(DEFAULT_SETTINGS.theme).toBe('auto');
    expect(encodeSettings({ ...DEFAULT_SETTINGS, theme: 'auto' })).toBe('');
    for (const theme of THEMES) {
      const { settings, notices } = decodeSettings(encodeSettings({ ...DEFAULT_SETTINGS, theme }));
      expect(settings.theme).toBe(theme);
      expect(notices).toEqual([]);
    }
    expect(encodeSettings({ ...DEFAULT_SETTINGS, theme: 'light' })).toBe('theme=light');
  });

  it('refuses another value with one notice and keeps auto', () => {
    const { settings, notices } = decodeSettings('theme=pink');
    expect(settings.theme).toBe('auto');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/theme/);
  });
});
