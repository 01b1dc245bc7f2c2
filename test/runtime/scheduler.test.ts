import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/runtime/scheduler';

/** A job that finishes when the test says so, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const job = async () => {
    log.push(`start ${name}`);
    await opened;
    log.push(`end ${name}`);
    return name;
  };
  return { job, open };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('Scheduler', () => {
  it('runs one job at a time, in submission order', async () => {
    const s = new Scheduler();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const pa = s.run(a.job);
    const pb = s.run(b.job);
    await tick();
    expect(log).toEqual(['start a']);
    b.open();
    await tick();
    expect(log).toEqual(['start a']);
    a.open();
    expect(await pa).toEqual({ ran: true, value: 'a' });
    expect(await pb).toEqual({ ran: true, value: 'b' });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('keeps only the latest waiting frame of a lane; the running one finishes', async () => {
    const s = new Scheduler();
    const log: string[] = [];
    const frames = ['f1', 'f2', 'f3', 'f4'].map((n) => gate(log, n));
    const outcomes = frames.map((f) => s.run(f.job, { lane: 'webcam' }));
    frames.forEach((f) => f.open());
    const results = await Promise.all(outcomes);
    expect(results.map((r) => r.ran)).toEqual([true, false, false, true]);
    expect(log).toEqual(['start f1', 'end f1', 'start f4', 'end f4']);
  });

  it('never drops a still photo or a seek, whatever frames arrive around them', async () => {
    const s = new Scheduler();
    const log: string[] = [];
    const live1 = gate(log, 'live1');
    const still = gate(log, 'still');
    const seek = gate(log, 'seek');
    const live2 = gate(log, 'live2');
    const outcomes = [s.run(live1.job, { lane: 'video' }), s.run(still.job), s.run(seek.job), s.run(live2.job, { lane: 'video' })];
    [live1, still, seek, live2].forEach((g) => g.open());
    const results = await Promise.all(outcomes);
    expect(results.every((r) => r.ran)).toBe(true);
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start live1', 'start still', 'start seek', 'start live2']);
  });

  it('lanes are independent: a main-model frame does not replace an offsets job', async () => {
    const s = new Scheduler();
    const log: string[] = [];
    const busy = gate(log, 'busy');
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const outcomes = [s.run(busy.job), s.run(a.job, { lane: 'frame' }), s.run(b.job, { lane: 'timing' })];
    [busy, a, b].forEach((g) => g.open());
    expect((await Promise.all(outcomes)).map((r) => r.ran)).toEqual([true, true, true]);
  });

  it('frees a model only after the work queued on it', async () => {
    const s = new Scheduler();
    const log: string[] = [];
    const frame = gate(log, 'frame on old model');
    const still = gate(log, 'still on old model');
    const pf = s.run(frame.job, { lane: 'webcam' });
    const ps = s.run(still.job);
    const disposed = s.run(async () => {
      log.push('dispose old model');
    });
    still.open();
    frame.open();
    await Promise.all([pf, ps, disposed]);
    expect(log.indexOf('dispose old model')).toBe(log.length - 1);
    expect(log.indexOf('end still on old model')).toBeLessThan(log.indexOf('dispose old model'));
  });

  it('goes on after a job that throws, and reports its error to its caller only', async () => {
    const s = new Scheduler();
    const failed = s.run(async () => {
      throw new Error('the model file is truncated');
    });
    const sync = s.run(() => {
      throw new Error('thrown before any await');
    });
    const after = s.run(async () => 'after');
    await expect(failed).rejects.toThrow('the model file is truncated');
    await expect(sync).rejects.toThrow('thrown before any await');
    expect(await after).toEqual({ ran: true, value: 'after' });
    await s.idle();
    expect(s.busy).toBe(false);
    expect(s.waitingCount).toBe(0);
  });
});
