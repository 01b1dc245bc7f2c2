/**
 * Constants a layer builds per feature-map size (AKConv's p_0 + p_n, the
 * Detect head's decode columns), kept for the few most recently used sizes.
 *
 * Why bounded: each new input shape (a letterbox of another aspect, another
 * Input size) adds a set of them, and the app meets many shapes over a session
 * (sweeping the Input size from 64 to 1280 once left 1123 tensors, 262 MB,
 * that returning to 320 never freed).
 *
 * Why `SHAPES_KEPT` = 1: the engine's tensors come back to exactly what they
 * were whenever the app comes back to the settings it started from (the
 * seeded soak checks that, docs/soak.md); with more sizes kept, a return to
 * the first size still held the others' sets (four sizes kept: 37 tensors
 * more than at the start). A session works at one shape at a time (live
 * video, a still, the Input size), and rebuilding a dropped set when the shape
 * changes costs one host loop and an upload per layer, small beside the
 * forward pass that needs it (a live source keeps one shape, so it never
 * rebuilds).
 *
 * Why evicting here is safe: a forward pass is synchronous and runs as one job
 * of the engine's scheduler, and one pass uses one size per cache (one input
 * shape), so the entry evicted when a new size comes in belongs to another
 * shape and no op of this pass reads it. No caller keeps a cached tensor
 * beyond the pass: what outlives it (captured positions, outputs) is made by
 * ops from it (new tensors; tfjs counts references to shared data anyway).
 */

/** How many sizes each cache keeps (see above). */
export const SHAPES_KEPT = 1;

/** A least-recently-used map from a size key to its constants, disposing what it drops. */
export class ShapeCache<V> {
  /** In use order: the first entry is the least recently used (a Map keeps insertion order). */
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly release: (value: V) => void,
    private readonly capacity: number = SHAPES_KEPT,
  ) {}

  /** The value for `key`, made by `make` (and the least recently used beyond the capacity released) when absent. */
  get(key: string, make: () => V): V {
    const known = this.entries.get(key);
    if (known !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const value = make();
    this.entries.set(key, value);
    for (const [oldest, stale] of this.entries) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
      this.release(stale);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Releases every value. */
  clear(): void {
    for (const value of this.entries.values()) this.release(value);
    this.entries.clear();
  }
}
