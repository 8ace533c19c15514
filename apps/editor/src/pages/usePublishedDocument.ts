import type { FlowDocument } from '@scoreflow/flow';
import { useEffect, useState } from 'react';
import { flowsApi } from '../api/flows.js';

/**
 * The document of the flow's latest published version: what a new publish is compared with.
 * Null when nothing is published; undefined while it loads or when it could not be read, so the
 * editor never claims "nothing changed" on a guess.
 */
export function usePublishedDocument(flowId: string, latestVersion: number | null) {
  const [doc, setDoc] = useState<FlowDocument | null | undefined>(undefined);
  useEffect(() => {
    if (latestVersion === null) {
      setDoc(null);
      return;
    }
    let live = true;
    setDoc(undefined);
    flowsApi
      .version(flowId, latestVersion)
      .then((v) => live && setDoc(v.document))
      .catch(() => live && setDoc(undefined));
    return () => {
      live = false;
    };
  }, [flowId, latestVersion]);
  return doc;
}
