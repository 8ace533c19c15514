import type { FlowDocument } from '@scoreflow/flow';
import { flow, node } from '@scoreflow/flow/testing';
import { describe, expect, it } from 'vitest';
import { readableStepInput } from './stepInput.js';

const doc = flow(
  [{ ...node('n0kwr5j', 'trigger.event', { event: 'pricing.viewed' }), label: 'Pricing viewed' }],
  [],
) as FlowDocument;

describe('readableStepInput', () => {
  it('names the trigger by its label and type, and leaves out an event that is not there', () => {
    expect(readableStepInput({ trigger: 'n0kwr5j', eventId: null }, doc)).toEqual({
      trigger: 'Pricing viewed (Event)',
    });
    expect(readableStepInput({ trigger: 'n0kwr5j', eventId: 'ev-1' }, doc)).toEqual({
      trigger: 'Pricing viewed (Event)',
      eventId: 'ev-1',
    });
  });

  it('names a retried step even when the version no longer has it', () => {
    expect(readableStepInput({ retry: 'gone' }, doc)).toEqual({ retry: 'Step gone' });
  });
});
