import { diffFlows, type FlowDocument, isUnchanged } from '@scoreflow/flow';
import { useEffect, useState } from 'react';
import type { EditorStore } from '../store/editorStore.js';

/** How long the draft must stay still before it is compared again: dragging a step edits it per frame. */
const SETTLE_MS = 150;

/**
 * Whether the draft is the same as the last published version (undefined while that version is not
 * known). Compared off the render path, once edits settle, so a drag on a 500-step canvas does not
 * diff the whole flow on every pointer move.
 */
export function useDraftUnchanged(store: EditorStore, published: FlowDocument | null | undefined) {
  const [unchanged, setUnchanged] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (!published) {
      setUnchanged(published === null ? false : undefined);
      return;
    }
    const compare = () => setUnchanged(isUnchanged(diffFlows(published, store.getState().document())));
    compare();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.revision === prev.revision) return;
      clearTimeout(timer);
      timer = setTimeout(compare, SETTLE_MS);
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store, published]);
  return unchanged;
}
