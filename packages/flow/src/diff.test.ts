import { describe, expect, it } from 'vitest';
import { diffFlows, isUnchanged } from './diff.js';
import { changeText, valueText } from './diffText.js';
import type { FlowDocument } from './document.js';
import { flow, node } from './testing/builders.js';

const base = (): FlowDocument =>
  flow(
    [
      { ...node('t', 'trigger.event'), label: 'Link clicked' },
      node('a', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
      node('x', 'control.exit', {}),
    ],
    ['t>a', 'a>x'],
    { name: 'Qualify' },
  ) as FlowDocument;

describe('diffFlows', () => {
  it('finds nothing between a version and itself, or a copy with ids of connections renewed', () => {
    const copy = structuredClone(base());
    copy.edges = copy.edges.map((e, i) => ({ ...e, id: `new-${i}` }));
    expect(isUnchanged(diffFlows(base(), base()))).toBe(true);
    expect(isUnchanged(diffFlows(base(), copy))).toBe(true);
  });

  it('names steps added, removed and changed, with the fields that changed', () => {
    const after = structuredClone(base());
    after.nodes[1] = {
      ...(after.nodes[1] as FlowDocument['nodes'][number]),
      config: { score: 'SCORE', delta: 20 },
    };
    after.nodes = after.nodes.filter((n) => n.id !== 'x');
    after.nodes.push({ ...node('m', 'action.addToList', { list: 'Qualified' }), label: 'Qualified list' });
    after.edges = [
      { id: 'e1', source: 't', target: 'a' },
      { id: 'e2', source: 'a', target: 'm' },
    ];
    const d = diffFlows(base(), after);
    expect(d.added).toEqual([{ nodeId: 'm', name: 'Add to list "Qualified list"' }]);
    expect(d.removed).toEqual([{ nodeId: 'x', name: 'the Exit step' }]);
    expect(d.changed).toEqual([
      {
        nodeId: 'a',
        name: 'the Adjust score step',
        typeChanged: false,
        fields: [{ key: 'delta', before: 10, after: 20 }],
      },
    ]);
    expect(d.connectionsAdded).toEqual([
      { from: 'the Adjust score step', to: 'Add to list "Qualified list"', handle: 'next' },
    ]);
    expect(d.connectionsRemoved).toEqual([
      { from: 'the Adjust score step', to: 'the Exit step', handle: 'next' },
    ]);
    expect(isUnchanged(d)).toBe(false);
  });

  it('reports a new label as a rename, settings by key, and moves apart from changes', () => {
    const after = structuredClone(base());
    after.nodes[0] = { ...(after.nodes[0] as FlowDocument['nodes'][number]), label: 'Pricing link clicked' };
    after.nodes[2] = { ...(after.nodes[2] as FlowDocument['nodes'][number]), position: { x: 40, y: 300 } };
    after.settings = { ...after.settings, reentry: { mode: 'once' } };
    const d = diffFlows(base(), after);
    expect(d.changed).toEqual([
      {
        nodeId: 't',
        name: 'Event trigger "Pricing link clicked"',
        renamedFrom: 'Event trigger "Link clicked"',
        typeChanged: false,
        fields: [],
      },
    ]);
    expect(d.settings).toEqual([{ key: 'reentry', before: { mode: 'always' }, after: { mode: 'once' } }]);
    expect(d.moved).toBe(1);
  });

  it('treats a config key left out and one set to undefined as the same', () => {
    const after = structuredClone(base());
    (after.nodes[1] as FlowDocument['nodes'][number]).config = { score: 'SCORE', delta: 10, cap: undefined };
    expect(isUnchanged(diffFlows(base(), after))).toBe(true);
  });
});

describe('changeText', () => {
  it('shows a changed value as old → new under its label', () => {
    expect(changeText('Points', { key: 'delta', before: 10, after: 15 })).toBe('Points 10 → 15');
    expect(changeText('Cap', { key: 'cap', before: undefined, after: 50 })).toBe('Cap not set → 50');
    expect(changeText('Wait for', { key: 'seconds', before: 3600, after: 172800 })).toBe(
      'Wait for 1 hour → 2 days',
    );
  });

  it('quotes strings and cuts long ones, so a line stays short', () => {
    expect(valueText('10')).toBe('"10"');
    expect(valueText('')).toBe('""');
    const long = valueText('https://crm.example.com/hooks/incoming/lead-qualified?source=scoreflow');
    expect(long).toBe('"https://crm.example.com/hooks/incoming/…"');
  });

  it('summarises objects and lists instead of printing them', () => {
    expect(valueText({ mode: 'cooldown', seconds: 3600 })).toBe('mode "cooldown", seconds 1 hour');
    expect(valueText(['vip', 'trial'])).toBe('"vip", "trial"');
    expect(valueText([])).toBe('none');
    expect(valueText([{ property: 'plan', op: 'eq', value: 'pro' }])).toBe('1 item');
    expect(valueText({ headers: { a: '1' }, body: 'x' })).toBe('2 fields');
    expect(valueText(null)).toBe('none');
  });
});
