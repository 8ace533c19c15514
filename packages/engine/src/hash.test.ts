import { describe, expect, it } from 'vitest';
import { splitBucket } from './hash.js';
import { runFlow } from './run.js';
import { contact, context, flow, node, start } from './testkit.js';

describe('condition.split', () => {
  const doc = flow(
    [node('t', 'trigger.event', { event: 'x' }), node('s', 'condition.split', { percent: 30 })],
    ['t>s'],
  );
  const branchOf = (contactId: string, flowId = 'flow-1') =>
    runFlow(doc, contact({ id: contactId }), start(), context({ flowId })).steps[1]?.handle;

  it('gives a contact the same branch every time, and depends on the flow, the contact and the node', () => {
    for (let i = 0; i < 50; i++) {
      expect(branchOf(`contact-${i}`)).toBe(branchOf(`contact-${i}`));
      expect(splitBucket('flow-1', `contact-${i}`, 's')).toBe(splitBucket('flow-1', `contact-${i}`, 's'));
    }
    expect(splitBucket('flow-1', 'c1', 'a')).not.toBe(splitBucket('flow-1', 'c1', 'b'));
    expect(splitBucket('flow-1', 'c1', 's')).not.toBe(splitBucket('flow-2', 'c1', 's'));
    expect(splitBucket('flow-1', 'c1', 's')).not.toBe(splitBucket('flow-1', 'c2', 's'));
    // The parts are kept apart: ("a:b", "c") is not ("a", "b:c").
    expect(splitBucket('f', 'a:b', 's')).not.toBe(splitBucket('f:a', 'b', 's'));
  });

  it('assigns contacts independently in different flows', () => {
    // A contact in the yes group of one test is no likelier to be in the yes group of another.
    let both = 0;
    for (let i = 0; i < 4000; i++) {
      if (branchOf(`contact-${i}`, 'flow-a') === 'yes' && branchOf(`contact-${i}`, 'flow-b') === 'yes')
        both++;
    }
    // 30 % x 30 % of 4000 = 360; about 6 standard deviations either side.
    expect(both).toBeGreaterThan(250);
    expect(both).toBeLessThan(470);
  });

  it('stays within [0, 100)', () => {
    for (let i = 0; i < 1000; i++) {
      const bucket = splitBucket('flow-1', `c${i}`, `n${i % 7}`);
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(100);
    }
  });

  it('sends roughly the configured share to yes, even for sequential contact ids', () => {
    let yes = 0;
    const contacts = 4000;
    for (let i = 0; i < contacts; i++) if (branchOf(`contact-${i}`) === 'yes') yes++;
    // 30 % of 4000 = 1200; the bounds are about 6 standard deviations wide.
    expect(yes).toBeGreaterThan(1030);
    expect(yes).toBeLessThan(1370);
  });

  it('spreads buckets evenly over tenths', () => {
    const deciles = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const d = Math.floor(splitBucket('018f-flow', `018f-${i}`, 'split-1') / 10);
      deciles[d] = (deciles[d] ?? 0) + 1;
    }
    for (const count of deciles) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });
});
