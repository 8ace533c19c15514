import { describe, expect, it } from 'vitest';
import { codes, doc, edge, node, withCode } from '../testing/builders.js';
import { hasErrors, MAX_EDGES, MAX_NODES } from './diagnostic.js';
import { validateFlow } from './validate.js';

/** A trigger followed by one action: the smallest flow with no diagnostics. */
const base = () => [node('t', 'trigger.event'), node('a', 'action.addTag')];
const baseEdges = () => [edge('e0', 't', 'a')];

describe('validateFlow codes', () => {
  it('invalid_document: one diagnostic per shape problem, with its path and owner', () => {
    const bad = { ...node('a', 'action.addTag'), position: { x: 'left', y: 0 } };
    const d = validateFlow({
      schemaVersion: 1,
      settings: { name: '' },
      nodes: [node('t', 'trigger.event'), bad],
      edges: [],
    });
    const shape = withCode(d, 'invalid_document');
    expect(shape.map((x) => x.path)).toEqual([
      ['settings', 'name'],
      ['nodes', 1, 'position', 'x'],
    ]);
    expect(shape[1]?.nodeId).toBe('a');
    expect(withCode(validateFlow(doc(base(), baseEdges())), 'invalid_document')).toEqual([]);
  });

  it('invalid_document: a document from a newer Scoreflow is named as such', () => {
    const d = validateFlow({ ...doc(base(), baseEdges()), schemaVersion: 2 });
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'invalid_document', path: ['schemaVersion'] });
    expect(d[0]?.message).toMatch(/newer/);
  });

  it('no_trigger', () => {
    const d = validateFlow(doc([node('a', 'action.addTag')]));
    expect(withCode(d, 'no_trigger')).toHaveLength(1);
    expect(withCode(validateFlow(doc([])), 'no_trigger')).toHaveLength(1);
    expect(withCode(validateFlow(doc(base(), baseEdges())), 'no_trigger')).toEqual([]);
  });

  it('duplicate_id for nodes and for edges', () => {
    const d = validateFlow(
      doc([...base(), node('a', 'action.sendEmail')], [...baseEdges(), edge('e0', 't', 'a')]),
    );
    expect(withCode(d, 'duplicate_id')).toEqual([
      expect.objectContaining({ nodeId: 'a', path: ['nodes', 2, 'id'] }),
      expect.objectContaining({ edgeId: 'e0', path: ['edges', 1, 'id'] }),
    ]);
    // A node and an edge may share an id: they live in different collections.
    const shared = validateFlow(doc(base(), [edge('a', 't', 'a')]));
    expect(withCode(shared, 'duplicate_id')).toEqual([]);
  });

  it('dangling_edge for a missing source and a missing target', () => {
    const d = validateFlow(
      doc(base(), [...baseEdges(), edge('e1', 'ghost', 'a'), edge('e2', 'a', 'nowhere')]),
    );
    expect(withCode(d, 'dangling_edge')).toEqual([
      expect.objectContaining({ edgeId: 'e1', path: ['edges', 1, 'source'] }),
      expect.objectContaining({ edgeId: 'e2', path: ['edges', 2, 'target'] }),
    ]);
    expect(withCode(validateFlow(doc(base(), baseEdges())), 'dangling_edge')).toEqual([]);
  });

  it('unknown_handle: a handle the node lacks, a missing handle on a condition, any edge out of exit', () => {
    const d = validateFlow(
      doc(
        [
          node('t', 'trigger.event'),
          node('c', 'condition.hasTag'),
          node('a', 'action.addTag'),
          node('b', 'action.removeTag'),
          node('x', 'control.exit'),
        ],
        [
          edge('e1', 't', 'c'),
          edge('e2', 'c', 'a', 'yes'),
          edge('e3', 'c', 'b'),
          edge('e4', 'a', 'x', 'maybe'),
          edge('e5', 'c', 'x', 'no'),
          edge('e6', 'x', 'b'),
        ],
      ),
    );
    expect(withCode(d, 'unknown_handle').map((x) => [x.edgeId, x.nodeId, x.path])).toEqual([
      ['e3', 'c', ['edges', 2, 'sourceHandle']],
      ['e4', 'a', ['edges', 3, 'sourceHandle']],
      ['e6', 'x', ['edges', 5, 'sourceHandle']],
    ]);
  });

  it('unknown_handle: not for single-output nodes without a handle, null or "next"', () => {
    const d = doc(
      [
        node('t', 'trigger.event'),
        node('a', 'action.addTag'),
        node('b', 'action.sendEmail'),
        node('c', 'control.wait'),
      ],
      [edge('e1', 't', 'a', null), edge('e2', 'a', 'b', 'next'), edge('e3', 'b', 'c')],
    );
    expect(validateFlow(d)).toEqual([]);
  });

  it('unknown_node_type', () => {
    const d = validateFlow(
      doc([...base(), node('z', 'action.teleport')], [...baseEdges(), edge('e1', 'a', 'z')]),
    );
    expect(withCode(d, 'unknown_node_type')).toEqual([
      expect.objectContaining({ nodeId: 'z', path: ['nodes', 2, 'type'], severity: 'error' }),
    ]);
    // Its unknown handles are not blamed on the edges: the type is the problem.
    expect(withCode(validateFlow(doc(base(), baseEdges())), 'unknown_node_type')).toEqual([]);
    expect(withCode(validateFlow(doc([...base(), node('y', 'toString')])), 'unknown_node_type')).toHaveLength(
      1,
    );
  });

  it('invalid_config: one diagnostic per zod issue, pointing into the config', () => {
    const d = validateFlow(
      doc(
        [
          node('t', 'trigger.event'),
          node('a', 'action.adjustScore', { score: 'SCORE', delta: 0, bonus: true }),
          node('w', 'control.wait', { seconds: 2.5 }),
        ],
        [edge('e1', 't', 'a'), edge('e2', 'a', 'w')],
      ),
    );
    const config = withCode(d, 'invalid_config');
    expect(config.map((x) => [x.nodeId, x.path])).toEqual(
      expect.arrayContaining([
        ['a', ['nodes', 1, 'config', 'delta']],
        ['a', ['nodes', 1, 'config']],
        ['w', ['nodes', 2, 'config', 'seconds']],
      ]),
    );
    expect(config).toHaveLength(3);
    expect(config.every((x) => x.message.length > 0)).toBe(true);
    expect(withCode(validateFlow(doc(base(), baseEdges())), 'invalid_config')).toEqual([]);
  });

  it('cycle_without_wait: once per loop, naming its nodes', () => {
    const d = validateFlow(
      doc(
        [
          node('t', 'trigger.event'),
          node('a', 'action.adjustScore'),
          node('b', 'condition.score'),
          node('c', 'action.addTag'),
          node('s', 'action.sendEmail'),
        ],
        [
          edge('e1', 't', 'a'),
          edge('e2', 'a', 'b'),
          edge('e3', 'b', 'a', 'yes'),
          edge('e4', 'b', 'c', 'no'),
          edge('e5', 'c', 'c'),
          edge('e6', 'c', 's'),
        ],
      ),
    );
    const cycles = withCode(d, 'cycle_without_wait');
    expect(cycles).toHaveLength(2);
    expect(cycles[0]).toMatchObject({ nodeId: 'a', path: ['nodes', 1] });
    expect(cycles[0]?.message).toBe(
      'The Adjust score step and the Score condition form a loop without a wait step, so a contact would run it forever',
    );
    expect(cycles[1]).toMatchObject({ nodeId: 'c' });
  });

  it('cycle_without_wait: a wait elsewhere in the loop group does not hide a loop that skips it', () => {
    const d = validateFlow(
      doc(
        [
          node('t', 'trigger.event'),
          node('a', 'action.addTag'),
          node('b', 'action.removeTag'),
          node('w', 'control.wait'),
        ],
        // a -> b -> a has no wait although a -> w -> a does.
        [
          edge('e1', 't', 'a'),
          edge('e2', 'a', 'b'),
          edge('e3', 'b', 'a'),
          edge('e4', 'a', 'w'),
          edge('e5', 'w', 'a'),
        ],
      ),
    );
    expect(withCode(d, 'cycle_without_wait')).toHaveLength(1);
  });

  it('unreachable_node: warns about nodes no trigger leads to', () => {
    const d = validateFlow(
      doc(
        [...base(), node('lost', 'action.sendEmail'), node('lost2', 'control.exit')],
        [...baseEdges(), edge('e1', 'lost', 'lost2')],
      ),
    );
    expect(withCode(d, 'unreachable_node').map((x) => [x.nodeId, x.severity])).toEqual([
      ['lost', 'warning'],
      ['lost2', 'warning'],
    ]);
    expect(hasErrors(d)).toBe(false);
    expect(withCode(validateFlow(doc(base(), baseEdges())), 'unreachable_node')).toEqual([]);
  });

  it('unconnected_output: condition branches, waitForEvent outcomes and idle triggers', () => {
    const d = validateFlow(
      doc(
        [
          node('t', 'trigger.event'),
          node('t2', 'trigger.tagAdded'),
          node('c', 'condition.split'),
          node('w', 'control.waitForEvent'),
          node('a', 'action.addTag'),
        ],
        [edge('e1', 't', 'c'), edge('e2', 'c', 'w', 'yes'), edge('e3', 'w', 'a', 'event')],
      ),
    );
    expect(withCode(d, 'unconnected_output').map((x) => [x.nodeId, x.severity, x.message])).toEqual([
      ['t2', 'warning', 'The Tag added trigger leads nowhere'],
      ['c', 'warning', expect.stringContaining('"no" branch')],
      ['w', 'warning', expect.stringContaining('"timeout" branch')],
    ]);
    // The action at the end is a normal end of the flow, not an unconnected output.
    expect(d.some((x) => x.nodeId === 'a')).toBe(false);
  });

  it('edge_into_trigger', () => {
    const d = validateFlow(
      doc([...base(), node('t2', 'trigger.listJoined')], [...baseEdges(), edge('e1', 'a', 't2')]),
    );
    expect(withCode(d, 'edge_into_trigger')).toEqual([
      expect.objectContaining({ edgeId: 'e1', nodeId: 't2', path: ['edges', 1, 'target'] }),
    ]);
    expect(withCode(validateFlow(doc(base(), baseEdges())), 'edge_into_trigger')).toEqual([]);
  });

  it('too_many_nodes and too_many_edges above the limits, not at them', () => {
    const chain = (count: number) => {
      const nodes = [node('t', 'trigger.event')];
      const edges = [];
      for (let i = 1; i < count; i++) {
        nodes.push(node(`n${i}`, 'action.addTag'));
        edges.push(edge(`e${i}`, i === 1 ? 't' : `n${i - 1}`, `n${i}`));
      }
      return { nodes, edges };
    };
    const atLimit = chain(MAX_NODES);
    expect(validateFlow(doc(atLimit.nodes, atLimit.edges))).toEqual([]);
    const over = chain(MAX_NODES + 1);
    expect(codes(validateFlow(doc(over.nodes, over.edges)))).toEqual(['too_many_nodes']);

    const parallel = (count: number) => Array.from({ length: count }, (_, i) => edge(`p${i}`, 't', 'a'));
    expect(validateFlow(doc(base(), parallel(MAX_EDGES)))).toEqual([]);
    expect(codes(validateFlow(doc(base(), parallel(MAX_EDGES + 1))))).toEqual(['too_many_edges']);
  });
});
