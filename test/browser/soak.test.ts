/**
 * The seeded soak (scripts/soak, docs/soak.md) as a CI check: 150 random
 * user actions on the production build, every invariant checked after each.
 * A violation fails the test with the action, the invariant and the actions
 * before it; `npm run soak -- --actions 150 --seed 1` replays the same script
 * and prints the whole summary.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../scripts/soak/runner';

describe('the seeded soak in headless Chromium', () => {
  it('150 random user actions (seed 1) break no invariant', { timeout: 1_500_000 }, async () => {
    const summary = await runSoak({ actions: 150, seed: 1 });
    const ran = Object.values(summary.actionsRun).reduce((a, b) => a + b, 0);
    expect(ran).toBe(150);
    // At least one return to the starting settings was measured besides the first.
    expect(summary.checkpoints.length).toBeGreaterThan(1);
    expect(summary.violations, JSON.stringify(summary.violations, null, 2)).toEqual([]);
  });
});
