import { describe, expect, it } from 'vitest';
import { stronglyConnectedComponents } from './tarjan.js';

const normalize = (components: number[][]) => components.map((c) => [...c].sort((a, b) => a - b)).sort();

describe('stronglyConnectedComponents', () => {
  it('groups nodes that reach each other', () => {
    // 0 -> 1 -> 2 -> 0, 2 -> 3, 3 -> 4 -> 3, 5 alone
    const adjacency = [[1], [2], [0, 3], [4], [3], []];
    expect(normalize(stronglyConnectedComponents(adjacency))).toEqual(normalize([[0, 1, 2], [3, 4], [5]]));
  });

  it('handles a chain far longer than the call stack would allow', () => {
    const n = 200_000;
    const adjacency = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [0]));
    const components = stronglyConnectedComponents(adjacency);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});
