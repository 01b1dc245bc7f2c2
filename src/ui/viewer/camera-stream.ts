/**
 * A webcam stream in a video element. The viewer (viewer.ts) is the one
 * owner of which element runs the camera and when a start is superseded;
 * here is only how a stream is opened into an element and how every track of
 * one is stopped, so that no path leaves a track live.
 */

/** Opens the camera (the given device, or any) into `video` and plays it; rejects with the browser's error. */
export async function openCamera(video: HTMLVideoElement, deviceId?: string): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : true, audio: false });
  video.srcObject = stream;
  try {
    await video.play();
  } catch (e) {
    closeCamera(video);
    throw e;
  }
}

/** Stops every track of the element's stream and detaches it. */
export function closeCamera(video: HTMLVideoElement): void {
  const stream = video.srcObject;
  if (stream instanceof MediaStream) stream.getTracks().forEach((t) => t.stop());
  video.srcObject = null;
  video.pause();
}
