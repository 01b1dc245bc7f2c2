/**
 * Where frames come from: bundled samples, image and video files, the
 * webcam (paste and drop go to the viewer too). Renders the viewer's source;
 * every control calls the viewer, which owns the rules.
 *
 * The buttons come first and the file name last, in a slot that is always
 * there: "Stop camera" used to insert "last camera frame" before the camera
 * button, and "Start camera" jumped away from under the pointer.
 */
import { SAMPLE_PHOTOS } from '../../common/samples';
import { useAppStore } from '../../state/store';
import { useViewer, useViewerHandle } from '../app-context';

export function SourceBar() {
  const viewer = useViewerHandle();
  const sample = useAppStore((s) => s.settings.sample);
  const source = useAppStore((s) => s.settings.source);
  const mirror = useAppStore((s) => s.settings.mirror);
  const live = useViewer((v) => v.live);
  const fileName = useViewer((v) => v.fileName);
  const cameras = useViewer((v) => v.cameras);
  const photo = source === 'sample' ? SAMPLE_PHOTOS[sample] : undefined;
  return (
    <div className="source-bar" role="group" aria-label="Source">
      <label>
        Sample photo{' '}
        <select value={photo ? sample : ''} onChange={(e) => void viewer.showSample(Number(e.target.value))} aria-label="Sample photo">
          {!photo && <option value="">—</option>}
          {SAMPLE_PHOTOS.map((s, i) => (
            <option key={s.file} value={i}>{s.title}</option>
          ))}
        </select>
      </label>
      <label className="file-button">
        Open image or video
        <input type="file" accept="image/*,video/*" onChange={(e) => { const f = e.target.files?.[0]; if (f) void viewer.openFile(f); e.target.value = ''; }} data-testid="image-input" />
      </label>
      {live === 'webcam' ? (
        <button type="button" className="camera-button" onClick={() => viewer.stopCamera()}>Stop camera</button>
      ) : (
        <button type="button" className="camera-button" onClick={() => void viewer.startCamera()}>Start camera</button>
      )}
      {cameras.length > 1 && live === 'webcam' && (
        <label>
          Camera{' '}
          <select defaultValue="" onChange={(e) => void viewer.startCamera(e.target.value)}>
            <option value="" disabled>choose…</option>
            {cameras.map((c) => (
              <option key={c.deviceId} value={c.deviceId}>{c.label}</option>
            ))}
          </select>
        </label>
      )}
      <label>
        <input type="checkbox" checked={mirror} onChange={(e) => useAppStore.getState().update({ mirror: e.target.checked })} /> Mirror camera
      </label>
      {fileName && (source === 'image' || source === 'video') ? (
        <span className="file-name" data-testid="file-name" title={fileName}>{fileName}</span>
      ) : (
        photo && <small className="credit">Photo: {photo.credit}</small>
      )}
    </div>
  );
}
