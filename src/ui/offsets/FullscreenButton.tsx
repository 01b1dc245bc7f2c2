/** Shows an element full screen (the Fullscreen API); renders nothing where the browser does not offer it. */
import type { RefObject } from 'react';
import { useEffect, useState } from 'react';

export function FullscreenButton({ target, name }: { target: RefObject<HTMLElement | null>; name: string }) {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const follow = () => setActive(!!document.fullscreenElement && document.fullscreenElement === target.current);
    document.addEventListener('fullscreenchange', follow);
    return () => document.removeEventListener('fullscreenchange', follow);
  }, [target]);
  if (typeof document === 'undefined' || !document.fullscreenEnabled) return null;
  const toggle = () => {
    if (active) void document.exitFullscreen();
    else void target.current?.requestFullscreen().catch(() => undefined);
  };
  return (
    <button type="button" className="fullscreen-button" onClick={toggle} aria-pressed={active}>
      {active ? 'Exit full screen' : `Full screen ${name}`}
    </button>
  );
}
