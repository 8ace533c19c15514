import { type FlowDocument, nodeName } from '@scoreflow/flow';
import type { Store } from '@scoreflow/store';

/**
 * Names for support screens, looked up once per request: a list of 500 runs of one contact and flow
 * reads that contact and flow once, not 500 times.
 */
export function createSupportNames(store: Store) {
  const emails = new Map<string, string | null>();
  // Every flow's name in one read of the summaries (no documents): a page of runs names few flows.
  let flowNames: Map<string, string> | undefined;
  const documents = new Map<string, FlowDocument | null>();
  const remember = <T>(cache: Map<string, T>, key: string, load: () => T): T => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key) as T;
  };
  const document = (flowId: string, version: number) =>
    remember(
      documents,
      `${flowId}@${version}`,
      () => store.flows.getVersion(flowId, version)?.document ?? null,
    );
  return {
    contactEmail: (contactId: string) =>
      remember(emails, contactId, () => store.contacts.get(contactId)?.email ?? null),
    flowName(flowId: string): string | null {
      flowNames ??= new Map(store.flows.list().map((f) => [f.id, f.name]));
      return flowNames.get(flowId) ?? null;
    },
    document,
    /** "Label (Type)" of a node of a flow version; null when the version is gone. */
    nodeLabel(flowId: string, version: number, nodeId: string): string | null {
      const doc = document(flowId, version);
      return doc ? nodeName(doc, nodeId).text : null;
    },
  };
}

export type SupportNames = ReturnType<typeof createSupportNames>;
