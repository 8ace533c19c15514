import { describe, expect, it } from 'vitest';
import { mergeBadges } from './badges.js';
import { cappedBadges, waitingBadges } from './useFlowStats.js';

describe('node badges', () => {
  it('counts held-back sends per step, with the split in the title', () => {
    expect(
      cappedBadges({ cappedByNode: { s1: { skipped: 2, postponed: 1 }, s2: { skipped: 0, postponed: 0 } } }),
    ).toEqual({
      s1: {
        text: '3 held back',
        title: '2 skipped, 1 postponed by frequency caps in the last 30 days',
        tone: 'capped',
      },
    });
    expect(cappedBadges(null)).toEqual({});
  });

  it('keeps every badge of a step that is in several sets', () => {
    const merged = mergeBadges(
      waitingBadges({ waitingByNode: { s1: 1 } }),
      cappedBadges({ cappedByNode: { s1: { skipped: 0, postponed: 1 }, s2: { skipped: 1, postponed: 0 } } }),
    );
    expect(merged.s1?.map((b) => b.text)).toEqual(['1 waiting', '1 held back']);
    expect(merged.s2?.map((b) => b.text)).toEqual(['1 held back']);
  });
});
