import {
  DEFAULT_GRADING,
  ENGAGEMENT_LEVELS,
  type FlowDocument,
  hasErrors,
  NODE_TYPES,
  type NodeType,
  nodeCatalog,
  nodeTypesOfKind,
  validateFlow,
} from '@scoreflow/flow';
import fc, { type JsonValue } from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runFlow } from './run.js';
import { edge, flow, NOW, node } from './testkit.js';
import type { ContactView, EngineContext, EngineInput, EngineResult } from './types.js';

const TRIGGERS = nodeTypesOfKind('trigger');

const WAITS: readonly NodeType[] = ['control.wait', 'control.waitForEvent'];

/**
 * Small random graphs of catalog nodes with their default configs; the first node is a trigger.
 * `tidy` graphs only link into non-triggers and only go back from a wait node, so every cycle
 * holds a wait and most of them pass validation.
 */
function documents(tidy: boolean): fc.Arbitrary<FlowDocument> {
  return fc
    .record({
      first: fc.constantFrom(...TRIGGERS),
      rest: fc.array(fc.constantFrom(...NODE_TYPES), { maxLength: 8 }),
      links: fc.array(
        fc.record({ from: fc.nat(), handle: fc.nat(), to: fc.nat(), omitHandle: fc.boolean() }),
        {
          maxLength: 14,
        },
      ),
    })
    .map(({ first, rest, links }) => {
      const types: NodeType[] = [first, ...rest];
      const nodes = types.map((type, i) => node(`n${i}`, type));
      const edges = links.flatMap(({ from, handle, to, omitHandle }, i) => {
        const [s, t] = [from % types.length, to % types.length];
        const source = types[s] as NodeType;
        const target = types[t] as NodeType;
        if (tidy && (nodeCatalog[target].kind === 'trigger' || (t <= s && !WAITS.includes(source))))
          return [];
        const outputs = nodeCatalog[source].outputs;
        if (outputs.length === 0) return [];
        const sourceHandle = outputs[handle % outputs.length] as string;
        return [
          edge(`e${i}`, `n${s}`, `n${t}`, omitHandle && sourceHandle === 'next' ? undefined : sourceHandle),
        ];
      });
      return flow(nodes, edges, { name: 'p' });
    });
}

const names = fc.constantFrom('SCORE', 'vip', 'Qualified leads', 'plan', 'constructor', '__proto__', '');

const contacts: fc.Arbitrary<ContactView> = fc.record({
  id: fc.string({ minLength: 1 }),
  email: fc.option(fc.emailAddress(), { nil: null }),
  // Attributes and scores as the store holds them, having been through JSON: no -0, NaN or Infinity.
  attributes: fc
    .dictionary(fc.oneof(names, fc.string()), fc.jsonValue())
    .map((a): Record<string, JsonValue> => JSON.parse(JSON.stringify(a))),
  scores: fc.dictionary(
    fc.oneof(names, fc.string()),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0),
  ),
  tags: fc.array(fc.oneof(names, fc.string())),
  lists: fc.array(fc.oneof(names, fc.string())),
  engagement: fc.constantFrom(...ENGAGEMENT_LEVELS),
  unsubscribed: fc.boolean(),
});

function contextFrom(flowId: string, count: number, stepsSoFar: number): EngineContext {
  // Every model a grade condition may name grades, as a workspace with that model does.
  const gradedModel = (name: string) => ({ name, score: 'SCORE', fitScore: 'FIT', grading: DEFAULT_GRADING });
  return { now: NOW, flowId, countEvents: () => count, stepsSoFar, gradedModel };
}

/** A start at some trigger, or a resume at some wait node with any outcome. */
function inputs(doc: FlowDocument): fc.Arbitrary<EngineInput> {
  const ids = doc.nodes.map((n) => n.id);
  return fc.oneof(
    fc.constantFrom(...ids).map((triggerNodeId): EngineInput => ({ kind: 'start', triggerNodeId })),
    fc
      .record({
        waitNodeId: fc.constantFrom(...ids),
        outcome: fc.constantFrom('elapsed', 'event', 'timeout') as fc.Arbitrary<
          'elapsed' | 'event' | 'timeout'
        >,
      })
      .map((r): EngineInput => ({ kind: 'resume', ...r })),
  );
}

function checkInvariants(
  doc: FlowDocument,
  before: ContactView,
  who: ContactView,
  result: EngineResult,
): void {
  expect(who).toEqual(before);
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  for (const id of result.edges) expect(edgeIds.has(id)).toBe(true);
  const executed = new Set(result.steps.map((s) => s.nodeId));
  for (const effect of result.effects) expect(executed.has(effect.nodeId)).toBe(true);
  if (result.status !== 'waiting') expect(result.waits).toEqual([]);
  else expect(result.waits.length).toBeGreaterThan(0);
  expect(result.status === 'failed').toBe(result.error !== undefined);
  // Score effects chain: each starts where the previous change to that score ended.
  const last = new Map<string, number>();
  for (const e of result.effects) {
    if (e.kind !== 'score') continue;
    const prior = last.get(e.score);
    if (prior !== undefined) expect(e.previous).toBe(prior);
    expect(e.value - e.previous).toBeCloseTo(e.delta);
    last.set(e.score, e.value);
  }
  for (const [score, value] of last)
    expect(Object.getOwnPropertyDescriptor(result.contact.scores, score)?.value).toBe(value);
  // Results are stored as JSON: nothing may be lost on the way (no NaN, no undefined in arrays, no cycles).
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
}

describe('runFlow properties', () => {
  it('never throws on any generated document, input and contact', () => {
    fc.assert(
      fc.property(
        documents(false).chain((doc) => fc.tuple(fc.constant(doc), inputs(doc))),
        contacts,
        fc.string(),
        fc.nat({ max: 10 }),
        fc.nat({ max: 1200 }),
        ([doc, input], who, flowId, count, stepsSoFar) => {
          const before = structuredClone(who);
          const result = runFlow(doc, who, input, contextFrom(flowId, count, stepsSoFar));
          checkInvariants(doc, before, who, result);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on a valid document, a start at its trigger and a resume at any wait never fail', () => {
    let valid = 0;
    fc.assert(
      fc.property(documents(true), contacts, fc.string(), fc.nat({ max: 10 }), (doc, who, flowId, count) => {
        if (hasErrors(validateFlow(doc))) return;
        valid++;
        const before = structuredClone(who);
        const ctx = contextFrom(flowId, count, 0);
        const runs: EngineResult[] = [runFlow(doc, who, { kind: 'start', triggerNodeId: 'n0' }, ctx)];
        expect(runs[0]?.steps[0]?.nodeId).toBe('n0');
        for (const wait of doc.nodes.filter((n) => WAITS.includes(n.type as NodeType))) {
          for (const outcome of wait.type === 'control.wait'
            ? (['elapsed'] as const)
            : (['event', 'timeout'] as const)) {
            runs.push(runFlow(doc, who, { kind: 'resume', waitNodeId: wait.id, outcome }, ctx));
          }
        }
        for (const result of runs) {
          // Without a cycle that skips a wait, only fan-out could use up the budget: these graphs are too small.
          expect(result.error).toBeUndefined();
          expect(result.status).not.toBe('failed');
          checkInvariants(doc, before, who, result);
        }
      }),
      { numRuns: 500 },
    );
    // The property means little unless most generated documents are valid.
    expect(valid).toBeGreaterThan(350);
  });
});
