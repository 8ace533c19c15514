import { describe, expect, it } from 'vitest';
import { handleLabels, stepOutputs } from './outputs.js';

const abTest = (percents: number[], holdout: number) => ({
  variants: percents.map((percent, i) => ({ name: `Variant ${i}`, percent })),
  holdout,
});

describe('output handles on the canvas', () => {
  it('draws one handle per variant of an A/B test, in order', () => {
    expect(stepOutputs('control.abTest', abTest([45, 45], 10))).toEqual(['A', 'B']);
    expect(stepOutputs('control.abTest', abTest([30, 30, 30], 10))).toEqual(['A', 'B', 'C']);
  });

  it('keeps the catalog handles of other steps, and none for an unknown type', () => {
    expect(stepOutputs('condition.score', { score: 'SCORE', op: '>=', value: 1 })).toEqual(['yes', 'no']);
    expect(stepOutputs('no.such.step', {})).toEqual([]);
  });

  it("labels an A/B test's handles with the variant's share", () => {
    const config = abTest([30, 30, 30], 10);
    expect(handleLabels('control.abTest', config, ['A', 'B', 'C'])).toEqual(['A 30%', 'B 30%', 'C 30%']);
    expect(handleLabels('condition.score', {}, ['yes', 'no'])).toEqual(['yes', 'no']);
  });
});
