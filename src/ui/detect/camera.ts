/**
 * The one owner of the webcam's MediaStream. Starting stops the previous
 * stream first, and a start that resolves after a stop (or after a newer
 * start) stops its own stream at once, so no sequence of clicks, panel
 * toggles or source switches leaves a track live.
 */

let stream: MediaStream | null = null;
/** Bumped by every start and stop; a start whose turn has passed gives its stream back. */
let turn = 0;

/** Opens the camera (the given device, or any) into `video`; resolves false when a later start or stop superseded it. */
export async function startCamera(video: HTMLVideoElement, deviceId?: string): Promise<boolean> {
  stopCamera(video);
  const mine = ++turn;
  const opened = await navigator.mediaDevices.getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : true, audio: false });
  if (mine !== turn || !video.isConnected) {
    opened.getTracks().forEach((t) => t.stop());
    return false;
  }
  stream = opened;
  video.srcObject = opened;
  try {
    await video.play();
  } catch (e) {
    // A stop or a new source interrupted play(): not an error when it was superseded.
    if (mine !== turn) return false;
    throw e;
  }
  return mine === turn;
}

/** Stops the camera's tracks and detaches it from `video` (when given). */
export function stopCamera(video?: HTMLVideoElement | null): void {
  turn++;
  stream?.getTracks().forEach((t) => t.stop());
  stream = null;
  if (video?.srcObject) {
    video.pause();
    video.srcObject = null;
  }
}

export function cameraRunning(): boolean {
  return stream !== null;
}
