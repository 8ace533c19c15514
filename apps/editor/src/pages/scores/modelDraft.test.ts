import { ScoringModel } from '@scoreflow/flow';
import { describe, expect, it } from 'vitest';
import { describePointer, draftOfModel, emptyRow, modelInputOf } from './modelDraft.js';

describe('model table drafts', () => {
  it('turns a stored model into table text and back without change', () => {
    const model = ScoringModel.parse({
      name: 'B2B',
      salesReadyScore: 200,
      rows: [
        {
          id: 'paper',
          event: 'content.downloaded',
          filter: { property: 'asset', op: 'eq', value: 'whitepaper' },
          stage: 'engagement',
          readiness: 30,
        },
        {
          id: 'big',
          event: 'purchase',
          filter: { property: 'amount', op: 'gte', value: 1000 },
          stage: 'purchase',
          points: 50,
        },
        {
          id: 'any',
          event: 'form.submitted',
          filter: { property: 'company', op: 'exists' },
          stage: 'consideration',
          points: 20,
        },
      ],
    });
    expect(ScoringModel.parse(modelInputOf(draftOfModel(model)))).toEqual(model);
  });

  it('keeps an unmapped asset as a row with a blank event, saved as no event', () => {
    const model = ScoringModel.parse({
      name: 'Sheet',
      rows: [{ id: 'fair', asset: 'Met at the fair', stage: 'purchase', points: 40 }],
    });
    const draft = draftOfModel(model);
    expect(draft.rows[0]?.event).toBe('');
    expect(modelInputOf(draft).rows?.[0]?.event).toBeNull();
    expect(ScoringModel.parse(modelInputOf(draft))).toEqual(model);
  });

  it('gives new rows an unused id, and names rows in problems', () => {
    const rows = [emptyRow([])];
    expect(rows[0]?.id).toBe('r1');
    expect(emptyRow([...rows, { ...emptyRow(rows), id: 'r2' }]).id).toBe('r3');
    expect(describePointer('/rows/2/filter/value')).toBe('Row 3, filter.value');
    expect(describePointer('/salesReadyScore')).toBe('salesReadyScore');
  });
});
