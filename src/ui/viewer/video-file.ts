/**
 * Opens a video file in a fresh, muted video element and waits until its
 * first frame is decoded, so an unplayable file (a WebM cut to its first few
 * KB, a codec this browser lacks) is refused before anything on screen is
 * replaced. Before this, `play()` on such a file never settled: no notice, a
 * dead player at 0:00, and the link already saying `src=video`.
 */

/** A file whose first frame has not decoded by then counts as unplayable. */
export const VIDEO_OPEN_TIMEOUT_MS = 10_000;

/** Said after the reason, in the same sentence (a notice is one sentence). */
const HINT = 'try WebM (VP8/VP9) or MP4 (H.264)';

/** Resolves with the element playing `file` from its start, or rejects with one sentence naming the file. */
export function openVideoFile(file: File, timeoutMs = VIDEO_OPEN_TIMEOUT_MS): Promise<HTMLVideoElement> {
  const video = Object.assign(document.createElement('video'), { muted: true, playsInline: true, preload: 'auto', loop: false });
  const url = URL.createObjectURL(file);
  return new Promise<HTMLVideoElement>((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      closeVideo(video);
      reject(new Error(`${file.name}: ${why}; ${HINT}.`));
    };
    const onData = () => {
      cleanup();
      if (!video.videoWidth || !video.videoHeight) return fail('this browser found no picture in it');
      video.play().then(
        () => resolve(video),
        () => fail('this browser cannot play this video'),
      );
    };
    const onError = () => fail('this browser cannot play this video');
    const timer = setTimeout(() => fail(`no frame of it decoded within ${timeoutMs / 1000} s`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      video.removeEventListener('loadeddata', onData);
      video.removeEventListener('error', onError);
    };
    video.addEventListener('loadeddata', onData);
    video.addEventListener('error', onError);
    video.src = url;
  });
}

/** Stops a video element and frees its file (or camera stream: see camera-stream.ts). */
export function closeVideo(video: HTMLVideoElement): void {
  video.pause();
  const src = video.src;
  video.removeAttribute('src');
  video.load();
  if (src.startsWith('blob:')) URL.revokeObjectURL(src);
  video.remove();
}
