import { z } from 'zod';
import { defineNode } from '../define.js';
import { DEFAULT_SCORE, ScoreName } from './fields.js';

function bounds(floor: number | undefined, cap: number | undefined): string {
  if (floor !== undefined && cap !== undefined) return ` (${floor}..${cap})`;
  if (floor !== undefined) return ` (min ${floor})`;
  if (cap !== undefined) return ` (max ${cap})`;
  return '';
}

export const adjustScoreAction = defineNode({
  type: 'action.adjustScore',
  kind: 'action',
  label: 'Adjust score',
  description: 'Adds or subtracts points, optionally kept within a floor and a cap.',
  icon: 'circle-plus',
  configSchema: z
    .strictObject({
      score: ScoreName,
      delta: z.number().refine((n) => n !== 0, 'The change must not be zero'),
      floor: z.number().optional(),
      cap: z.number().optional(),
      /** At most this many points gained from this step per contact within `limitDays` ("at most +20 per day"). */
      limit: z.number().positive().optional(),
      /** The window of `limit`, in days (default 1). */
      limitDays: z.number().positive().max(365).optional(),
    })
    .superRefine((c, ctx) => {
      if (c.floor !== undefined && c.cap !== undefined && c.floor > c.cap) {
        ctx.addIssue({ code: 'custom', message: 'The floor must not be above the cap', path: ['floor'] });
      }
    }),
  outputs: ['next'],
  defaultConfig: { score: DEFAULT_SCORE, delta: 10 },
  summary: (c) =>
    `${c.delta > 0 ? '+' : ''}${c.delta} to ${c.score}${bounds(c.floor, c.cap)}` +
    (c.limit === undefined
      ? ''
      : `, at most +${c.limit} per ${(c.limitDays ?? 1) === 1 ? 'day' : `${c.limitDays} days`}`),
});
