import { z } from 'zod';
import { request } from './client.js';
import { OutboxItem, StoredEvent } from './runs.js';

export const ContactSummary = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    externalId: z.string().nullable(),
    attributes: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    lastEngagedAt: z.string().nullable(),
    unsubscribedAt: z.string().nullable(),
  })
  .loose();
export type ContactSummary = z.infer<typeof ContactSummary>;

/** A contact with its current scores, memberships and engagement (with the counts it comes from). */
export const ContactDetail = ContactSummary.extend({
  scores: z.record(z.string(), z.number()),
  tags: z.array(z.string()),
  lists: z.array(z.string()),
  engagement: z.object({
    level: z.string(),
    points: z.number(),
    counts: z.object({
      opens30: z.number(),
      clicks30: z.number(),
      opens90: z.number(),
      clicks90: z.number(),
    }),
  }),
  /** Recency, frequency, monetary and social, 25 points each weighted by their percentage. */
  actionScore: z
    .object({
      score: z.number(),
      exact: z.number(),
      parts: z.object({
        recency: z.number(),
        frequency: z.number(),
        monetary: z.number(),
        social: z.number(),
      }),
    })
    .optional(),
});
export type ContactDetail = z.infer<typeof ContactDetail>;

/** One score change and its cause: a row of the answer to "why is SCORE 45?". */
export const LedgerEntry = z.object({
  id: z.number().int(),
  score: z.string(),
  delta: z.number(),
  value: z.number(),
  causeKind: z.enum(['flow', 'decay', 'manual', 'exit']),
  flowId: z.string().nullable(),
  flowVersion: z.number().int().nullable(),
  nodeId: z.string().nullable(),
  runId: z.string().nullable(),
  eventId: z.string().nullable(),
  actor: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

const enc = encodeURIComponent;
const Items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Typed access to the contact API. */
export const contactsApi = {
  /** Exact match on email or external id; null when nobody has it. */
  async find(by: 'email' | 'externalId', value: string): Promise<ContactSummary | null> {
    const { items } = await request('GET', `/api/contacts?${by}=${enc(value)}`, Items(ContactSummary));
    return items[0] ?? null;
  },
  list: async (limit = 50, offset = 0) =>
    (await request('GET', `/api/contacts?limit=${limit}&offset=${offset}`, Items(ContactSummary))).items,
  get: (id: string) => request('GET', `/api/contacts/${enc(id)}`, ContactDetail),
  ledger: async (id: string, opts: { score?: string; beforeId?: number; limit?: number } = {}) => {
    const params = new URLSearchParams({ limit: String(opts.limit ?? 50) });
    if (opts.score) params.set('score', opts.score);
    if (opts.beforeId !== undefined) params.set('beforeId', String(opts.beforeId));
    return (await request('GET', `/api/contacts/${enc(id)}/ledger?${params}`, Items(LedgerEntry))).items;
  },
  events: async (id: string) =>
    (await request('GET', `/api/contacts/${enc(id)}/events?limit=50`, Items(StoredEvent))).items,
  outbox: async (id: string) =>
    (await request('GET', `/api/outbox?contactId=${enc(id)}&limit=50`, Items(OutboxItem))).items,
};
