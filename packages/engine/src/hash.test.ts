import { describe, expect, it } from 'vitest';
import { splitBucket } from './hash.js';
import { runFlow } from './run.js';
import { contact, context, flow, node, start } from './testkit.js';

describe('condition.split', () => {
  const doc = flow(
    [node('t', 'trigger.event', { event: 'x' }), node('s', 'condition.split', { percent: 30 })],
    ['t>s'],
  );
  const branchOf = (runId: string) => runFlow(doc, contact(), start(), context({ runId })).steps[1]?.handle;

  it('is deterministic per run and node', () => {
    for (let i = 0; i < 50; i++) {
      expect(branchOf(`run-${i}`)).toBe(branchOf(`run-${i}`));
      expect(splitBucket(`run-${i}`, 's')).toBe(splitBucket(`run-${i}`, 's'));
    }
    expect(splitBucket('run-1', 'a')).not.toBe(splitBucket('run-1', 'b'));
  });

  it('stays within [0, 100)', () => {
    for (let i = 0; i < 1000; i++) {
      const bucket = splitBucket(`r${i}`, `n${i % 7}`);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(100);
    }
  });

  it('sends roughly the configured share to yes, even for sequential run ids', () => {
    let yes = 0;
    const runs = 4000;
    for (let i = 0; i < runs; i++) if (branchOf(`run-${i}`) === 'yes') yes++;
    // 30 % of 4000 = 1200; the bounds are about 6 standard deviations wide.
    expect(yes).toBeGreaterThan(1030);
    expect(yes).toBeLessThan(1370);
  });

  it('spreads buckets evenly over tenths', () => {
    const deciles = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const d = Math.floor(splitBucket(`018f-${i}`, 'split-1') / 10);
      deciles[d] = (deciles[d] ?? 0) + 1;
    }
    for (const count of deciles) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });
});
