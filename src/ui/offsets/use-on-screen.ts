/**
 * Whether an element is in the viewport. The offsets views redraw with every
 * live frame (a texture upload, every sample's point, a WebGL render); below
 * the fold nobody sees that work, so they catch up only when scrolled to.
 * True until the browser says otherwise (the first frame is drawn at once).
 */
import type { RefObject } from 'react';
import { useEffect, useState } from 'react';

export function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) setOnScreen(entry.isIntersecting);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return onScreen;
}
