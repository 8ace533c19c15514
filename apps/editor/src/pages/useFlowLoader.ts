import type { FlowSummary } from '@scoreflow/api';
import { useEffect, useState } from 'react';
import { emailApi } from '../api/email.js';
import { flowsApi } from '../api/flows.js';
import { createEditorStore, type EditorStore } from '../store/editorStore.js';

/** Loads a flow draft (or one published version, read-only) into a fresh editor store. */
export function useFlowLoader(flowId: string, version?: number) {
  const [store, setStore] = useState<EditorStore | null>(null);
  const [meta, setMeta] = useState<FlowSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      // Without the catalog the editor still validates the flow itself; publishing checks the emails.
      const catalog = emailApi.catalog().catch(() => null);
      const record = await flowsApi.get(flowId);
      const doc =
        version === undefined ? record.document : (await flowsApi.version(flowId, version)).document;
      const emailCatalog = await catalog;
      if (!live) return;
      setMeta(record);
      setStore(createEditorStore(doc, { readOnly: version !== undefined, emailCatalog }));
    })().catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [flowId, version]);
  return { store, meta, setMeta, error };
}
