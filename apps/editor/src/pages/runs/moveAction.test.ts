import type { FlowDocument } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { moveSentence } from './moveAction.js';

const doc = {
  schemaVersion: 1,
  settings: { name: 'Nurture', reentry: { mode: 'always' }, exits: [] },
  nodes: [
    { id: 'w', type: 'control.wait', label: 'Wait', position: { x: 0, y: 0 }, config: { seconds: 60 } },
    { id: 'n', type: 'action.addTag', label: 'Nudge', position: { x: 0, y: 0 }, config: { tag: 'x' } },
  ],
  edges: [],
  notes: [],
} as unknown as FlowDocument;

describe('a run moved to a newer version', () => {
  it('names the step it kept', () => {
    expect(moveSentence({ fromVersion: 1, toVersion: 2, fromNode: 'w' }, doc)).toBe(
      'Moved from version 1 to version 2 (at Wait)',
    );
  });

  it('names the step it was sent to when its own is gone', () => {
    expect(moveSentence({ fromVersion: 1, toVersion: 2, fromNode: 'old', toNode: 'n' }, doc)).toBe(
      'Moved from version 1 to version 2, sent to Nudge: its step is gone',
    );
  });

  it('says it was taken out when its step is gone', () => {
    expect(moveSentence({ fromVersion: 1, toVersion: 3, fromNode: 'old', exited: true }, doc)).toBe(
      'Moved from version 1 to version 3, taken out: its step is gone',
    );
  });

  it('is nothing for another action', () => {
    expect(moveSentence({ fromNode: 'w' }, doc)).toBeNull();
    expect(moveSentence(null, doc)).toBeNull();
  });
});
