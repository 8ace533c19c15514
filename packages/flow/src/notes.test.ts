import { describe, expect, it } from 'vitest';
import { FlowDocument, type FlowNote } from './document.js';
import { leadScoringExample } from './examples.js';
import { parseFlowDocument } from './validation/parse.js';
import { validateFlow } from './validation/validate.js';

const note = (over: Partial<FlowNote> = {}): FlowNote => ({
  id: 'note1',
  position: { x: 40, y: -80 },
  text: 'Scores email clicks.\nAsk Dana before changing the delta.',
  ...over,
});

describe('sticky notes in the flow document', () => {
  it('a document written before notes existed stays valid and comes back without a notes key', () => {
    const old = leadScoringExample();
    const result = parseFlowDocument(old);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.document).toEqual(old);
      expect('notes' in result.document).toBe(false);
    }
  });

  it('keeps notes as written: text, position, size and colour', () => {
    const notes = [note(), note({ id: 'note2', text: '', size: { width: 320, height: 180 }, color: 'blue' })];
    const result = parseFlowDocument({ ...leadScoringExample(), notes });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.document.notes).toEqual(notes);
  });

  it('refuses a note with no id, an unknown colour or a size that is not positive', () => {
    const base = leadScoringExample();
    for (const bad of [
      { ...note(), id: '' },
      { ...note(), color: 'plaid' },
      { ...note(), size: { width: 0, height: 100 } },
      { ...note(), text: 'x'.repeat(5001) },
    ]) {
      expect(FlowDocument.safeParse({ ...base, notes: [bad] }).success).toBe(false);
    }
  });

  it('validation ignores notes: the same diagnostics with and without them', () => {
    const doc = leadScoringExample();
    expect(validateFlow(doc)).toEqual([]);
    // A note may even share an id with a step or sit on top of one: it is not part of the graph.
    const withNotes = {
      ...doc,
      notes: [note(), note({ id: doc.nodes[0]?.id ?? 'x', position: { x: 0, y: 0 } })],
    };
    expect(validateFlow(withNotes)).toEqual([]);
    const broken = { ...doc, edges: [] };
    expect(validateFlow({ ...broken, notes: [note()] })).toEqual(validateFlow(broken));
  });
});
