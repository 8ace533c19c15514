import { API, NameList } from '@scoreflow/api';
import type { FlowDocument, FlowDocumentInput } from '@scoreflow/flow';
import { call, request } from './client.js';

/** Typed access to the flow API; every answer is parsed with the contract's schemas. */
export const flowsApi = {
  list: async () => (await call(API.flows.list)).items,
  get: (id: string) => call(API.flows.get, { params: { id } }),
  create: (input: { name?: string; document?: FlowDocumentInput }) => call(API.flows.create, { body: input }),
  save: (id: string, document: FlowDocument) => call(API.flows.save, { params: { id }, body: { document } }),
  remove: (id: string) => call(API.flows.remove, { params: { id } }),
  validate: async (document: FlowDocument) =>
    (await call(API.flows.validate, { body: document })).diagnostics,
  publish: (id: string) => call(API.flows.publish, { params: { id } }),
  activate: (id: string) => call(API.flows.activate, { params: { id } }),
  pause: (id: string) => call(API.flows.pause, { params: { id } }),
  versions: async (id: string) => (await call(API.flows.versions, { params: { id } })).items,
  version: (id: string, version: number) => call(API.flows.version, { params: { id, version } }),
};

/** The kinds of names the config panel can suggest. */
export type NameKind = 'scores' | 'tags' | 'lists' | 'templates';

/**
 * Existing names of one kind from the server. Any failure yields an empty list, so the form falls
 * back to free text rather than blocking the marketer.
 */
export async function fetchNames(kind: NameKind): Promise<string[]> {
  try {
    const { items } = await request('GET', `/api/${kind}`, NameList);
    return items.map((i) => (typeof i === 'string' ? i : i.name));
  } catch {
    return [];
  }
}
