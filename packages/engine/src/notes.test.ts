import type { FlowDocument } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { runFlow } from './run.js';
import { contact, context, flow, node, start } from './testkit.js';

describe('runFlow and sticky notes', () => {
  it('runs a flow with notes exactly as the same flow without them', () => {
    const bare = flow(
      [
        node('t', 'trigger.event', { event: 'email.clicked' }),
        node('s', 'action.adjustScore', { score: 'SCORE', delta: 10 }),
        node('tag', 'action.addTag', { tag: 'clicked' }),
      ],
      ['t>s', 's>tag'],
    );
    const annotated: FlowDocument = {
      ...bare,
      notes: [
        { id: 'note1', position: { x: 300, y: 0 }, text: 'Clicks are worth 10' },
        // Even a note whose id is a step's id changes nothing: notes are not part of the graph.
        { id: 's', position: { x: 0, y: 0 }, text: 'same id as the score step', color: 'pink' },
      ],
    };
    const expected = runFlow(bare, contact(), start(), context());
    const result = runFlow(annotated, contact(), start(), context());
    expect(expected.status).toBe('completed');
    expect(result).toEqual(expected);
    expect(result.steps.map((s) => s.nodeId)).toEqual(['t', 's', 'tag']);
  });
});
