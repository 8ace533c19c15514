import { z } from 'zod';
import { defineNode } from '../define.js';
import { DEFAULT_SCORE, Name, ScoreName } from './fields.js';

export const bandChangedTrigger = defineNode({
  type: 'trigger.bandChanged',
  kind: 'trigger',
  label: 'Band changed',
  description: 'Starts when a contact moves into another band of a score (e.g. from warm to MQL).',
  icon: 'layers',
  configSchema: z.strictObject({
    score: ScoreName,
    /** Only when entering this band; any band when absent. */
    band: Name.describe('Band entered').optional(),
  }),
  outputs: ['next'],
  defaultConfig: { score: DEFAULT_SCORE, band: 'MQL' },
  summary: (c) => (c.band ? `${c.score} enters ${c.band}` : `${c.score} changes band`),
  triggerKey: (c) => c.score,
});
