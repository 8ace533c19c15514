import { z } from 'zod';
import { DEFAULT_SCORE, ScoreName } from './nodes/fields.js';

/** Event types that count as engagement when a decay policy names none. */
export const DEFAULT_ENGAGEMENT_EVENTS = ['email.opened', 'email.clicked'] as const;

const Days = z.number().positive().max(3650);
const EngagementEvents = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(50)
  .default([...DEFAULT_ENGAGEMENT_EVENTS]);

/**
 * How a score fades when a contact stops engaging. Products differ, so all three usual models exist:
 * - expire: each point expires `days` after it was earned (flow and manual gains are taken back);
 * - percent: the score drops `percent` % for every full `periodDays` without an engagement event;
 * - reset: after `days` without an engagement event the score is set to `value`.
 */
export const DecayPolicy = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('expire'), days: Days }),
  z.strictObject({
    kind: z.literal('percent'),
    percent: z.number().gt(0).max(100),
    periodDays: Days,
    events: EngagementEvents,
  }),
  z.strictObject({
    kind: z.literal('reset'),
    days: Days,
    value: z.number().finite().default(0),
    events: EngagementEvents,
  }),
]);
export type DecayPolicy = z.infer<typeof DecayPolicy>;

/** A named score: its bounds and how it decays. `SCORE` always exists. */
export const ScoreDefinition = z
  .strictObject({
    name: ScoreName,
    description: z.string().max(500).default(''),
    floor: z.number().finite().nullable().default(null),
    cap: z.number().finite().nullable().default(null),
    decay: DecayPolicy.nullable().default(null),
  })
  .refine((d) => d.floor === null || d.cap === null || d.floor <= d.cap, {
    message: 'The floor must not be above the cap',
    path: ['floor'],
  });
export type ScoreDefinition = z.infer<typeof ScoreDefinition>;

export const DEFAULT_SCORE_DEFINITION: ScoreDefinition = {
  name: DEFAULT_SCORE,
  description: 'The default lead score',
  floor: null,
  cap: null,
  decay: null,
};

/** Keeps a value within a definition's floor and cap. */
export function clampScore(value: number, def: Pick<ScoreDefinition, 'floor' | 'cap'>): number {
  let v = value;
  if (def.floor !== null && v < def.floor) v = def.floor;
  if (def.cap !== null && v > def.cap) v = def.cap;
  return v;
}
