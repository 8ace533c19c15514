import { FlowDocument } from '@scoreflow/flow';
import { z } from 'zod';

/** A validation finding as the server reports it (same shape as the shared validator's). */
export const DiagnosticSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.unknown().optional(),
  pointer: z.string().optional(),
});
export type ApiDiagnostic = z.infer<typeof DiagnosticSchema>;

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
  diagnostics: z.array(DiagnosticSchema).default([]),
});
export type FlowRecord = z.infer<typeof FlowRecord>;

export const FlowList = z.object({ items: z.array(FlowSummary) });

export const VersionSummary = z.object({
  flowId: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const VersionRecord = VersionSummary.extend({ document: FlowDocument });
export type VersionRecord = z.infer<typeof VersionRecord>;

export const VersionList = z.object({ items: z.array(VersionSummary) });

export const DiagnosticsResponse = z.object({ diagnostics: z.array(DiagnosticSchema) });

/** RFC 9457 problem details, as every API error is answered. */
export const Problem = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  // Flow diagnostics carry a severity; body-validation errors only a pointer and a message.
  errors: z.array(z.object({ pointer: z.string().optional(), message: z.string() }).loose()).optional(),
});
export type Problem = z.infer<typeof Problem>;

/** Optional name lists (scores, tags, lists, templates); items may be strings or named objects. */
export const NameList = z.object({
  items: z.array(z.union([z.string(), z.object({ name: z.string() }).loose()])),
});
