import { Diagnostic, FlowDocument } from '@scoreflow/flow';
import { z } from 'zod';

// Schemas and helpers used by the operation table (documentation only; routes validate with their own).
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

export const Items = z.looseObject({ items: z.array(z.looseObject({})) });
export const page = {
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
};
export const Flow = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  document: FlowDocument,
});
export const Diagnostics = z.object({ diagnostics: z.array(Diagnostic) });
export const EventResult = z.looseObject({
  index: z.number(),
  id: z.string().optional(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
});
export const SegmentMessage = z
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
export const SegmentAnswer = z.looseObject({
  success: z.literal(true),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(z.object({ index: z.number(), id: z.string().optional(), message: z.string() })),
});
export const RunFilter = {
  contactId: z.string().optional(),
  flowId: z.string().optional(),
  flowVersion: z.coerce.number().int().optional(),
  status: z.enum(['running', 'waiting', 'completed', 'exited', 'failed', 'cancelled']).optional(),
  from: z.string().optional().describe('epoch ms or ISO-8601'),
  to: z.string().optional().describe('epoch ms or ISO-8601'),
};
export const WebhookSecret = z.object({
  flowId: z.string(),
  secret: z.string(),
  algorithm: z.literal('HMAC-SHA256'),
  signatureHeader: z.string(),
  timestampHeader: z.string(),
  signedContent: z.string(),
});
export const ok = (description: string, schema?: z.ZodType) => ({
  '200': { description, ...(schema ? { schema } : {}) },
});
export const html = (description: string) => ({ '200': { description, type: 'text/html' } });
export const none = { '204': { description: 'Done; no content', type: '' } };

export const segment = (type: string): Operation => ({
  method: 'post',
  path: `/v1/${type}`,
  tag: 'Segment',
  summary: `Segment ${type} call (HTTP Basic: the write key as user name)`,
  body: SegmentMessage,
  responses: ok('Stored (or dropped as a duplicate messageId)', SegmentAnswer),
});
