import { FlowDocument, validateFlow } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { FLOW_TEMPLATES } from './templates.js';

describe('flow templates', () => {
  it('offers the four templates of the issue', () => {
    expect(FLOW_TEMPLATES.map((t) => t.id)).toEqual(['stages', 'bands', 'decay', 'welcome']);
  });

  for (const t of FLOW_TEMPLATES) {
    it(`${t.name} is a valid document with no diagnostics at all`, () => {
      const doc = t.build();
      expect(FlowDocument.safeParse(doc).success).toBe(true);
      expect(validateFlow(doc)).toEqual([]);
    });
  }

  it('lead scoring by stages uses the stage point ranges', () => {
    const doc = FLOW_TEMPLATES[0]?.build();
    const deltas = doc?.nodes
      .filter((n) => n.type === 'action.adjustScore')
      .map((n) => n.config.delta as number);
    expect(deltas?.some((d) => d >= 5 && d <= 10)).toBe(true);
    expect(deltas?.some((d) => d >= 10 && d <= 20)).toBe(true);
    expect(deltas?.some((d) => d >= 30)).toBe(true);
  });
});
