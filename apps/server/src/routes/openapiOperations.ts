import { Diagnostic, FlowDocument, ScoreDefinition } from '@scoreflow/flow';
import { IncomingEvent, MAX_BATCH_EVENTS } from '@scoreflow/runtime';
import { z } from 'zod';
import { EmailTemplateInput } from './templates.js';

/** One documented operation; `path` is written as express writes it (`/api/flows/:id`). */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  tag: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Media type of the body (default application/json). */
  bodyType?: string;
  /** Success status → description and, for JSON answers, the schema (default: any JSON object). */
  responses: Record<string, { description: string; schema?: z.ZodType; type?: string }>;
}

const Items = z.looseObject({ items: z.array(z.looseObject({})) });
const page = {
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
};
const Flow = z.looseObject({ id: z.string(), name: z.string(), status: z.string(), document: FlowDocument });
const Diagnostics = z.object({ diagnostics: z.array(Diagnostic) });
const EventResult = z.looseObject({
  index: z.number(),
  id: z.string().optional(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
});
const SegmentMessage = z
  .looseObject({
    type: z.string().optional(),
    messageId: z.string().optional(),
    userId: z.string().optional(),
    anonymousId: z.string().optional(),
    event: z.string().optional(),
    traits: z.record(z.string(), z.unknown()).optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    timestamp: z.string().optional(),
  })
  .describe('A message as the Segment spec defines it (32 KB at most)');
const SegmentAnswer = z.looseObject({
  success: z.literal(true),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(z.object({ index: z.number(), id: z.string().optional(), message: z.string() })),
});
const RunFilter = {
  contactId: z.string().optional(),
  flowId: z.string().optional(),
  flowVersion: z.coerce.number().int().optional(),
  status: z.enum(['running', 'waiting', 'completed', 'exited', 'failed', 'cancelled']).optional(),
  from: z.string().optional().describe('epoch ms or ISO-8601'),
  to: z.string().optional().describe('epoch ms or ISO-8601'),
};
const WebhookSecret = z.object({
  flowId: z.string(),
  secret: z.string(),
  algorithm: z.literal('HMAC-SHA256'),
  signatureHeader: z.string(),
  timestampHeader: z.string(),
  signedContent: z.string(),
});
const ok = (description: string, schema?: z.ZodType) => ({
  '200': { description, ...(schema ? { schema } : {}) },
});
const html = (description: string) => ({ '200': { description, type: 'text/html' } });
const none = { '204': { description: 'Done; no content', type: '' } };

const segment = (type: string): Operation => ({
  method: 'post',
  path: `/v1/${type}`,
  tag: 'Segment',
  summary: `Segment ${type} call (HTTP Basic: the write key as user name)`,
  body: SegmentMessage,
  responses: ok('Stored (or dropped as a duplicate messageId)', SegmentAnswer),
});

/**
 * Every route the server answers, for the OpenAPI document. A test walks express's router and fails
 * when a route is missing here, so the reference cannot drift from the code.
 */
export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', tag: 'Health', summary: 'The process is up', responses: ok('Up') },
  {
    method: 'get',
    path: '/readyz',
    tag: 'Health',
    summary: 'SQLite and Redis answer (503 otherwise)',
    responses: ok('Ready'),
  },

  { method: 'get', path: '/api/flows', tag: 'Flows', summary: 'List flows', responses: ok('Flows', Items) },
  {
    method: 'post',
    path: '/api/flows',
    tag: 'Flows',
    summary: 'Create a flow from a name or a document',
    body: z.object({ name: z.string().optional(), document: FlowDocument.optional() }),
    responses: { '201': { description: 'Created', schema: Flow } },
  },
  {
    method: 'post',
    path: '/api/flows/validate',
    tag: 'Flows',
    summary: 'Every diagnostic of a document',
    body: FlowDocument,
    responses: ok('Diagnostics', Diagnostics),
  },
  {
    method: 'get',
    path: '/api/flows/:id',
    tag: 'Flows',
    summary: 'The draft, with its diagnostics',
    responses: ok('The flow', Flow),
  },
  {
    method: 'put',
    path: '/api/flows/:id',
    tag: 'Flows',
    summary: 'Replace the draft',
    body: z.object({ document: FlowDocument }),
    responses: ok('The flow', Flow),
  },
  { method: 'delete', path: '/api/flows/:id', tag: 'Flows', summary: 'Delete a flow', responses: none },
  {
    method: 'post',
    path: '/api/flows/:id/publish',
    tag: 'Flows',
    summary: 'Freeze a new version (422 with every diagnostic)',
    responses: { '201': { description: 'The version' } },
  },
  {
    method: 'get',
    path: '/api/flows/:id/versions',
    tag: 'Flows',
    summary: 'Published versions',
    responses: ok('Versions', Items),
  },
  {
    method: 'get',
    path: '/api/flows/:id/versions/:version',
    tag: 'Flows',
    summary: 'One published version',
    responses: ok('The version'),
  },
  {
    method: 'post',
    path: '/api/flows/:id/activate',
    tag: 'Flows',
    summary: 'Run the latest version on events',
    responses: ok('The flow', Flow),
  },
  {
    method: 'post',
    path: '/api/flows/:id/pause',
    tag: 'Flows',
    summary: 'Stop running the flow',
    responses: ok('The flow', Flow),
  },
  {
    method: 'get',
    path: '/api/flows/:id/stats',
    tag: 'Runs',
    summary: 'Runs per status and edge counts of a flow',
    responses: ok('Statistics'),
  },
  {
    method: 'get',
    path: '/api/flows/:id/webhook-secret',
    tag: 'Webhooks',
    summary: 'The key that signs this flow’s webhooks',
    responses: ok('The key', WebhookSecret),
  },
  {
    method: 'post',
    path: '/api/flows/:id/webhook-secret/rotate',
    tag: 'Webhooks',
    summary: 'Replace the signing key',
    responses: ok('The new key', WebhookSecret),
  },
  {
    method: 'get',
    path: '/api/node-types',
    tag: 'Flows',
    summary: 'The node catalog with config JSON Schemas',
    responses: ok('Node types'),
  },

  {
    method: 'post',
    path: '/api/events',
    tag: 'Events',
    summary: 'Ingest one event (32 KB at most)',
    body: IncomingEvent,
    responses: { '202': { description: 'Stored', schema: EventResult } },
  },
  {
    method: 'post',
    path: '/api/events/batch',
    tag: 'Events',
    summary: `Ingest up to ${MAX_BATCH_EVENTS} events (500 KB at most)`,
    body: z.object({ events: z.array(IncomingEvent).max(MAX_BATCH_EVENTS) }),
    responses: {
      '202': { description: 'A result per event', schema: z.looseObject({ results: z.array(EventResult) }) },
    },
  },

  {
    method: 'get',
    path: '/api/contacts',
    tag: 'Contacts',
    summary: 'Find a contact by email or external id, or list contacts',
    query: z.object({ email: z.string().optional(), externalId: z.string().optional(), ...page }),
    responses: ok('Contacts', Items),
  },
  {
    method: 'get',
    path: '/api/contacts/export.csv',
    tag: 'Contacts',
    summary: 'Every contact as CSV (streamed)',
    responses: { '200': { description: 'CSV', type: 'text/csv' } },
  },
  {
    method: 'post',
    path: '/api/contacts/import',
    tag: 'Contacts',
    summary: 'Import contacts from CSV; per-row errors with line numbers',
    query: z.object({ startFlows: z.enum(['true', 'false']).optional() }),
    body: z.string().describe('CSV with a header row'),
    bodyType: 'text/csv',
    responses: ok('Counts and per-row errors'),
  },
  {
    method: 'get',
    path: '/api/contacts/:id',
    tag: 'Contacts',
    summary: 'A contact with scores, tags, lists and engagement',
    responses: ok('The contact'),
  },
  {
    method: 'get',
    path: '/api/contacts/:id/events',
    tag: 'Contacts',
    summary: 'The contact’s events, newest first',
    query: z.object({ limit: page.limit, before: z.string().optional() }),
    responses: ok('Events', Items),
  },
  {
    method: 'get',
    path: '/api/contacts/:id/ledger',
    tag: 'Contacts',
    summary: 'Every score change with its cause',
    query: z.object({
      score: z.string().optional(),
      limit: page.limit,
      beforeId: z.coerce.number().int().optional(),
    }),
    responses: ok('Ledger rows', Items),
  },
  {
    method: 'post',
    path: '/api/contacts/:id/scores/:name',
    tag: 'Contacts',
    summary: 'Change a score by hand (set a value or add a delta, with a note for the ledger)',
    body: z.object({
      value: z.number().optional(),
      delta: z.number().optional(),
      note: z.string().min(1).max(500),
    }),
    responses: { '201': { description: 'The ledger row' } },
  },
  {
    method: 'get',
    path: '/api/outbox',
    tag: 'Contacts',
    summary: 'Emails, webhooks and notifications of a contact',
    query: z.object({ contactId: z.string(), ...page }),
    responses: ok('Outbox rows', Items),
  },

  {
    method: 'get',
    path: '/api/runs',
    tag: 'Runs',
    summary: 'Runs, filtered and sorted',
    query: z.object({
      ...RunFilter,
      sort: z.enum(['startedAt', 'endedAt', 'updatedAt', 'status']).optional(),
      order: z.enum(['asc', 'desc']).optional(),
      ...page,
    }),
    responses: ok('Runs', Items),
  },
  {
    method: 'get',
    path: '/api/runs/:id',
    tag: 'Runs',
    summary: 'A run with its steps, waits and outbox rows',
    responses: ok('The run'),
  },
  {
    method: 'post',
    path: '/api/runs/:id/retry',
    tag: 'Runs',
    summary: 'Retry a failed run from its failed step',
    responses: ok('The run'),
  },
  {
    method: 'post',
    path: '/api/runs/:id/restart',
    tag: 'Runs',
    summary: 'Start the run again from its trigger',
    responses: ok('The new run'),
  },
  {
    method: 'post',
    path: '/api/runs/:id/cancel',
    tag: 'Runs',
    summary: 'Cancel a run',
    responses: ok('The run'),
  },
  {
    method: 'post',
    path: '/api/runs/:id/fast-forward',
    tag: 'Runs',
    summary: 'Fire the run’s pending wait now',
    responses: ok('The run'),
  },
  {
    method: 'post',
    path: '/api/runs/retry',
    tag: 'Runs',
    summary: 'Retry every failed run matching a filter',
    body: z.object(RunFilter),
    responses: ok('What was retried'),
  },

  {
    method: 'get',
    path: '/api/scores',
    tag: 'Scores',
    summary: 'Named scores',
    responses: ok('Scores', Items),
  },
  {
    method: 'get',
    path: '/api/scores/:name',
    tag: 'Scores',
    summary: 'One named score',
    responses: ok('The score', ScoreDefinition),
  },
  {
    method: 'put',
    path: '/api/scores/:name',
    tag: 'Scores',
    summary: 'Create or replace a named score',
    body: ScoreDefinition,
    responses: ok('Replaced', ScoreDefinition),
  },
  {
    method: 'delete',
    path: '/api/scores/:name',
    tag: 'Scores',
    summary: 'Delete a named score (not SCORE)',
    responses: none,
  },

  {
    method: 'get',
    path: '/api/templates',
    tag: 'Email',
    summary: 'Email templates',
    responses: ok('Templates', Items),
  },
  {
    method: 'get',
    path: '/api/templates/:name',
    tag: 'Email',
    summary: 'One email template',
    responses: ok('The template'),
  },
  {
    method: 'put',
    path: '/api/templates/:name',
    tag: 'Email',
    summary: 'Create or replace a template (syntax and variables checked)',
    body: EmailTemplateInput,
    responses: ok('Replaced'),
  },
  {
    method: 'delete',
    path: '/api/templates/:name',
    tag: 'Email',
    summary: 'Delete a template',
    responses: none,
  },
  {
    method: 'get',
    path: '/u/:token',
    tag: 'Email',
    summary: 'Unsubscribe page (the link in every email)',
    responses: html('Confirmation page'),
  },
  {
    method: 'post',
    path: '/u/:token',
    tag: 'Email',
    summary: 'Unsubscribe (RFC 8058 one-click)',
    bodyType: 'application/x-www-form-urlencoded',
    body: z.object({ 'List-Unsubscribe': z.literal('One-Click').optional() }),
    responses: html('Unsubscribed'),
  },

  {
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Reference',
    summary: 'This document',
    responses: ok('OpenAPI 3.1'),
  },
  {
    method: 'get',
    path: '/api/docs',
    tag: 'Reference',
    summary: 'The API reference page',
    responses: html('HTML'),
  },

  ...['track', 'identify', 'page', 'screen', 'group', 'alias'].map(segment),
  {
    method: 'post',
    path: '/v1/batch',
    tag: 'Segment',
    summary: 'Segment batch (500 KB at most); a bad message never fails the others',
    body: z.object({ batch: z.array(SegmentMessage) }),
    responses: ok('Stored', SegmentAnswer),
  },
];
