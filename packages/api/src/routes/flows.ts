import { FlowDocument } from '@scoreflow/flow';
import { z } from 'zod';
import { ApiDiagnostic, Items } from '../common.js';
import { ALL, EDIT } from '../permissions.js';
import { created, none, ok, route } from '../route.js';

export const FlowStatus = z.enum(['draft', 'active', 'paused']);
export type FlowStatus = z.infer<typeof FlowStatus>;

export const FlowSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: FlowStatus,
  latestVersion: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FlowSummary = z.infer<typeof FlowSummary>;

export const FlowRecord = FlowSummary.extend({
  document: FlowDocument,
  diagnostics: z.array(ApiDiagnostic).default([]),
});
export type FlowRecord = z.infer<typeof FlowRecord>;

export const VersionSummary = z.object({
  flowId: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const VersionRecord = VersionSummary.extend({ document: FlowDocument });
export type VersionRecord = z.infer<typeof VersionRecord>;

export const Diagnostics = z.object({ diagnostics: z.array(ApiDiagnostic) });

export const CreateFlowBody = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  document: z.unknown().optional(),
});
export const UpdateFlowBody = z.object({ document: z.unknown() });

/**
 * What create and validate take: `{ name?, document? }`, where `name` stands for the document's
 * `settings.name` (it may be left out of the document then), or the bare document.
 */
const FlowBody = z
  .union([CreateFlowBody.extend({ document: FlowDocument.optional() }), FlowDocument])
  .describe('{ name?, document? } (name replaces document.settings.name), or the bare document');

export const WebhookSecret = z.object({
  flowId: z.string(),
  secret: z.string(),
  algorithm: z.literal('HMAC-SHA256'),
  signatureHeader: z.string(),
  timestampHeader: z.string(),
  signedContent: z.string(),
});

const tag = 'Flows';

export const FLOWS = {
  list: route({
    method: 'get',
    path: '/api/flows',
    permission: ALL,
    tag,
    summary: 'List flows',
    responses: ok('Flows', z.object({ items: z.array(FlowSummary) })),
  }),
  create: route({
    method: 'post',
    path: '/api/flows',
    permission: EDIT,
    tag,
    summary: 'Create a flow from a name or a document',
    body: FlowBody,
    responses: created('Created', FlowRecord),
  }),
  // Before '/api/flows/:id' so "validate" is never read as a flow id.
  validate: route({
    method: 'post',
    path: '/api/flows/validate',
    permission: ALL,
    tag,
    summary: 'Every diagnostic of a document',
    body: FlowBody,
    responses: ok('Diagnostics', Diagnostics),
  }),
  get: route({
    method: 'get',
    path: '/api/flows/:id',
    permission: ALL,
    tag,
    summary: 'The draft, with its diagnostics',
    responses: ok('The flow', FlowRecord),
  }),
  save: route({
    method: 'put',
    path: '/api/flows/:id',
    permission: EDIT,
    tag,
    summary: 'Replace the draft',
    body: UpdateFlowBody.extend({ document: FlowDocument }),
    responses: ok('The flow', FlowRecord),
  }),
  remove: route({
    method: 'delete',
    path: '/api/flows/:id',
    permission: EDIT,
    tag,
    summary: 'Delete a flow',
    responses: none,
  }),
  publish: route({
    method: 'post',
    path: '/api/flows/:id/publish',
    permission: EDIT,
    tag,
    summary: 'Freeze a new version (422 with every diagnostic)',
    responses: created('The version', VersionRecord),
  }),
  versions: route({
    method: 'get',
    path: '/api/flows/:id/versions',
    permission: ALL,
    tag,
    summary: 'Published versions',
    responses: ok('Versions', z.object({ items: z.array(VersionSummary) })),
  }),
  version: route({
    method: 'get',
    path: '/api/flows/:id/versions/:version',
    permission: ALL,
    tag,
    summary: 'One published version',
    responses: ok('The version', VersionRecord),
  }),
  activate: route({
    method: 'post',
    path: '/api/flows/:id/activate',
    permission: EDIT,
    tag,
    summary: 'Run the latest version on events',
    responses: ok('The flow', FlowRecord),
  }),
  pause: route({
    method: 'post',
    path: '/api/flows/:id/pause',
    permission: EDIT,
    tag,
    summary: 'Stop running the flow',
    responses: ok('The flow', FlowRecord),
  }),
  nodeTypes: route({
    method: 'get',
    path: '/api/node-types',
    permission: ALL,
    tag,
    summary: 'The node catalog with config JSON Schemas',
    responses: ok('Node types', Items),
  }),
  webhookSecret: route({
    method: 'get',
    path: '/api/flows/:id/webhook-secret',
    permission: EDIT,
    tag: 'Webhooks',
    summary: 'The key that signs this flow’s webhooks',
    responses: ok('The key', WebhookSecret),
  }),
  rotateWebhookSecret: route({
    method: 'post',
    path: '/api/flows/:id/webhook-secret/rotate',
    permission: EDIT,
    tag: 'Webhooks',
    summary: 'Replace the signing key',
    responses: ok('The new key', WebhookSecret),
  }),
};
