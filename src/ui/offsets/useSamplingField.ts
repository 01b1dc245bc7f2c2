/**
 * Computes the sampling field of one AKConv site on the current frame, one
 * run at a time: while a run is in flight, newer requests replace each other
 * and only the latest runs next (a webcam gives a frame per display frame;
 * the panel never queues them up).
 */
import { useEffect, useRef, useState } from 'react';
import type { YoloModel } from '../../model/yolo';
import type { ComputedField } from '../../detect/sampling-field';
import { exclusive } from '../../runtime/engine';
import { computeSamplingField } from '../../detect/sampling-field';

export interface FieldInput {
  /** RGB in [0, 1], [height, width, 3] row-major (the letterboxed frame). */
  data: Float32Array;
  width: number;
  height: number;
}

export interface FieldState {
  field: ComputedField | null;
  error: string | null;
  busy: boolean;
}

type Task = () => Promise<void>;

/**
 * @param geometryKey changes whenever the live model's AKConv geometry may
 *   have changed (convention, custom shape), so the field is recomputed.
 */
export function useSamplingField(model: YoloModel | null, input: FieldInput | null, siteName: string | null, geometryKey: string): FieldState {
  const [state, setState] = useState<FieldState>({ field: null, error: null, busy: false });
  const queue = useRef<{ running: boolean; next: Task | null }>({ running: false, next: null });

  useEffect(() => {
    if (!model || !input || !siteName) {
      setState({ field: null, error: null, busy: false });
      return;
    }
    let cancelled = false;
    const task: Task = async () => {
      if (cancelled) return;
      // Let the app apply a geometry change made in the same update first
      // (parents' effects run after this child's).
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (cancelled) return;
      setState((s) => ({ ...s, busy: true }));
      try {
        const field = await exclusive(() => computeSamplingField(model, input, siteName));
        if (!cancelled) setState({ field, error: null, busy: false });
      } catch (e) {
        if (!cancelled) setState({ field: null, error: e instanceof Error ? e.message : String(e), busy: false });
      }
    };
    const q = queue.current;
    if (q.running) {
      q.next = task;
    } else {
      q.running = true;
      void (async () => {
        let t: Task | null = task;
        while (t) {
          await t();
          t = q.next;
          q.next = null;
        }
        q.running = false;
      })();
    }
    return () => {
      cancelled = true;
    };
  }, [model, input, siteName, geometryKey]);

  return state;
}
