/** Hands a file to the browser's downloads. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // The browser reads the URL when the click is handled; keep it a moment for slow ones.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
