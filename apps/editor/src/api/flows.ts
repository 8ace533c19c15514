import type { FlowDocument, FlowDocumentInput } from '@scoreflow/flow';
import { request } from './client.js';
import {
  DiagnosticsResponse,
  FlowList,
  FlowRecord,
  NameList,
  VersionList,
  VersionRecord,
} from './schemas.js';

const base = '/api/flows';
const enc = encodeURIComponent;

/** Typed access to the flow API; every answer is parsed with the shared schemas. */
export const flowsApi = {
  list: async () => (await request('GET', base, FlowList)).items,
  get: (id: string) => request('GET', `${base}/${enc(id)}`, FlowRecord),
  create: (input: { name?: string; document?: FlowDocumentInput }) =>
    request('POST', base, FlowRecord, input),
  save: (id: string, document: FlowDocument) =>
    request('PUT', `${base}/${enc(id)}`, FlowRecord, { document }),
  remove: (id: string) => request('DELETE', `${base}/${enc(id)}`, null),
  validate: async (document: FlowDocument) =>
    (await request('POST', `${base}/validate`, DiagnosticsResponse, document)).diagnostics,
  publish: (id: string) => request('POST', `${base}/${enc(id)}/publish`, VersionRecord),
  activate: (id: string) => request('POST', `${base}/${enc(id)}/activate`, FlowRecord),
  pause: (id: string) => request('POST', `${base}/${enc(id)}/pause`, FlowRecord),
  versions: async (id: string) => (await request('GET', `${base}/${enc(id)}/versions`, VersionList)).items,
  version: (id: string, v: number) => request('GET', `${base}/${enc(id)}/versions/${v}`, VersionRecord),
};

/** The kinds of names the config panel can suggest. */
export type NameKind = 'scores' | 'tags' | 'lists' | 'templates';

/**
 * Existing names of one kind from the server. The endpoints are optional: any failure (404 while
 * they do not exist yet) yields an empty list so the form falls back to free text.
 */
export async function fetchNames(kind: NameKind): Promise<string[]> {
  try {
    const { items } = await request('GET', `/api/${kind}`, NameList);
    return items.map((i) => (typeof i === 'string' ? i : i.name));
  } catch {
    return [];
  }
}
