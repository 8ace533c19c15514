import { describe, expect, it } from 'vitest';
import {
  buildScoringFlow,
  rowPoints,
  ScoringModel,
  type ScoringModelInput,
  unmappedRows,
} from './scoringModel.js';
import { validateFlow } from './validation/validate.js';

const input: ScoringModelInput = {
  name: 'B2B leads',
  rows: [
    { id: 'sub', asset: 'Newsletter', event: 'subscribed', stage: 'awareness', points: 5 },
    {
      id: 'paper',
      asset: 'Whitepaper',
      event: 'content.downloaded',
      filter: { property: 'asset', op: 'eq', value: 'whitepaper' },
      stage: 'engagement',
      readiness: 30,
    },
    { id: 'pricing', asset: 'Pricing page', event: 'page.viewed', stage: 'consideration', points: 30 },
    { id: 'bounce', event: 'email.bounced', stage: 'awareness', points: -2 },
  ],
};

describe('scoring model', () => {
  it('turns a readiness percent into points of the sales-ready score', () => {
    const model = ScoringModel.parse({ ...input, salesReadyScore: 200 });
    const paper = model.rows.find((r) => r.id === 'paper');
    if (!paper) throw new Error('row missing');
    expect(rowPoints(paper, 100)).toBe(30);
    expect(rowPoints(paper, 200)).toBe(60);
    expect(rowPoints(paper, 33)).toBe(9.9);
  });

  it('builds a flow with zero diagnostics: one trigger → adjustScore branch per row, re-entry always', () => {
    const model = ScoringModel.parse(input);
    const { document, mapping } = buildScoringFlow(model);
    expect(validateFlow(document)).toEqual([]);
    expect(document.settings.reentry).toEqual({ mode: 'always' });
    expect(document.nodes).toHaveLength(8);
    expect(Object.keys(mapping)).toEqual(['sub', 'paper', 'pricing', 'bounce']);

    const nodeOf = (id: string) => document.nodes.find((n) => n.id === id);
    const paper = mapping.paper;
    if (!paper) throw new Error('mapping missing');
    expect(nodeOf(paper.trigger)).toMatchObject({
      type: 'trigger.event',
      config: { event: 'content.downloaded', where: [{ property: 'asset', op: 'eq', value: 'whitepaper' }] },
    });
    expect(nodeOf(paper.action)).toMatchObject({
      type: 'action.adjustScore',
      config: { score: 'SCORE', delta: 30 },
    });
    expect(document.edges).toContainEqual({ id: paper.edge, source: paper.trigger, target: paper.action });
    expect(nodeOf(mapping.bounce?.action ?? '')?.config).toEqual({ score: 'SCORE', delta: -2 });
  });

  it('keeps node ids stable when rows are reordered, so regenerating updates the same nodes', () => {
    const a = buildScoringFlow(ScoringModel.parse(input)).mapping;
    const b = buildScoringFlow(
      ScoringModel.parse({ ...input, rows: [...(input.rows ?? [])].reverse() }),
    ).mapping;
    expect(b).toEqual(a);
  });

  it('a model without rows gives a flow that validation refuses (no trigger)', () => {
    const { document } = buildScoringFlow(ScoringModel.parse({ name: 'empty' }));
    expect(validateFlow(document).map((d) => d.code)).toContain('no_trigger');
  });

  it('refuses rows with both or neither of points and readiness, zero worth, and duplicate ids', () => {
    const result = ScoringModel.safeParse({
      name: 'bad',
      rows: [
        { id: 'a', event: 'x', stage: 'awareness' },
        { id: 'b', event: 'x', stage: 'awareness', points: 5, readiness: 10 },
        { id: 'c', event: 'x', stage: 'awareness', points: 0 },
        { id: 'd e', event: 'x', stage: 'later', points: 1 },
      ],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((i) => i.path.join('/')).sort();
    expect(paths).toEqual(['rows/0/points', 'rows/1/points', 'rows/2/points', 'rows/3/id', 'rows/3/stage']);
    const twice = ScoringModel.safeParse({
      name: 'twice',
      rows: [
        { id: 'c', event: 'x', stage: 'awareness', points: 1 },
        { id: 'c', event: 'y', stage: 'purchase', points: 2 },
      ],
    });
    expect(twice.error?.issues.map((i) => i.path.join('/'))).toEqual(['rows/1/id']);
  });

  it('keeps rows without an event as unmapped assets, leaves them out of the flow, and checks the rest', () => {
    const model = ScoringModel.parse({
      ...input,
      rows: [...(input.rows ?? []), { id: 'fair', asset: 'Met at the fair', stage: 'purchase', points: 40 }],
    });
    expect(model.rows[4]).toMatchObject({ id: 'fair', event: null });
    expect(unmappedRows(model)).toEqual([{ index: 4, row: model.rows[4] }]);
    const { document, mapping } = buildScoringFlow(model);
    expect(Object.keys(mapping)).toEqual(['sub', 'paper', 'pricing', 'bounce']);
    expect(document.nodes).toHaveLength(8);

    const bad = ScoringModel.safeParse({
      name: 'bad',
      rows: [
        { id: 'a', stage: 'awareness', points: 5 },
        { id: 'b', asset: 'Demo', filter: { property: 'p', op: 'exists' }, stage: 'purchase', points: 5 },
        { id: 'c', asset: 'Demo', event: '', stage: 'purchase', points: 5 },
      ],
    });
    expect(bad.error?.issues.map((i) => i.path.join('/')).sort()).toEqual([
      'rows/0/event',
      'rows/1/filter',
      'rows/2/event',
    ]);
  });
});
