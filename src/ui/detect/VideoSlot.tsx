/**
 * Shows the viewer's video element (the opened video file, with its own
 * controls) in the detection panel while the panel is on screen; when the
 * panel goes, the element goes back to the viewer, still playing.
 */
import { useLayoutEffect, useRef } from 'react';
import { useViewerHandle } from '../app-context';

export function VideoSlot({ video }: { video: HTMLVideoElement }) {
  const viewer = useViewerHandle();
  const slot = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = slot.current;
    if (!el) return;
    video.controls = true;
    video.className = 'source-video';
    video.setAttribute('aria-label', 'Video source');
    el.append(video);
    return () => {
      video.controls = false;
      viewer.parkVideo(video);
    };
  }, [video, viewer]);
  return <div ref={slot} className="video-slot" />;
}
