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

/** A named range of a score, from `min` (inclusive; null = no lower bound) up to the next band's min. */
export const ScoreBand = z.strictObject({
  name: z.string().trim().min(1).max(50),
  min: z.number().finite().nullable(),
});
export type ScoreBand = z.infer<typeof ScoreBand>;

/** New lead < 20 · warm 20–49 · marketing-qualified 50–80 · sales-qualified > 80 (81 for whole scores). */
export const DEFAULT_BANDS: ScoreBand[] = [
  { name: 'new', min: null },
  { name: 'warm', min: 20 },
  { name: 'MQL', min: 50 },
  { name: 'SQL', min: 81 },
];

const Bands = z
  .array(ScoreBand)
  .max(20)
  .superRefine((bands, ctx) => {
    const names = new Set<string>();
    bands.forEach((band, i) => {
      if (names.has(band.name))
        ctx.addIssue({ code: 'custom', message: `Band "${band.name}" appears twice`, path: [i, 'name'] });
      names.add(band.name);
      const prev = bands[i - 1];
      if (i > 0 && band.min === null)
        ctx.addIssue({
          code: 'custom',
          message: 'Only the first band may have no minimum',
          path: [i, 'min'],
        });
      if (prev && prev.min !== null && band.min !== null && band.min <= prev.min) {
        ctx.addIssue({
          code: 'custom',
          message: 'Bands must be in increasing order of their minimum',
          path: [i, 'min'],
        });
      }
    });
  });

/** The band a value falls in (the last band whose minimum it reaches), or undefined without bands. */
export function bandOf(value: number, bands: readonly ScoreBand[] | null | undefined): string | undefined {
  let found: string | undefined;
  for (const band of bands ?? []) if (band.min === null || value >= band.min) found = band.name;
  return found;
}

/** The list a contact in `band` of `score` is in, so bands work as dynamic segments ("SCORE: MQL"). */
export const bandListName = (score: string, band: string) => `${score}: ${band}`;

/**
 * How an account's score comes from its contacts' scores: their sum (a buying committee adds up), the
 * highest (the hottest contact speaks for the account) or the average.
 */
export const ACCOUNT_AGGREGATES = ['sum', 'max', 'average'] as const;
export const AccountAggregate = z.enum(ACCOUNT_AGGREGATES);
export type AccountAggregate = z.infer<typeof AccountAggregate>;

/** Points to two decimals, as account scores and their parts are shown (averages divide). */
export const roundPoints = (n: number) => Math.round(n * 100) / 100;

/** An account's score from its contacts' values (0 for an account without contacts). */
export function aggregateAccountScore(values: readonly number[], aggregate: AccountAggregate): number {
  if (values.length === 0) return 0;
  // Reduced, not spread into Math.max: an account may have more contacts than a call has arguments.
  if (aggregate === 'max') return values.reduce((a, b) => Math.max(a, b));
  const sum = values.reduce((a, b) => a + b, 0);
  const value = aggregate === 'sum' ? sum : sum / values.length;
  return roundPoints(value);
}

/** A named score: its bounds, how it decays, its bands and how accounts add it up. `SCORE` always exists. */
export const ScoreDefinition = z
  .strictObject({
    name: ScoreName,
    description: z.string().max(500).default(''),
    floor: z.number().finite().nullable().default(null),
    cap: z.number().finite().nullable().default(null),
    decay: DecayPolicy.nullable().default(null),
    bands: Bands.nullable().default(DEFAULT_BANDS),
    account: AccountAggregate.default('sum'),
  })
  .refine((d) => d.floor === null || d.cap === null || d.floor <= d.cap, {
    message: 'The floor must not be above the cap',
    path: ['floor'],
  });
export type ScoreDefinition = z.infer<typeof ScoreDefinition>;
export type ScoreDefinitionInput = z.input<typeof ScoreDefinition>;

export const DEFAULT_SCORE_DEFINITION: ScoreDefinition = {
  name: DEFAULT_SCORE,
  description: 'The default lead score',
  floor: null,
  cap: null,
  decay: null,
  bands: DEFAULT_BANDS,
  account: 'sum',
};

/**
 * Keeps a value within a floor and a cap (a score definition's, or a node's own); a bound that is
 * null or absent does not apply. The engine and the runtime both clamp with this.
 */
export function clampScore(
  value: number,
  bounds: { floor?: number | null | undefined; cap?: number | null | undefined },
): number {
  let v = value;
  if (bounds.floor != null && v < bounds.floor) v = bounds.floor;
  if (bounds.cap != null && v > bounds.cap) v = bounds.cap;
  return v;
}
