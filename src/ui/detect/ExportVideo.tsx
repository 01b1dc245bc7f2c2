/**
 * An annotated copy of the opened video file (detect.py's saved video):
 * the engine decodes, detects every stride-th frame, draws the boxes and
 * encodes, in its worker (MP4 with H.264 where this browser encodes it, else
 * WebM with VP9 or VP8). Without WebCodecs the page records the frames with
 * MediaRecorder instead (WebM, record-video.ts).
 */
import { useEffect, useRef, useState } from 'react';
import type { VideoExportJob } from '../../runtime/engine-client';
import { useAppStore } from '../../state/store';
import { useEngineHandle } from '../app-context';
import { downloadBlob } from '../figure/download';
import { recordAnnotatedVideo, needsMediaRecorder } from './record-video';
import { fileStem } from './result-files';
import { MAX_STRIDE, parseStride } from './video-stride';

const CODEC_NAMES: Record<string, string> = { avc: 'H.264', vp9: 'VP9', vp8: 'VP8' };

/** Notices about the export carry this topic: an export that works dismisses an earlier failure. */
const EXPORT_TOPIC = 'video-export';

type Progress = { fraction: number; frames: number };

export function ExportVideo({ file }: { file: File }) {
  const engine = useEngineHandle();
  const [strideText, setStrideText] = useState('1');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const job = useRef<VideoExportJob | null>(null);

  // A new file, or leaving the video, cancels an export still running.
  useEffect(() => () => job.current?.cancel(), [file]);

  const start = () => {
    const { notify, resolve } = useAppStore.getState();
    const parsed = parseStride(strideText);
    if ('error' in parsed) {
      notify('error', parsed.error, EXPORT_TOPIC);
      return;
    }
    const onProgress = (fraction: number, frames: number) => setProgress({ fraction, frames });
    const current = needsMediaRecorder() ? recordAnnotatedVideo(engine, file, parsed.stride, onProgress) : engine.exportVideo(file, file.name, parsed.stride, onProgress);
    job.current = current;
    setDone(null);
    setProgress({ fraction: 0, frames: 0 });
    current.done
      .then((video) => {
        if (!video) return setDone('Export cancelled.');
        const name = `${fileStem(file.name)}_annotated.${video.extension}`;
        downloadBlob(new Blob([video.bytes], { type: video.mimeType }), name);
        setDone(`Saved ${name}: ${video.frames} frame${video.frames === 1 ? '' : 's'} with ${video.boxes} box${video.boxes === 1 ? '' : 'es'}, ${video.extension.toUpperCase()} (${CODEC_NAMES[video.codec] ?? video.codec}), ${video.width}x${video.height}.`);
        resolve(EXPORT_TOPIC);
      })
      .catch((e: unknown) => notify('error', `${file.name} could not be exported: ${e instanceof Error ? e.message : String(e)}.`, EXPORT_TOPIC))
      .finally(() => {
        if (job.current === current) job.current = null;
        setProgress(null);
      });
  };

  return (
    <div className="export-video" role="group" aria-label="Export annotated video" data-testid="export-video">
      <label>
        Every{' '}
        <input type="number" min={1} max={MAX_STRIDE} step={1} value={strideText} onChange={(e) => setStrideText(e.target.value)} aria-label="Frame stride" className="stride" /> frame
      </label>
      {progress ? (
        <>
          <progress max={1} value={progress.fraction} aria-label="Export progress" />
          <span data-testid="export-progress">{progress.frames} frames, {Math.round(progress.fraction * 100)}%</span>
          <button type="button" onClick={() => job.current?.cancel()}>Cancel export</button>
        </>
      ) : (
        <button type="button" onClick={start} title="MP4 (H.264) where this browser encodes it, else WebM (VP9 or VP8)">Export annotated video</button>
      )}
      {done && <span className="muted" role="status" data-testid="export-done">{done}</span>}
    </div>
  );
}
