/** Where frames come from: bundled samples, image and video files, paste, the webcam. */
import type { RefObject } from 'react';
import { useEffect, useState } from 'react';
import { useAppStore } from '../../state/store';
import { startCamera } from './camera';
import type { LiveKind } from './DetectPanel';

export interface Sample {
  file: string;
  title: string;
  credit: string;
}

const SAMPLES_URL = `${import.meta.env.BASE_URL}samples/`;

export function SourceBar({ video, onBlob, onFile, onLive, stopVideo, stopWebcam, live, fileName }: {
  video: RefObject<HTMLVideoElement | null>;
  /** Shows a photo; `source` is the setting to switch to once it decodes. */
  onBlob: (blob: Blob, name: string, source?: 'image') => Promise<void>;
  /** An image or video file the user opened. */
  onFile: (file: File) => void;
  onLive: (kind: LiveKind) => void;
  /** Stops the webcam or video, if one is running. */
  stopVideo: () => void;
  /** The Stop camera button: stops the webcam, keeping its last frame as a still. */
  stopWebcam: () => Promise<void>;
  live: LiveKind;
  /** The opened file's name, shown while it is the source. */
  fileName: string | null;
}) {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [camera, setCamera] = useState('');
  const sample = useAppStore((s) => s.settings.sample);
  const source = useAppStore((s) => s.settings.source);
  const mirror = useAppStore((s) => s.settings.mirror);
  const { update, notify } = useAppStore.getState();

  useEffect(() => {
    fetch(`${SAMPLES_URL}samples.json`)
      .then((r) => r.json() as Promise<Sample[]>)
      .then(setSamples)
      .catch(() => notify('warning', 'The bundled sample photos could not be loaded.'));
  }, [notify]);

  // Show the chosen sample on start and when the choice changes.
  useEffect(() => {
    const s = samples[sample];
    if (!s || source !== 'sample') return;
    void fetch(SAMPLES_URL + s.file)
      .then((r) => r.blob())
      .then((b) => {
        // The user may have opened a file or another sample while this one downloaded.
        const now = useAppStore.getState().settings;
        if (now.source === 'sample' && now.sample === sample) return onBlob(b, s.title);
      });
  }, [samples, sample, source, onBlob]);

  // Paste an image anywhere.
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = [...(e.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) void onBlob(file, file.name || 'pasted image', 'image');
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [onBlob]);

  const startWebcam = async (deviceId?: string) => {
    const v = video.current;
    if (!v) return;
    if (!navigator.mediaDevices?.getUserMedia) {
      notify('error', 'This browser has no camera access (getUserMedia); photos and videos still work.');
      return;
    }
    try {
      stopVideo();
      if (!(await startCamera(v, deviceId))) return;
      update({ source: 'webcam' });
      onLive('webcam');
      setCameras((await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput'));
    } catch (e) {
      const name = (e as DOMException).name;
      notify('error', name === 'NotAllowedError' ? 'Camera access was denied; photos and videos still work.' : name === 'NotFoundError' ? 'No camera was found; photos and videos still work.' : `The camera could not start: ${(e as Error).message}`);
    }
  };

  // The webcam as the source (from a link, or when the panel comes back): start it, with the
  // browser's permission prompt. (A link never names the sender's image or video: the store
  // turns those into a sample when it reads the URL.)
  useEffect(() => {
    if (useAppStore.getState().settings.source === 'webcam') void startWebcam();
    // Once per mount of the panel.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="source-bar" role="group" aria-label="Source">
      <label>
        Sample photo{' '}
        <select value={source === 'sample' ? sample : ''} onChange={(e) => { stopVideo(); update({ source: 'sample', sample: Number(e.target.value) }); }} aria-label="Sample photo">
          {source !== 'sample' && <option value="">—</option>}
          {samples.map((s, i) => (
            <option key={s.file} value={i}>{s.title}</option>
          ))}
        </select>
      </label>
      <label className="file-button">
        Open image or video
        <input type="file" accept="image/*,video/*" onChange={(e) => { const f = e.target.files?.[0]; if (f) onFile(f); e.target.value = ''; }} data-testid="image-input" />
      </label>
      {fileName && (source === 'image' || source === 'video') && <span className="file-name" data-testid="file-name" title={fileName}>{fileName}</span>}
      {live === 'webcam' ? (
        <button type="button" onClick={() => void stopWebcam()}>Stop camera</button>
      ) : (
        <button type="button" onClick={() => void startWebcam(camera || undefined)}>Start camera</button>
      )}
      {cameras.length > 1 && (
        <label>
          Camera{' '}
          <select value={camera} onChange={(e) => { setCamera(e.target.value); void startWebcam(e.target.value); }}>
            {cameras.map((c, i) => (
              <option key={c.deviceId} value={c.deviceId}>{c.label || `Camera ${i + 1}`}</option>
            ))}
          </select>
        </label>
      )}
      <label>
        <input type="checkbox" checked={mirror} onChange={(e) => update({ mirror: e.target.checked })} /> Mirror camera
      </label>
      {source === 'sample' && samples[sample] && <small className="credit">Photo: {samples[sample]?.credit}</small>}
    </div>
  );
}
