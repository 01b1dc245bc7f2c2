/**
 * Model downloads started before their load job runs: the engine learns
 * which model it wants with its first settings, but the load waits on the
 * scheduler behind the backend start (wasm compile). Starting the download
 * then lets the two overlap; the load takes the bytes when its turn comes.
 *
 * Download progress goes to whoever takes the download (the load's progress
 * bar), from the moment it is taken. Few are kept: settings can name models
 * that are never loaded (superseded by a later choice), and each holds a
 * file's bytes until taken.
 *
 * Pure apart from the fetch, which is injected, so it is tested in Node.
 */
import type { OnProgress } from './device';

export type FetchWithProgress = (onProgress: OnProgress) => Promise<Uint8Array>;

/** Main and compare: more than that waiting means a choice was superseded. */
export const KEPT_PREFETCHES = 2;

interface Pending {
  bytes: Promise<Uint8Array>;
  listener: OnProgress | null;
}

export class ModelPrefetch<K> {
  private readonly pending = new Map<K, Pending>();

  /** Starts downloading `key` unless it already is; the oldest beyond KEPT_PREFETCHES is let go. */
  start(key: K, fetch: FetchWithProgress): void {
    if (this.pending.has(key)) return;
    const entry: Pending = { bytes: Promise.resolve(new Uint8Array()), listener: null };
    entry.bytes = fetch((fraction, stage) => entry.listener?.(fraction, stage));
    // A download nobody takes must not surface as an unhandled rejection; the one who takes it sees the error.
    entry.bytes.catch(() => undefined);
    this.pending.set(key, entry);
    for (const old of this.pending.keys()) {
      if (this.pending.size <= KEPT_PREFETCHES) break;
      this.pending.delete(old);
    }
  }

  /** The download started for `key` (now taken: a later load downloads anew), or a new one. */
  take(key: K, onProgress: OnProgress, fetch: FetchWithProgress): Promise<Uint8Array> {
    const entry = this.pending.get(key);
    if (!entry) return fetch(onProgress);
    this.pending.delete(key);
    entry.listener = onProgress;
    return entry.bytes;
  }

  /** Keys downloading or downloaded and not yet taken (tests). */
  keys(): K[] {
    return [...this.pending.keys()];
  }
}
