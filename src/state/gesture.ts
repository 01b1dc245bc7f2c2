/**
 * A settings gesture: one user action that changes a setting many times
 * (dragging a slider, holding an arrow key on it). The URL sync writes one
 * history entry for the whole gesture instead of one per change, so Back
 * undoes the drag, not its last pixel.
 */
export interface SettingsGesture {
  /** Whether a gesture is under way. */
  readonly active: boolean;
  /** Counts the gestures begun, so that the sync can tell a new gesture from the current one. */
  readonly serial: number;
  /** Starts a gesture; does nothing while one is under way. */
  begin(): void;
  /** Ends the gesture under way (if any) and tells the listeners. */
  end(): void;
  /** Runs `listener` at the end of every gesture; returns a function that removes it. */
  onEnd(listener: () => void): () => void;
}

export function createSettingsGesture(): SettingsGesture {
  let active = false;
  let serial = 0;
  const listeners = new Set<() => void>();
  return {
    get active() {
      return active;
    },
    get serial() {
      return serial;
    },
    begin() {
      if (active) return;
      active = true;
      serial += 1;
    },
    end() {
      if (!active) return;
      active = false;
      for (const listener of [...listeners]) listener();
    },
    onEnd(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The page's gesture, shared by the controls that drag and the URL sync. */
export const settingsGesture: SettingsGesture = createSettingsGesture();
