import {
  type Diagnostic,
  emptyFlowDocument,
  type FlowDocument,
  hasErrors,
  MAX_EDGES,
  MAX_NODES,
  parseFlowDocument,
} from '@scoreflow/flow';
import { triggerIndexRows } from '@scoreflow/runtime';
import type { FlowRecord, FlowVersionRecord, Store } from '@scoreflow/store';
import { AppError, notFound, toJsonPointer } from '../http/errors.js';
import { diagnoseFlow } from './emailCatalog.js';

/** A draft as the API shows it: the stored record plus what validation says about it now. */
export type FlowView = FlowRecord & { diagnostics: Diagnostic[] };

/** Diagnostics as problem `errors` entries, each pointing into the document. */
export function diagnosticsAsProblemErrors(diagnostics: Diagnostic[]) {
  return diagnostics.map((d) => ({
    pointer: toJsonPointer(d.path ?? []),
    code: d.code,
    message: d.message,
    severity: d.severity,
    nodeId: d.nodeId,
    edgeId: d.edgeId,
  }));
}

/**
 * Drafts may hold errors, but not any size: a document over the node or edge limit could never be
 * published, and storing it would let one request fill the database. Counted before the (much
 * costlier) shape check.
 */
export function refuseOversized(input: unknown): void {
  const doc = input as { nodes?: unknown; edges?: unknown } | null;
  if (doc === null || typeof doc !== 'object') return;
  const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);
  const problems = [
    { what: 'nodes', count: count(doc.nodes), max: MAX_NODES },
    { what: 'edges', count: count(doc.edges), max: MAX_EDGES },
  ].filter((p) => p.count > p.max);
  if (problems.length === 0) return;
  throw new AppError(
    'payload_too_large',
    `The flow document is too large: ${problems.map((p) => `${p.count} ${p.what} (at most ${p.max})`).join(', ')}`,
    problems.map((p) => ({
      pointer: `/document/${p.what}`,
      code: p.what === 'nodes' ? 'too_many_nodes' : 'too_many_edges',
      message: `At most ${p.max} ${p.what}; this document has ${p.count}`,
    })),
  );
}

/**
 * Drafts may hold errors (a marketer saves half-built flows), but they must have the document's shape
 * so that the editor can always open them again.
 */
function requireShape(input: unknown): FlowDocument {
  refuseOversized(input);
  const parsed = parseFlowDocument(input);
  if (parsed.ok) return parsed.document;
  throw new AppError(
    'validation_failed',
    `The flow document is malformed (${parsed.diagnostics.length} problem(s))`,
    diagnosticsAsProblemErrors(parsed.diagnostics).map((e) => ({ ...e, pointer: `/document${e.pointer}` })),
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The body of `POST /api/flows` and `/api/flows/validate`, either shape: `{ name?, document? }` (the
 * documented one) or the bare document, told apart by its own fields. Clients send what the other
 * route took, so both routes take both.
 */
export function flowInput(body: unknown): { name?: unknown; document?: unknown } {
  const bare =
    isObject(body) &&
    !('document' in body) &&
    ('schemaVersion' in body || 'nodes' in body || 'settings' in body);
  if (bare || !isObject(body)) return { document: body };
  return {
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.document === undefined ? {} : { document: body.document }),
  };
}

/**
 * The document with `name` as its `settings.name`, so `{ name, document }` need not say the name twice;
 * anything that is not an object is left for the document's validation to refuse.
 */
export function withName(document: unknown, name: string | undefined): unknown {
  if (name === undefined || !isObject(document)) return document;
  const settings = isObject(document.settings) ? document.settings : {};
  return { ...document, settings: { ...settings, name } };
}

export function createFlowService(store: Store) {
  const withDiagnostics = async (flow: FlowRecord): Promise<FlowView> => ({
    ...flow,
    diagnostics: await diagnoseFlow(store, flow.document),
  });

  const getOr404 = async (id: string) => {
    const flow = await store.flows.get(id);
    if (!flow) throw notFound(`Flow ${id}`);
    return flow;
  };

  /** Points the trigger index at the latest published version while the flow is active. */
  const reindex = async (flow: FlowRecord) => {
    if (flow.status !== 'active' || flow.latestVersion === null) {
      await store.triggers.clearForFlow(flow.id);
      return;
    }
    const version = await store.flows.getVersion(flow.id, flow.latestVersion);
    if (!version)
      throw new AppError('internal', `Version ${flow.latestVersion} of flow ${flow.id} is missing`);
    await store.triggers.replaceForFlow(flow.id, version.version, triggerIndexRows(version.document));
  };

  return {
    list: () => store.flows.list(),
    /** Every diagnostic of a document, the installation's templates included. */
    diagnose: (document: unknown) => diagnoseFlow(store, document),
    get: async (id: string): Promise<FlowView> => withDiagnostics(await getOr404(id)),

    async create(input: { name?: string | undefined; document?: unknown }): Promise<FlowView> {
      const document =
        input.document === undefined
          ? emptyFlowDocument(input.name ?? 'Untitled flow')
          : requireShape(withName(input.document, input.name));
      return withDiagnostics(await store.flows.create({ document }));
    },

    async updateDraft(id: string, documentInput: unknown): Promise<FlowView> {
      await getOr404(id);
      const updated = await store.flows.updateDraft(id, requireShape(documentInput));
      if (!updated) throw notFound(`Flow ${id}`);
      return withDiagnostics(updated);
    },

    async delete(id: string): Promise<void> {
      if (!(await store.flows.delete(id))) throw notFound(`Flow ${id}`);
    },

    /** Freezes the current draft as a new immutable version; refused with every diagnostic when it has errors. */
    publish(id: string): Promise<FlowVersionRecord> {
      return store.transaction(async () => {
        const flow = await getOr404(id);
        const diagnostics = await diagnoseFlow(store, flow.document);
        if (hasErrors(diagnostics)) {
          const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
          throw new AppError(
            'flow_invalid',
            `The flow cannot be published: ${errorCount} error(s) must be fixed first`,
            diagnosticsAsProblemErrors(diagnostics),
          );
        }
        const version = await store.flows.publish(id, flow.document);
        if (!version) throw notFound(`Flow ${id}`);
        await reindex(await getOr404(id));
        return version;
      });
    },

    async listVersions(id: string) {
      await getOr404(id);
      return store.flows.listVersions(id);
    },

    async getVersion(id: string, version: number) {
      const found = await store.flows.getVersion(id, version);
      if (!found) throw notFound(`Version ${version} of flow ${id}`);
      return found;
    },

    setStatus(id: string, status: 'active' | 'paused'): Promise<FlowView> {
      return store.transaction(async () => {
        const flow = await getOr404(id);
        if (status === 'active' && flow.latestVersion === null) {
          throw new AppError(
            'conflict',
            'Publish the flow before activating it: it has no published version yet',
          );
        }
        const updated = await store.flows.setStatus(id, status);
        if (!updated) throw notFound(`Flow ${id}`);
        await reindex(updated);
        return withDiagnostics(updated);
      });
    },
  };
}

export type FlowService = ReturnType<typeof createFlowService>;
