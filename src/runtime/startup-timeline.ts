/**
 * Where the engine's start-up time goes: the first backend start, model
 * download, checkpoint parse, model build, warm-up and first frame, each
 * recorded once, as epoch milliseconds (`performance.timeOrigin + now()`),
 * because the page and the worker have different time origins and only
 * epoch times can be compared across them (and with the page's navigation).
 * The engine's thread records; the snapshot carries it to the page, where
 * `scripts/bench/first-load.ts` prints the split.
 *
 * Pure apart from the clock, which is injected, so it is tested in Node.
 */
import type { EngineSnapshot, EngineStartup, StartupStage } from './protocol';

export type Clock = () => number;

/** Epoch milliseconds now, comparable between threads. */
export const epochNow: Clock = () => performance.timeOrigin + performance.now();

export class StartupTimeline {
  private readonly spans: EngineStartup['spans'] = [];
  private readonly marks: EngineStartup['marks'] = [];
  private closed = false;
  private view: EngineStartup;

  constructor(
    /** The thread's own start (a worker's time origin is its creation), epoch ms. */
    private readonly threadOrigin: number,
    private readonly clock: Clock = epochNow,
  ) {
    this.view = { threadOrigin, marks: [], spans: [] };
  }

  /** Times `work` as `stage` unless that stage was already timed or start-up is over; the result passes through. */
  async span<T>(stage: StartupStage, work: () => Promise<T> | T): Promise<T> {
    if (this.closed || this.spans.some((s) => s.stage === stage)) return work();
    const start = this.clock();
    try {
      return await work();
    } finally {
      this.record({ stage, start, end: this.clock() });
    }
  }

  /** A moment (a message arriving), once per name while start-up lasts. */
  mark(name: string): void {
    if (this.closed || this.marks.some((m) => m.name === name)) return;
    this.marks.push({ name, at: this.clock() });
    this.refresh();
  }

  /** Start-up is over (the first result went out): nothing more is recorded, so later loads do not blur it. */
  close(): void {
    this.closed = true;
  }

  /**
   * The snapshot with the timeline on it, for the page; the first one that
   * holds a result marks it and ends start-up (the worker and the engine on
   * the page both publish through this).
   */
  stamp(snapshot: EngineSnapshot): EngineSnapshot {
    if (snapshot.latest) {
      this.mark('first-result');
      this.close();
    }
    return { ...snapshot, startup: this.get() };
  }

  /** The same object until something new is recorded (snapshots compare it cheaply). */
  get(): EngineStartup {
    return this.view;
  }

  private record(span: EngineStartup['spans'][number]): void {
    if (this.closed) return;
    this.spans.push(span);
    this.refresh();
  }

  private refresh(): void {
    this.view = { threadOrigin: this.threadOrigin, marks: [...this.marks], spans: [...this.spans] };
  }
}

/** This thread's timeline (the worker's, or the page's when the engine runs there). */
export const startupTimeline = new StartupTimeline(typeof performance === 'undefined' ? 0 : performance.timeOrigin);
