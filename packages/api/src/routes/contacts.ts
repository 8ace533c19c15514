import { z } from 'zod';
import { Items, itemsOf } from '../common.js';
import { ALL, EDIT } from '../permissions.js';
import { csv, ok, route } from '../route.js';
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

/** The sort keys of the contacts list; the store maps each to a fixed SQL expression. */
export const CONTACT_SORTS = ['created', 'email', 'score', 'engagement', 'lastActivity'] as const;
export const ContactSort = z.enum(CONTACT_SORTS);
export type ContactSort = z.infer<typeof ContactSort>;

/** A contact's fit × engagement grade under one scoring model that grades ("B2"). */
export const ContactGrade = z.object({
  /** The scoring model's name. */
  model: z.string(),
  grade: z.string(),
  /** The model's fit score and its value. */
  fitScore: z.string(),
  fit: z.number(),
  /** The model's engagement score (the one its rows add to) and its value. */
  score: z.string(),
  engagement: z.number(),
});
export type ContactGrade = z.infer<typeof ContactGrade>;

/** The account a contact belongs to: its company attribute, else its email's company domain. */
export const ContactAccount = z.object({
  /** The account's key in `/api/accounts/:key` (lower case). */
  key: z.string(),
  /** The company as first written, or the domain. */
  name: z.string(),
});
export type ContactAccount = z.infer<typeof ContactAccount>;

/** A row of the contacts list: the contact with each score and its band, engagement and last activity. */
export const ContactListItem = ContactSummary.extend({
  scores: z.array(z.object({ name: z.string(), value: z.number(), band: z.string().nullable() })),
  /** One grade per scoring model with grading, by model name. */
  grades: z.array(ContactGrade),
  account: ContactAccount.nullable(),
  /** The stored engagement level; null before it was first computed, which counts as "not engaged". */
  engagementLevel: z.string().nullable(),
  /** When the contact's latest event happened; null when it has none. */
  lastActivityAt: z.string().nullable(),
});
export type ContactListItem = z.infer<typeof ContactListItem>;

/** A page of the contacts list and how many contacts there are in all. */
export const ContactList = z.object({ items: z.array(ContactListItem), total: z.number().int() });
export type ContactList = z.infer<typeof ContactList>;

/** A contact with its current scores, memberships and engagement (with the counts it comes from). */
export const ContactDetail = ContactSummary.extend({
  scores: z.record(z.string(), z.number()),
  grades: z.array(ContactGrade),
  account: ContactAccount.nullable(),
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
  /** fit: an attribute rule of a scoring model started or stopped counting (the note names it). */
  causeKind: z.enum(['flow', 'decay', 'manual', 'exit', 'merge', 'fit']),
  flowId: z.string().nullable(),
  flowVersion: z.number().int().nullable(),
  nodeId: z.string().nullable(),
  runId: z.string().nullable(),
  eventId: z.string().nullable(),
  actor: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
  /** The contact the row was written for, when it came with that contact's merge into this one. */
  mergedFrom: z.string().nullable().optional(),
  /** The flow's name, when a flow caused the change (the ledger route fills it in). */
  flowName: z.string().nullable().optional(),
  /** The node as people name it, label with type ("Clicked pricing (Adjust score)"). */
  nodeLabel: z.string().nullable().optional(),
  /** The type of the event behind the change ("email.clicked"), while the event is still stored. */
  eventType: z.string().nullable().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** Which contact to merge into the one in the path; it is removed and its id redirects here. */
export const MergeRequest = z.object({ from: z.string().min(1).max(200) });

/** The merged contact and what the merge did. */
export const MergeResult = z.object({
  contact: ContactSummary,
  merged: z.object({
    into: z.string(),
    from: z.string(),
    fromEmail: z.string().nullable(),
    fromExternalId: z.string().nullable(),
    scores: z.array(z.object({ score: z.string(), into: z.number(), from: z.number(), value: z.number() })),
    tagsAdded: z.array(z.string()),
    listsAdded: z.array(z.string()),
    attributesFilled: z.array(z.string()),
    attributesKept: z.array(z.string()),
    moved: z.object({
      ledger: z.number(),
      events: z.number(),
      runs: z.number(),
      waits: z.number(),
      outbox: z.number(),
    }),
    runsCancelled: z.array(z.object({ runId: z.string(), flowId: z.string(), reason: z.string() })),
  }),
});
export type MergeResult = z.infer<typeof MergeResult>;

const limit = z.coerce.number().int().min(1).max(500).default(50);
const offset = z.coerce.number().int().min(0).default(0);

export const ContactQuery = z.object({
  email: z.string().min(1).optional(),
  externalId: z.string().min(1).optional(),
  sort: ContactSort.default('created'),
  order: z.enum(['asc', 'desc']).default('desc'),
  /** The score `sort=score` orders by. */
  score: z.string().min(1).max(100).default('SCORE'),
  limit,
  offset,
});
export const EventsQuery = z.object({ limit, before: z.coerce.number().int().optional() });
export const LedgerQuery = z.object({
  score: z.string().min(1).optional(),
  limit,
  beforeId: z.coerce.number().int().positive().optional(),
});
export const OutboxQuery = z.object({ contactId: z.string().min(1), limit, offset });
export const ImportQuery = z.object({ startFlows: z.enum(['true', 'false']).default('false') });

const tag = 'Contacts';

/** An email a frequency cap held back: skipped, or postponed until a place in the window frees up. */
export const HeldBackSend = z.object({
  runId: z.string(),
  flowId: z.string(),
  flowName: z.string().nullable(),
  flowVersion: z.number().int(),
  nodeId: z.string(),
  /** The Send email step's name as the canvas shows it. */
  stepName: z.string().nullable(),
  template: z.string(),
  /** "3 emails in the last 24 hours (cap: 3 per 24 hours)" */
  reason: z.string(),
  action: z.enum(['skipped', 'postponed']),
  /** When a postponed send was due to try again (ISO 8601); null for a skipped one. */
  postponedUntil: z.string().nullable(),
  at: z.string(),
});
export type HeldBackSend = z.infer<typeof HeldBackSend>;

export const CONTACTS = {
  list: route({
    method: 'get',
    path: '/api/contacts',
    permission: ALL,
    tag,
    summary: 'Find a contact by email or external id, or list contacts sorted by a column, paged',
    query: ContactQuery,
    responses: ok('Contacts', ContactList),
  }),
  // Before '/api/contacts/:id' so "export.csv" is never read as a contact id.
  exportCsv: route({
    method: 'get',
    path: '/api/contacts/export.csv',
    permission: ALL,
    tag,
    summary: 'Every contact as CSV (streamed)',
    responses: csv('CSV'),
  }),
  importCsv: route({
    method: 'post',
    path: '/api/contacts/import',
    permission: EDIT,
    tag,
    summary: 'Import contacts from CSV; per-row errors with line numbers',
    query: ImportQuery,
    body: z.string().describe('CSV with a header row'),
    bodyType: 'text/csv',
    responses: ok('Counts and per-row errors'),
  }),
  get: route({
    method: 'get',
    path: '/api/contacts/:id',
    permission: ALL,
    tag,
    summary:
      'A contact with scores, tags, lists and engagement; a merged contact answers as the one it went into',
    responses: ok('The contact', ContactDetail),
  }),
  merge: route({
    method: 'post',
    path: '/api/contacts/:id/merge',
    permission: EDIT,
    tag,
    summary: 'Merge another contact into this one; the other is removed and its id redirects here',
    body: MergeRequest,
    responses: ok('The merged contact and what the merge did', MergeResult),
  }),
  events: route({
    method: 'get',
    path: '/api/contacts/:id/events',
    permission: ALL,
    tag,
    summary: 'The contact’s events, newest first',
    query: EventsQuery,
    responses: ok('Events', itemsOf(StoredEvent)),
  }),
  ledger: route({
    method: 'get',
    path: '/api/contacts/:id/ledger',
    permission: ALL,
    tag,
    summary: 'Every score change with its cause',
    query: LedgerQuery,
    responses: ok('Ledger rows', itemsOf(LedgerEntry)),
  }),
  heldBack: route({
    method: 'get',
    path: '/api/contacts/:id/held-back',
    permission: ALL,
    tag,
    summary:
      "The contact's emails frequency caps held back (skipped or postponed), with the reason, newest first",
    responses: ok('Held-back sends', itemsOf(HeldBackSend)),
  }),
  outbox: route({
    method: 'get',
    path: '/api/outbox',
    permission: ALL,
    tag,
    summary: 'Emails, webhooks and notifications of a contact',
    query: OutboxQuery,
    responses: ok('Outbox rows', itemsOf(OutboxItem)),
  }),
  tags: route({
    method: 'get',
    path: '/api/tags',
    permission: ALL,
    tag,
    summary: 'Tags in use, with how many contacts have each',
    responses: ok('Tags', Items),
  }),
  lists: route({
    method: 'get',
    path: '/api/lists',
    permission: ALL,
    tag,
    summary: 'Lists in use (score bands and engagement levels included), with their member counts',
    responses: ok('Lists', Items),
  }),
};
