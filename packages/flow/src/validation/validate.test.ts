import { describe, expect, it } from 'vitest';
import { leadScoringExample } from '../examples.js';
import { codes, doc, edge, node, withCode } from '../testing/builders.js';
import { Diagnostic, hasErrors } from './diagnostic.js';
import { validateFlow } from './validate.js';

/** A trigger followed by one action: the smallest flow with no diagnostics. */
const base = () => [node('t', 'trigger.event'), node('a', 'action.addTag')];
const baseEdges = () => [edge('e0', 't', 'a')];

describe('validateFlow on good flows', () => {
  it('finds nothing wrong with a realistic lead scoring flow', () => {
    expect(validateFlow(leadScoringExample())).toEqual([]);
  });

  it('finds nothing wrong with the smallest flow', () => {
    expect(validateFlow(doc(base(), baseEdges()))).toEqual([]);
  });

  it('accepts a loop that goes through a wait', () => {
    const d = doc(
      [node('t', 'trigger.event'), node('a', 'action.adjustScore'), node('w', 'control.wait')],
      [edge('e1', 't', 'a'), edge('e2', 'a', 'w'), edge('e3', 'w', 'a')],
    );
    expect(validateFlow(d)).toEqual([]);
  });

  it('accepts a self loop on a wait-for-event node', () => {
    const d = doc(
      [node('t', 'trigger.event'), node('w', 'control.waitForEvent'), node('x', 'control.exit')],
      [edge('e1', 't', 'w'), edge('e2', 'w', 'w', 'event'), edge('e3', 'w', 'x', 'timeout')],
    );
    expect(validateFlow(d)).toEqual([]);
  });
});

describe('validateFlow on a flow with many problems', () => {
  it('reports every one of them, not the first', () => {
    const d = validateFlow({
      schemaVersion: 1,
      settings: { name: 'Broken', reentry: { mode: 'sometimes' } },
      nodes: [
        node('a', 'action.adjustScore', { score: 'SCORE', delta: 0 }),
        node('b', 'condition.score'),
        node('b', 'action.addTag'),
        node('q', 'action.quantumLeap'),
        { id: 'nopos', type: 'action.addTag', config: { tag: 'x' } },
      ],
      edges: [
        edge('e1', 'a', 'b'),
        edge('e2', 'b', 'a', 'yes'),
        edge('e3', 'b', 'ghost', 'no'),
        edge('e4', 'a', 'b', 'sideways'),
        'not an edge',
      ],
    });
    expect(new Set(codes(d))).toEqual(
      new Set([
        'invalid_document',
        'no_trigger',
        'duplicate_id',
        'dangling_edge',
        'unknown_handle',
        'unknown_node_type',
        'invalid_config',
        'cycle_without_wait',
        // b's "no" edge leads to a node that does not exist, so that branch goes nowhere.
        'unconnected_output',
      ]),
    );
    expect(withCode(d, 'invalid_document').map((x) => x.path)).toEqual([
      ['settings', 'reentry', 'mode'],
      ['nodes', 4, 'position'],
      ['edges', 4],
    ]);
    expect(hasErrors(d)).toBe(true);
    for (const item of d) expect(Diagnostic.safeParse(item).success).toBe(true);
  });

  it('says nothing about the graph when there is no document at all', () => {
    for (const input of [null, undefined, 42, 'flow', [], true]) {
      expect(codes(validateFlow(input))).toEqual(['invalid_document']);
    }
  });
});

describe('hasErrors', () => {
  it('is true with an error and false with warnings only', () => {
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([{ code: 'unreachable_node', severity: 'warning', message: 'w' }])).toBe(false);
    expect(hasErrors([{ code: 'no_trigger', severity: 'error', message: 'e' }])).toBe(true);
  });
});
