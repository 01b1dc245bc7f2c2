/**
 * One job at a time on the device, in submission order, with "latest wins"
 * lanes: a job submitted to a lane replaces the one still waiting in that
 * lane (a webcam frame makes the previous, not yet started frame pointless).
 * Jobs without a lane (a still photo, a seek, a load, a model's disposal,
 * layer timings) are never dropped. Serial execution is what the device
 * needs: a WebGPU warm-up leaves pipelines half-made until it ends, timings
 * need the device alone, and a model disposed by a job queued after the
 * frames that use it is freed only once they are done.
 *
 * Pure: no tfjs, no DOM, so it is tested with fake jobs.
 */

export type Outcome<T> = { ran: true; value: T } | { ran: false };

interface Queued {
  lane: string | null;
  start: () => void;
  drop: () => void;
}

export class Scheduler {
  private readonly waiting: Queued[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];

  /**
   * Queues `job`; resolves with its value once it ran, or with `{ ran: false }`
   * when a later job of the same lane replaced it before it started. A job
   * that throws rejects with its error and the queue goes on.
   */
  run<T>(job: () => Promise<T>, options: { lane?: string } = {}): Promise<Outcome<T>> {
    const lane = options.lane ?? null;
    return new Promise<Outcome<T>>((resolve, reject) => {
      if (lane !== null) this.dropWaiting(lane);
      this.waiting.push({
        lane,
        start: () => {
          Promise.resolve().then(job).then((value) => resolve({ ran: true, value }), reject).finally(() => this.next());
        },
        drop: () => resolve({ ran: false }),
      });
      if (!this.running) this.next();
    });
  }

  /** Jobs waiting to start (the running one excluded). */
  get waitingCount(): number {
    return this.waiting.length;
  }

  get busy(): boolean {
    return this.running;
  }

  /** Resolves once nothing runs or waits. */
  idle(): Promise<void> {
    if (!this.running && !this.waiting.length) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private dropWaiting(lane: string): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const queued = this.waiting[i];
      if (queued?.lane !== lane) continue;
      this.waiting.splice(i, 1);
      queued.drop();
    }
  }

  private next(): void {
    const job = this.waiting.shift();
    this.running = !!job;
    if (job) {
      job.start();
      return;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }
}
