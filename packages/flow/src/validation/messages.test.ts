import { describe, expect, it } from 'vitest';
import { doc, edge, node } from '../testing/builders.js';
import { configIssues } from './nodes.js';
import { validateFlow } from './validate.js';

const messages = (type: string, config: unknown) =>
  configIssues(type, config).map((i) => [i.path.join('.'), i.message]);

describe('problems name nodes the way the canvas does', () => {
  it('by label and type, keeping the id in the machine-readable fields', () => {
    const trigger = { ...node('nf16fa3', 'trigger.event'), label: 'Link clicked' };
    const d = validateFlow(doc([trigger]));
    expect(d).toEqual([
      expect.objectContaining({
        code: 'unconnected_output',
        nodeId: 'nf16fa3',
        path: ['nodes', 0],
        message: 'Event trigger "Link clicked" leads nowhere',
      }),
    ]);
  });

  it('without a label, by type and by place on the canvas, never by id', () => {
    const d = validateFlow(
      doc(
        [
          node('t', 'trigger.event'),
          node('x9', 'action.addTag', undefined, { x: 0, y: 300 }),
          node('x1', 'action.addTag', undefined, { x: 0, y: 100 }),
          { ...node('c', 'condition.score'), label: 'Hot?' },
        ],
        [edge('e1', 't', 'x1'), edge('e2', 'x1', 'c'), edge('e3', 'c', 'x1', 'maybe')],
      ),
    );
    const text = d.map((x) => x.message);
    expect(text).toContain('The second Add tag step from the top cannot be reached from any trigger');
    expect(text).toContain(
      'A connection leaves Score condition "Hot?" from output "maybe", but its outputs are "yes", "no"',
    );
    expect(text).toContain('The "no" branch of Score condition "Hot?" is not connected');
    for (const m of text) expect(m).not.toMatch(/"(t|x1|x9|c)"/);
  });

  it('a config problem in the 422 says which step and what to do', () => {
    const bad = { ...node('a', 'action.adjustScore', { delta: 5 }), label: 'Clicked' };
    const d = validateFlow(doc([node('t', 'trigger.event'), bad], [edge('e', 't', 'a')]));
    expect(d).toEqual([
      expect.objectContaining({
        code: 'invalid_config',
        nodeId: 'a',
        path: ['nodes', 1, 'config', 'score'],
        message: 'Adjust score "Clicked": choose a score',
      }),
    ]);
  });
});

describe('config problems in plain words', () => {
  it('asks for what is missing by what it is', () => {
    expect(messages('action.adjustScore', {})).toEqual([
      ['score', 'Choose a score'],
      ['delta', 'Enter a number'],
    ]);
    expect(messages('trigger.event', { event: '' })).toEqual([['event', 'Enter the event name']]);
    expect(messages('trigger.event', { event: '   ' })).toEqual([['event', 'Enter the event name']]);
    expect(messages('action.notifySales', { to: 'a@example.com', message: ' ' })).toEqual([
      ['message', 'Enter a message'],
    ]);
    expect(messages('condition.score', { score: 'SCORE', op: '~', value: 'x' })).toEqual([
      ['op', 'Choose a comparison'],
      ['value', 'Enter a number'],
    ]);
  });

  it('words limits, formats and unknown settings', () => {
    expect(messages('condition.eventCount', { event: 'a', min: 0.5, withinDays: 0 })).toEqual([
      ['min', 'Enter a whole number'],
      ['withinDays', 'Enter a number above 0'],
    ]);
    expect(messages('action.notifySales', { to: 'nobody', message: 'x', extra: 1 })).toEqual([
      ['to', 'Enter an email address, like name@example.com'],
      ['', 'Remove the unknown setting "extra"'],
    ]);
    expect(messages('condition.attribute', { attribute: 'plan', op: 'eq' })).toEqual([
      ['value', 'Enter a value to compare with'],
    ]);
  });

  it('a shape problem inside a step says which step', () => {
    const bad = { ...node('a', 'action.addTag'), label: 'VIP', position: { x: 'left', y: 0 } };
    const d = validateFlow(doc([node('t', 'trigger.event'), bad]));
    expect(d[0]).toMatchObject({ nodeId: 'a', message: 'Add tag "VIP": enter a number' });
  });

  it('document shape problems are worded the same way', () => {
    const d = validateFlow({ ...doc([node('t', 'trigger.event')]), settings: { name: '' } });
    expect(d[0]).toMatchObject({ path: ['settings', 'name'], message: 'Enter a name' });
  });
});
