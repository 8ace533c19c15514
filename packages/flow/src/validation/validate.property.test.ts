import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_TYPES, nodeCatalog } from '../catalog.js';
import { Diagnostic, hasErrors } from './diagnostic.js';
import { parseFlowDocument } from './parse.js';
import { validateFlow } from './validate.js';

/** Every diagnostic is schema-valid, and those that name a node or edge point at that element. */
function expectWellFormed(input: unknown, diagnostics: unknown): void {
  expect(Array.isArray(diagnostics)).toBe(true);
  for (const item of diagnostics as unknown[]) {
    const parsed = Diagnostic.safeParse(item);
    expect(parsed.success).toBe(true);
    if (!parsed.success || input === null || typeof input !== 'object') continue;
    const d = parsed.data;
    const [collection, index] = d.path ?? [];
    if (typeof index !== 'number' || (collection !== 'nodes' && collection !== 'edges')) continue;
    const element = (input as Record<string, unknown[]>)[collection]?.[index] as { id?: unknown } | undefined;
    const ownId = collection === 'nodes' ? d.nodeId : d.edgeId;
    if (ownId !== undefined) expect(element?.id).toBe(ownId);
  }
}

const ids = fc.constantFrom('t', 'a', 'b', 'c', 'w', 'x', '');
const junk = fc.jsonValue({ maxDepth: 2 });

/** A config: the type's default, a default with one field replaced by junk, or junk. */
const config = (type: string) => {
  const def = (nodeCatalog as Record<string, { defaultConfig: Record<string, unknown> } | undefined>)[type];
  const defaults = def?.defaultConfig ?? {};
  return fc.oneof(
    fc.constant(defaults),
    fc
      .record({ key: fc.constantFrom(...Object.keys(defaults), 'extra', 'delta', 'floor'), value: junk })
      .map(({ key, value }) => ({ ...defaults, [key]: value })),
    junk,
  );
};

const nodeArb = fc
  .record({ id: ids, type: fc.constantFrom(...NODE_TYPES, 'action.unknown', '') })
  .chain(({ id, type }) =>
    fc.record({
      id: fc.oneof({ weight: 9, arbitrary: fc.constant(id) }, { weight: 1, arbitrary: junk }),
      type: fc.constant(type),
      position: fc.oneof(
        { weight: 9, arbitrary: fc.constant({ x: 0, y: 0 }) },
        { weight: 1, arbitrary: junk },
      ),
      config: config(type),
    }),
  );

const edgeArb = fc.record(
  {
    id: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5'),
    source: ids,
    target: ids,
    sourceHandle: fc.constantFrom('next', 'yes', 'no', 'event', 'timeout', 'x', null),
  },
  { requiredKeys: ['id', 'source', 'target'] },
);

const nearValidDocument = fc.record(
  {
    schemaVersion: fc.oneof({ weight: 9, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: junk }),
    settings: fc.oneof(
      { weight: 9, arbitrary: fc.constant({ name: 'Flow' }) },
      { weight: 1, arbitrary: junk },
    ),
    nodes: fc.array(fc.oneof({ weight: 9, arbitrary: nodeArb }, { weight: 1, arbitrary: junk }), {
      maxLength: 8,
    }),
    edges: fc.array(fc.oneof({ weight: 9, arbitrary: edgeArb }, { weight: 1, arbitrary: junk }), {
      maxLength: 12,
    }),
  },
  { requiredKeys: [] },
);

describe('validateFlow never throws', () => {
  it('on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        expectWellFormed(input, validateFlow(input));
      }),
      { numRuns: 500 },
    );
  });

  it('on near-valid documents, and its verdict agrees with parseFlowDocument', () => {
    fc.assert(
      fc.property(nearValidDocument, (input) => {
        const diagnostics = validateFlow(input);
        expectWellFormed(input, diagnostics);
        // A flow without errors must at least have the document shape.
        if (!hasErrors(diagnostics)) expect(parseFlowDocument(input).ok).toBe(true);
        // Same input, same answer: the editor and the server must agree.
        expect(validateFlow(structuredClone(input))).toEqual(diagnostics);
      }),
      { numRuns: 1000 },
    );
  });

  it('on cyclic, exotic and huge inputs', () => {
    const cyclic: Record<string, unknown> = { schemaVersion: 1 };
    cyclic.settings = cyclic;
    cyclic.nodes = [cyclic, { id: 'n', type: 'trigger.event', position: { x: 0, y: 0 }, config: cyclic }];
    cyclic.edges = cyclic.nodes;
    const throwing = {
      schemaVersion: 1,
      get nodes(): never {
        throw new Error('boom');
      },
    };
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    const huge = { schemaVersion: 1, settings: { name: 'big' }, nodes: new Array(50_000).fill(7), edges: [] };
    let deep: unknown = 'bottom';
    for (let i = 0; i < 5000; i++) deep = { nodes: [deep] };
    const inputs = [
      cyclic,
      throwing,
      proxy,
      huge,
      deep,
      Object.create(null),
      new Date(),
      10n,
      Symbol('s'),
      () => 1,
    ];
    for (const input of inputs) {
      const diagnostics = validateFlow(input);
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(hasErrors(diagnostics)).toBe(true);
      for (const d of diagnostics) expect(Diagnostic.safeParse(d).success).toBe(true);
    }
    expect(validateFlow(huge).filter((d) => d.code === 'too_many_nodes')).toHaveLength(1);
  });
});
