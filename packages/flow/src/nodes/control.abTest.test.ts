import { describe, expect, it } from 'vitest';
import { nodeOutputs, parseNodeConfig } from '../catalog.js';
import { doc, edge, node, withCode } from '../testing/builders.js';
import { validateFlow } from '../validation/validate.js';
import { AB_TEST_HANDLES, abTestBranch, HOLDOUT_BRANCH } from './control.abTest.js';

const threeWay = {
  variants: [
    { name: 'Price', percent: 30 },
    { name: 'Plain', percent: 30 },
    { name: 'Emoji', percent: 30 },
  ],
  holdout: 10,
};

describe('A/B test config', () => {
  it('refuses shares that do not add up to 100, at the variants, saying the sum', () => {
    const parsed = parseNodeConfig('control.abTest', {
      variants: [{ percent: 40 }, { percent: 40 }],
      holdout: 10,
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues).toEqual([
      expect.objectContaining({
        path: ['variants'],
        message: 'The variants and the holdout add up to 90%; make them 100%',
      }),
    ]);
  });

  it('takes shares with fractions that add up to 100, and no holdout', () => {
    const config = { variants: [{ percent: 33.3 }, { percent: 33.3 }, { percent: 33.4 }], holdout: 0 };
    expect(parseNodeConfig('control.abTest', config).success).toBe(true);
  });

  it('needs two to five variants', () => {
    expect(parseNodeConfig('control.abTest', { variants: [{ percent: 100 }], holdout: 0 }).success).toBe(
      false,
    );
    const six = Array.from({ length: 6 }, () => ({ percent: 10 }));
    expect(parseNodeConfig('control.abTest', { variants: six, holdout: 40 }).success).toBe(false);
  });
});

describe('abTestBranch', () => {
  it('gives the lowest buckets to the holdout, then each variant in order', () => {
    expect(abTestBranch(threeWay, 0)).toBe(HOLDOUT_BRANCH);
    expect(abTestBranch(threeWay, 9.99)).toBe(HOLDOUT_BRANCH);
    expect(abTestBranch(threeWay, 10)).toBe('A');
    expect(abTestBranch(threeWay, 39.99)).toBe('A');
    expect(abTestBranch(threeWay, 40)).toBe('B');
    expect(abTestBranch(threeWay, 70)).toBe('C');
    expect(abTestBranch(threeWay, 99.99)).toBe('C');
  });

  it('keeps held-out contacts held out when the variants are reshaped', () => {
    const reshaped = { variants: [{ percent: 80 }, { percent: 10 }], holdout: 10 };
    for (let bucket = 0; bucket < 100; bucket += 0.5)
      if (abTestBranch(threeWay, bucket) === HOLDOUT_BRANCH)
        expect(abTestBranch(reshaped, bucket)).toBe(HOLDOUT_BRANCH);
  });
});

describe('nodeOutputs', () => {
  it('has one handle per variant of an A/B test, and the catalog handles elsewhere', () => {
    expect(nodeOutputs({ type: 'control.abTest', config: threeWay })).toEqual(['A', 'B', 'C']);
    expect(nodeOutputs({ type: 'condition.split', config: { percent: 20 } })).toEqual(['yes', 'no']);
    expect(nodeOutputs({ type: 'action.addTag', config: {} })).toEqual(['next']);
    expect(nodeOutputs({ type: 'no.such', config: {} })).toEqual([]);
  });

  it('gives a test whose config does not parse the handles of its variants, else every handle', () => {
    const typing = { variants: [{ percent: 3 }, { percent: 50 }, { percent: 40 }], holdout: 10 };
    expect(nodeOutputs({ type: 'control.abTest', config: typing })).toEqual(['A', 'B', 'C']);
    expect(nodeOutputs({ type: 'control.abTest', config: { variants: [] } })).toEqual(['A', 'B']);
    expect(nodeOutputs({ type: 'control.abTest', config: { variants: 'x' } })).toEqual([...AB_TEST_HANDLES]);
  });
});

describe('validating an A/B test', () => {
  const nodes = [
    node('t', 'trigger.event', { event: 'link.clicked' }),
    node('ab', 'control.abTest', {
      variants: [
        { name: 'Price', percent: 50 },
        { name: 'Plain', percent: 50 },
      ],
      holdout: 0,
    }),
    node('a', 'action.addTag', { tag: 'A' }),
    node('b', 'action.addTag', { tag: 'B' }),
  ];

  it('refuses a connection from a variant the test does not have, naming the ones it has', () => {
    const d = validateFlow(
      doc(nodes, [edge('e1', 't', 'ab'), edge('e2', 'ab', 'a', 'A'), edge('e3', 'ab', 'b', 'C')]),
    );
    expect(withCode(d, 'unknown_handle')).toEqual([
      expect.objectContaining({
        edgeId: 'e3',
        message: 'A connection leaves the A/B test step from output "C", but its outputs are "A", "B"',
      }),
    ]);
  });

  it('warns about a variant that leads nowhere', () => {
    const d = validateFlow(doc(nodes, [edge('e1', 't', 'ab'), edge('e2', 'ab', 'a', 'A')]));
    expect(withCode(d, 'unconnected_output').map((x) => x.message)).toEqual([
      'The "B" branch of the A/B test step is not connected',
    ]);
  });
});
