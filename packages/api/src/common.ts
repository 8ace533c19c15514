import { z } from 'zod';

/** A validation finding as the server reports it (the shared validator's shape, loosely read). */
export const ApiDiagnostic = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.unknown().optional(),
  pointer: z.string().optional(),
});
export type ApiDiagnostic = z.infer<typeof ApiDiagnostic>;

/** RFC 9457 problem details, as every API error is answered. */
export const Problem = z
  .object({
    type: z.string().optional(),
    title: z.string().optional(),
    status: z.number().optional(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    /** The request's id, also in the x-request-id header and the request's log lines. */
    requestId: z.string().optional(),
    // Flow diagnostics carry a severity; body-validation errors only a pointer and a message.
    errors: z.array(z.object({ pointer: z.string().optional(), message: z.string() }).loose()).optional(),
  })
  .loose()
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof Problem>;

/** A list answer: `{ items: [...] }`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** A list answer whose items are not described further. */
export const Items = z.looseObject({ items: z.array(z.looseObject({})) });

/** Paging of list routes. */
export const page = {
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
};

/** Names in use (scores, tags, lists, templates); items may be strings or named objects. */
export const NameList = z.object({
  items: z.array(z.union([z.string(), z.object({ name: z.string() }).loose()])),
});
