/**
 * Saving what the detection panel shows: the annotated frame as a PNG (the
 * panel's own canvas, which is at the source's resolution, so the file is
 * the frame as drawn: masks, boxes and labels included), and the detections
 * as JSON, YOLO labels or COCO results; downloaded or copied to the clipboard.
 */
import type { RefObject } from 'react';
import { useState } from 'react';
import { SAMPLE_PHOTOS } from '../../common/samples';
import type { FrameResult } from '../../runtime/protocol';
import { useAppStore } from '../../state/store';
import { useEngine } from '../app-context';
import { downloadBlob } from '../figure/download';
import type { FrameToSave, ResultFormat } from './result-files';
import { RESULT_FORMATS, resultFileName, resultText } from './result-files';

/** Notices about saving carry this topic: a save that works dismisses an earlier failure. */
const SAVE_TOPIC = 'save';

function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the frame could not be encoded as PNG'))), 'image/png'));
}

async function saveFrame(format: ResultFormat, frame: FrameToSave, canvas: HTMLCanvasElement | null, to: 'file' | 'clipboard'): Promise<void> {
  if (format === 'png') {
    if (!canvas) throw new Error('the frame is not drawn');
    const png = await canvasPng(canvas);
    if (to === 'file') downloadBlob(png, resultFileName(frame.name, format));
    else if (typeof ClipboardItem === 'undefined') throw new Error('this browser cannot put images on the clipboard (it has no ClipboardItem)');
    else await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
    return;
  }
  const { text, type } = resultText(frame, format);
  if (to === 'file') downloadBlob(new Blob([text], { type }), resultFileName(frame.name, format));
  else await navigator.clipboard.writeText(text);
}

/**
 * The file name the frame is saved under: the opened file's, the sample's
 * (so a COCO sample's results carry its COCO image id), else the source's.
 */
function useFrameName(fileName: string | null): string {
  const source = useAppStore((s) => s.settings.source);
  const sample = useAppStore((s) => s.settings.sample);
  return fileName ?? (source === 'sample' ? (SAMPLE_PHOTOS[sample]?.file ?? source) : source);
}

export function SaveResults({ canvas, result, name }: {
  /** The panel's main canvas: the frame and model A's detections, at the source's resolution. */
  canvas: RefObject<HTMLCanvasElement | null>;
  result: FrameResult | null;
  /** The source's file name, when it has one. */
  name: string | null;
}) {
  const [format, setFormat] = useState<ResultFormat>('png');
  const names = useEngine((e) => e.main?.names ?? null);
  const frameName = useFrameName(name);
  const detections = result?.main ?? null;
  const frame: FrameToSave | null = result && detections && names ? { name: frameName, width: result.image.width, height: result.image.height, result: detections, names } : null;
  const save = (to: 'file' | 'clipboard') => {
    if (!frame) return;
    const { notify, resolve } = useAppStore.getState();
    saveFrame(format, frame, canvas.current, to).then(
      () => resolve(SAVE_TOPIC),
      (e: unknown) => notify('error', `The ${format === 'png' ? 'annotated image' : 'detections'} could not be ${to === 'file' ? 'saved' : 'copied'}: ${e instanceof Error ? e.message : String(e)}.`, SAVE_TOPIC),
    );
  };
  return (
    <div className="save-results" role="group" aria-label="Save results" data-testid="save-results">
      <label>
        Save{' '}
        <select value={format} onChange={(e) => setFormat(e.target.value as ResultFormat)} aria-label="Result format">
          {RESULT_FORMATS.map((f) => (
            <option key={f.id} value={f.id}>{f.label}</option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!frame} onClick={() => save('file')}>Download</button>
      <button type="button" disabled={!frame} onClick={() => save('clipboard')}>Copy</button>
    </div>
  );
}
