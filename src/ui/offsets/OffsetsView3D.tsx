/**
 * React host of the three.js OffsetsScene: creates it on mount, disposes it
 * on unmount, and passes prop changes through. The scene's callbacks always
 * reach the latest props.
 */
import type { Ref } from 'react';
import { useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { Camera } from '../../state/settings';
import type { OutputPixel, SamplingField } from '../../detect/sampling-field';
import type { HeightMode, PositionsView, SceneImage } from './OffsetsScene';
import { OffsetsScene } from './OffsetsScene';
import { useOnScreen } from './use-on-screen';
import { FullscreenButton } from './FullscreenButton';
import { FigureDownloads } from '../figure/FigureDownloads';

export interface OffsetsView3DHandle {
  resetCamera(): void;
}

export interface OffsetsView3DProps {
  input: SceneImage;
  field: SamplingField | null;
  heightMode: HeightMode;
  view: PositionsView;
  /** Animate the initial / learned switch (off with prefers-reduced-motion). */
  animate: boolean;
  selected: OutputPixel | null;
  camera: Camera;
  onCamera: (camera: Camera) => void;
  onHover: (pixel: OutputPixel | null) => void;
  onSelect: (pixel: OutputPixel) => void;
  label: string;
  ref?: Ref<OffsetsView3DHandle>;
}

export function OffsetsView3D(props: OffsetsView3DProps) {
  const { input, field, heightMode, view, animate, selected, camera, label, ref } = props;
  const host = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const scene = useRef<OffsetsScene | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });

  useImperativeHandle(ref, () => ({ resetCamera: () => scene.current?.resetCamera() }), []);

  // Created once per mount; the effects below bring it up to date.
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let s: OffsetsScene;
    try {
      s = new OffsetsScene(el, {
        camera: latest.current.camera,
        heightMode: latest.current.heightMode,
        view: latest.current.view,
        label: latest.current.label,
        onCamera: (c) => latest.current.onCamera(c),
        onHover: (p) => latest.current.onHover(p),
        onSelect: (p) => latest.current.onSelect(p),
      });
    } catch (e) {
      setError(`The 3D view needs WebGL, which this browser did not give (${e instanceof Error ? e.message : String(e)}).`);
      return;
    }
    scene.current = s;
    setError(null);
    return () => {
      scene.current = null;
      s.dispose();
    };
  }, []);

  // Off screen, a live frame's texture and points wait: the view catches up when it is scrolled to.
  const onScreen = useOnScreen(frame);
  useEffect(() => void (onScreen && scene.current?.setImage(input)), [input, onScreen]);
  useEffect(() => void (onScreen && scene.current?.setField(field)), [field, onScreen]);
  useEffect(() => scene.current?.setHeightMode(heightMode), [heightMode]);
  useEffect(() => scene.current?.setView(view, animate), [view, animate]);
  useEffect(() => scene.current?.setSelected(selected), [selected, field]);
  useEffect(() => scene.current?.setCamera(camera), [camera]);
  useEffect(() => scene.current?.canvas.setAttribute('aria-label', label), [label]);

  return (
    <div className="offsets-3d" ref={frame}>
      <div ref={host} className="offsets-3d-host" />
      <FullscreenButton target={frame} name="3D view" />
      <FigureDownloads name="offsets-3d" label="the 3D view" png={() => scene.current?.snapshot(2)} />
      {error && <p className="offsets-note" role="status">{error}</p>}
    </div>
  );
}
