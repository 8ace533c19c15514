import { type FlowDocument, nodeName } from '@scoreflow/flow';
import type { Store } from '@scoreflow/store';

/**
 * Names for support screens, looked up once per request: a list of 500 runs of one contact and flow
 * reads that contact and flow once, not 500 times.
 */
export function createSupportNames(store: Store) {
  const emails = new Map<string, Promise<string | null>>();
  // Every flow's name in one read of the summaries (no documents): a page of runs names few flows.
  let flowNames: Promise<Map<string, string>> | undefined;
  const documents = new Map<string, Promise<FlowDocument | null>>();
  // The lookup's promise is kept, so names asked for together still read each row once.
  const remember = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
    let found = cache.get(key);
    if (!found) {
      found = load();
      cache.set(key, found);
    }
    return found;
  };
  const document = (flowId: string, version: number) =>
    remember(
      documents,
      `${flowId}@${version}`,
      async () => (await store.flows.getVersion(flowId, version))?.document ?? null,
    );
  return {
    contactEmail: (contactId: string) =>
      remember(emails, contactId, async () => (await store.contacts.get(contactId))?.email ?? null),
    async flowName(flowId: string): Promise<string | null> {
      flowNames ??= store.flows.list().then((flows) => new Map(flows.map((f) => [f.id, f.name])));
      return (await flowNames).get(flowId) ?? null;
    },
    document,
    /** "Label (Type)" of a node of a flow version; null when the version is gone. */
    async nodeLabel(flowId: string, version: number, nodeId: string): Promise<string | null> {
      const doc = await document(flowId, version);
      return doc ? nodeName(doc, nodeId).text : null;
    },
  };
}

export type SupportNames = ReturnType<typeof createSupportNames>;
